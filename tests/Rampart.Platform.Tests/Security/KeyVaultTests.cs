using System.Reflection;
using System.Security.Cryptography;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Platform.Security;

namespace Rampart.Platform.Tests.Security;

public sealed class KeyVaultTests : IDisposable
{
    private static readonly KeySlotId Cdi = new(0);
    private static readonly KeySlotId Seed = new(1);
    private static readonly KeySlotId EccKey = new(2);
    private static readonly KeySlotId MlDsaKey = new(3);
    private static readonly KeySlotId Spare = new(4);

    private readonly SoftwareCryptoEngines _engines = new(42UL);
    private readonly KeyVault _vault;

    public KeyVaultTests() => _vault = new KeyVault(_engines);

    public void Dispose() => _engines.Dispose();

    private void WriteCdi(KeyUsage usage = KeyUsage.Derive) =>
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(Cdi, Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(), usage));

    [Fact]
    public void Kdf_into_a_slot_matches_the_engine_and_the_result_is_usable()
    {
        WriteCdi();
        Assert.Equal(KeyVaultStatus.Ok, _vault.HmacKdf(Cdi, "idevid_ecc_key"u8, default, Seed, KeyUsage.Derive));
        var publicKey = new byte[P384.PublicKeySize];
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(Seed, EccKey, KeyUsage.Sign, publicKey));

        var expectedSeed = new byte[64];
        _engines.Kdf.CaliptraHmacKdf(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(), "idevid_ecc_key"u8, default, expectedSeed);
        var expectedPrivate = new byte[P384.PrivateKeySize];
        var expectedPublic = new byte[P384.PublicKeySize];
        _engines.Ecc.DeriveKeyPair(expectedSeed, expectedPrivate, expectedPublic);
        Assert.Equal(expectedPublic, publicKey);

        var digest = SHA384.HashData("message"u8);
        var signature = new byte[P384.SignatureSize];
        Assert.Equal(KeyVaultStatus.Ok, _vault.SignEcc(EccKey, digest, signature));
        Assert.Equal(Verdict.Valid, _engines.Ecc.Verify(publicKey, digest, signature));
        Assert.True(_vault.GetSlotInfo(EccKey, out var info).IsOk());
        Assert.Equal(new KeySlotInfo(EccKey, KeySlotContent.EccP384PrivateKey, KeyUsage.Sign, KeySlotLocks.None, P384.PrivateKeySize), info);
    }

    [Fact]
    public void Ml_dsa_keys_sign_and_verify()
    {
        WriteCdi();
        var publicKey = new byte[MlDsa87.PublicKeySize];
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveMlDsaKeyPair(Cdi, MlDsaKey, KeyUsage.Sign, publicKey));
        var signature = new byte[MlDsa87.SignatureSize];
        Assert.Equal(KeyVaultStatus.Ok, _vault.SignMlDsa(MlDsaKey, "tbs"u8, signature));
        Assert.Equal(Verdict.Valid, _engines.MlDsa.Verify(publicKey, "tbs"u8, signature));
        var again = new byte[MlDsa87.PublicKeySize];
        Assert.Equal(KeyVaultStatus.Ok, _vault.GetPublicKey(MlDsaKey, again, out var written));
        Assert.Equal(MlDsa87.PublicKeySize, written);
        Assert.Equal(publicKey, again);
    }

    [Fact]
    public void Use_without_the_right_usage_is_refused()
    {
        WriteCdi(KeyUsage.Encrypt);
        var publicKey = new byte[P384.PublicKeySize];
        Array.Fill(publicKey, (byte)0xEE);
        Assert.Equal(KeyVaultStatus.UsageNotPermitted, _vault.HmacKdf(Cdi, "x"u8, default, Seed, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.UsageNotPermitted, _vault.DeriveEccKeyPair(Cdi, EccKey, KeyUsage.Sign, publicKey));
        Assert.All(publicKey, b => Assert.Equal(0, b));
        Assert.True(_vault.GetSlotInfo(Seed, out var seedInfo).IsOk());
        Assert.Equal(KeySlotContent.Empty, seedInfo.Content);

        WriteCdi();
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(Cdi, EccKey, KeyUsage.KeyAgreement, publicKey));
        var signature = new byte[P384.SignatureSize];
        Assert.Equal(KeyVaultStatus.UsageNotPermitted, _vault.SignEcc(EccKey, new byte[48], signature));
        Assert.Equal(KeyVaultStatus.UsageNotPermitted, _vault.AesGcmEncrypt(Cdi, new byte[12], "p"u8, default, new byte[1], new byte[16]));
    }

    [Fact]
    public void Writing_a_write_locked_slot_is_refused_and_changes_nothing()
    {
        WriteCdi();
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(Seed, new byte[48], KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, _vault.LockWrite(Seed));
        Assert.Equal(KeyVaultStatus.SlotWriteLocked, _vault.Write(Seed, new byte[] { 1 }, KeyUsage.Sign));
        Assert.Equal(KeyVaultStatus.SlotWriteLocked, _vault.HmacKdf(Cdi, "l"u8, default, Seed, KeyUsage.Sign));
        Assert.Equal(KeyVaultStatus.SlotWriteLocked, _vault.DeriveEccKeyPair(Cdi, Seed, KeyUsage.Sign, new byte[96]));
        Assert.Equal(KeyVaultStatus.SlotWriteLocked, _vault.Zeroize(Seed));
        Assert.True(_vault.GetSlotInfo(Seed, out var info).IsOk());
        Assert.Equal(new KeySlotInfo(Seed, KeySlotContent.Secret, KeyUsage.Derive, KeySlotLocks.WriteLocked, 48), info);
    }

    [Fact]
    public void A_use_locked_slot_cannot_be_used()
    {
        WriteCdi(KeyUsage.Derive | KeyUsage.Encrypt);
        Assert.Equal(KeyVaultStatus.Ok, _vault.LockUse(Cdi));
        Assert.Equal(KeyVaultStatus.SlotUseLocked, _vault.HmacKdf(Cdi, "l"u8, default, Seed, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.SlotUseLocked, _vault.Hmac512(Cdi, "d"u8, Seed, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(Spare, new byte[32], KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.SlotUseLocked, _vault.Hmac512FromSlot(Spare, Cdi, Seed, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.SlotUseLocked, _vault.AesGcmEncrypt(Cdi, new byte[12], default, default, default, new byte[16]));
        Assert.Equal(KeyVaultStatus.SlotUseLocked, _vault.DeriveMlDsaKeyPair(Cdi, MlDsaKey, KeyUsage.Sign, new byte[MlDsa87.PublicKeySize]));
    }

    [Theory]
    [InlineData("slot 24 is past the end", 24)]
    [InlineData("slot 255", 255)]
    public void Invalid_slots_are_named_errors(string name, int slot)
    {
        Assert.NotNull(name);
        var id = new KeySlotId((byte)slot);
        Assert.Equal(KeyVaultStatus.InvalidSlot, _vault.Write(id, new byte[1], KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.InvalidSlot, _vault.SignEcc(id, new byte[48], new byte[96]));
        Assert.Equal(KeyVaultStatus.InvalidSlot, _vault.LockUse(id));
        Assert.Equal(KeyVaultStatus.InvalidSlot, _vault.Zeroize(id));
        Assert.Equal(KeyVaultStatus.InvalidSlot, _vault.GetSlotInfo(id, out _));
    }

    [Fact]
    public void Bad_requests_are_named_errors_not_exceptions()
    {
        WriteCdi(KeyUsage.Derive | KeyUsage.Encrypt);
        Assert.Equal(KeyVaultStatus.InvalidLength, _vault.Write(Seed, new byte[65], KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.InvalidLength, _vault.Write(Seed, default, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.InvalidUsage, _vault.Write(Seed, new byte[8], (KeyUsage)0x100));
        Assert.Equal(KeyVaultStatus.SlotEmpty, _vault.SignEcc(Spare, new byte[48], new byte[96]));
        Assert.Equal(KeyVaultStatus.WrongKeyType, _vault.SignEcc(Cdi, new byte[48], new byte[96]));
        Assert.Equal(KeyVaultStatus.BufferTooSmall, _vault.DeriveEccKeyPair(Cdi, EccKey, KeyUsage.Sign, new byte[95]));
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(Cdi, EccKey, KeyUsage.Sign | KeyUsage.KeyAgreement, new byte[96]));
        Assert.Equal(KeyVaultStatus.InvalidLength, _vault.SignEcc(EccKey, new byte[47], new byte[96]));
        Assert.Equal(KeyVaultStatus.InvalidLength, _vault.Ecdh(EccKey, new byte[95], Spare, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.InvalidPeerKey, _vault.Ecdh(EccKey, new byte[96], Spare, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.InvalidLength, _vault.AesGcmEncrypt(Cdi, new byte[11], default, default, default, new byte[16]));
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(Seed, new byte[16], KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.SeedTooShort, _vault.DeriveEccKeyPair(Seed, EccKey, KeyUsage.Sign, new byte[96]));
    }

    [Fact]
    public void Ecdh_puts_the_same_secret_in_both_vaults()
    {
        using var otherEngines = new SoftwareCryptoEngines(7UL);
        var other = new KeyVault(otherEngines);
        var ourPublic = new byte[96];
        var theirPublic = new byte[96];
        Assert.Equal(KeyVaultStatus.Ok, _vault.GenerateEccKeyPair(EccKey, KeyUsage.KeyAgreement, ourPublic));
        Assert.Equal(KeyVaultStatus.Ok, other.GenerateEccKeyPair(EccKey, KeyUsage.KeyAgreement, theirPublic));
        Assert.Equal(KeyVaultStatus.Ok, _vault.Ecdh(EccKey, theirPublic, Spare, KeyUsage.Encrypt));
        Assert.Equal(KeyVaultStatus.Ok, other.Ecdh(EccKey, ourPublic, Spare, KeyUsage.Encrypt));

        var nonce = new byte[12];
        var ciphertext = new byte[5];
        var tag = new byte[16];
        Assert.Equal(KeyVaultStatus.Ok, _vault.AesGcmEncrypt(Spare, nonce, "hello"u8, default, ciphertext, tag));
        var plaintext = new byte[5];
        Assert.Equal(KeyVaultStatus.Ok, other.AesGcmDecrypt(Spare, nonce, ciphertext, tag, default, plaintext));
        Assert.Equal("hello"u8.ToArray(), plaintext);
    }

    [Fact]
    public void Aes_gcm_round_trips_and_a_flipped_tag_bit_fails()
    {
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(Spare, Enumerable.Repeat((byte)7, 32).ToArray(), KeyUsage.Encrypt));
        var nonce = new byte[12];
        var ciphertext = new byte[5];
        var tag = new byte[16];
        Assert.Equal(KeyVaultStatus.Ok, _vault.AesGcmEncrypt(Spare, nonce, "hello"u8, "ad"u8, ciphertext, tag));
        var plaintext = new byte[5];
        Assert.Equal(KeyVaultStatus.Ok, _vault.AesGcmDecrypt(Spare, nonce, ciphertext, tag, "ad"u8, plaintext));
        Assert.Equal("hello"u8.ToArray(), plaintext);
        tag[0] ^= 1;
        Assert.Equal(KeyVaultStatus.AuthenticationFailed, _vault.AesGcmDecrypt(Spare, nonce, ciphertext, tag, "ad"u8, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Hmac_from_slot_mixes_in_the_second_secret()
    {
        WriteCdi();
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(Spare, Enumerable.Repeat((byte)0x33, 32).ToArray(), KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, _vault.Hmac512FromSlot(Cdi, Spare, Seed, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, _vault.Hmac512(Cdi, Enumerable.Repeat((byte)0x33, 32).ToArray(), MlDsaKey, KeyUsage.Derive));
        var a = new byte[96];
        var b = new byte[96];
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(Seed, EccKey, KeyUsage.Sign, a));
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(MlDsaKey, EccKey, KeyUsage.Sign, b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Zeroize_all_clears_slots_and_locks()
    {
        WriteCdi();
        Assert.Equal(KeyVaultStatus.Ok, _vault.LockWrite(Cdi));
        Assert.Equal(KeyVaultStatus.Ok, _vault.LockUse(Cdi));
        _vault.ZeroizeAll();
        Assert.True(_vault.GetSlotInfo(Cdi, out var info).IsOk());
        Assert.Equal(new KeySlotInfo(Cdi, KeySlotContent.Empty, KeyUsage.None, KeySlotLocks.None, 0), info);
        Assert.Equal(1, _vault.ZeroizeCount);
    }

    [Fact]
    public void Same_seed_gives_the_same_ephemeral_key()
    {
        using var a = new SoftwareCryptoEngines(9UL);
        using var b = new SoftwareCryptoEngines(9UL);
        var ka = new byte[96];
        var kb = new byte[96];
        Assert.Equal(KeyVaultStatus.Ok, new KeyVault(a).GenerateEccKeyPair(EccKey, KeyUsage.KeyAgreement, ka));
        Assert.Equal(KeyVaultStatus.Ok, new KeyVault(b).GenerateEccKeyPair(EccKey, KeyUsage.KeyAgreement, kb));
        Assert.Equal(ka, kb);
    }

    [Fact]
    public void No_key_vault_member_can_return_private_key_material()
    {
        // Outputs are only: statuses, slot descriptions, and spans named for public values.
        var allowedOutputs = new HashSet<string>(StringComparer.Ordinal) { "publicKey", "signature", "ciphertext", "tag", "plaintext" };
        var allowedReturns = new HashSet<Type> { typeof(KeyVaultStatus) };
        foreach (var member in typeof(IKeyVault).GetMembers())
        {
            var method = Assert.IsAssignableFrom<MethodInfo>(member);
            Assert.Contains(method.ReturnType, allowedReturns);
            foreach (var parameter in method.GetParameters())
            {
                var type = parameter.ParameterType;
                if (type == typeof(Span<byte>))
                {
                    Assert.Contains(parameter.Name!, allowedOutputs);
                }
                else if (parameter.IsOut)
                {
                    Assert.True(type.GetElementType() == typeof(KeySlotInfo) || type.GetElementType() == typeof(int), $"{method.Name}.{parameter.Name}");
                }
                else
                {
                    Assert.True(type == typeof(ReadOnlySpan<byte>) || type == typeof(KeySlotId) || type == typeof(KeyUsage), $"{method.Name}.{parameter.Name}: {type}");
                }
            }
        }

        foreach (var field in typeof(KeySlotInfo).GetProperties())
        {
            Assert.NotEqual(typeof(byte[]), field.PropertyType);
            Assert.NotEqual(typeof(ReadOnlyMemory<byte>), field.PropertyType);
        }

        // The implementation's public surface adds nothing that hands out bytes either.
        foreach (var method in typeof(KeyVault).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            Assert.NotEqual(typeof(byte[]), method.ReturnType);
            Assert.NotEqual(typeof(ReadOnlySpan<byte>), method.ReturnType);
            Assert.NotEqual(typeof(ReadOnlyMemory<byte>), method.ReturnType);
        }
    }

}

public sealed class FuseSecretLoadingTests : IDisposable
{
    private readonly SoftwareCryptoEngines _engines = new(3UL);

    public void Dispose() => _engines.Dispose();

    [Fact]
    public void The_uds_goes_from_fuses_into_the_vault_and_derives_like_the_raw_value()
    {
        var fuses = new OtpFuseController();
        var uds = Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray();
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.UdsSeed, 0, uds));
        Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.UdsSeed));
        var vault = new KeyVault(_engines);
        Assert.Equal(FuseStatus.Ok, fuses.LoadSecret(FusePartition.UdsSeed, vault, new KeySlotId(0), KeyUsage.Derive));
        Assert.Equal(FuseStatus.UnknownPartition, fuses.LoadSecret(FusePartition.OwnerKeys, vault, new KeySlotId(1), KeyUsage.Derive));

        Assert.Equal(KeyVaultStatus.Ok, vault.HmacKdf(new KeySlotId(0), "idevid_cdi"u8, default, new KeySlotId(2), KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, vault.Write(new KeySlotId(3), uds, KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, vault.HmacKdf(new KeySlotId(3), "idevid_cdi"u8, default, new KeySlotId(4), KeyUsage.Derive));
        var a = new byte[96];
        var b = new byte[96];
        Assert.Equal(KeyVaultStatus.Ok, vault.DeriveEccKeyPair(new KeySlotId(2), new KeySlotId(5), KeyUsage.Sign, a));
        Assert.Equal(KeyVaultStatus.Ok, vault.DeriveEccKeyPair(new KeySlotId(4), new KeySlotId(6), KeyUsage.Sign, b));
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_write_locked_slot_makes_loading_fail_with_a_named_error()
    {
        var fuses = new OtpFuseController();
        var vault = new KeyVault(_engines);
        Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.FieldEntropy, 0, [1]));
        Assert.Equal(KeyVaultStatus.Ok, vault.LockWrite(new KeySlotId(0)));
        Assert.Equal(FuseStatus.KeyVaultRefused, fuses.LoadSecret(FusePartition.FieldEntropy, vault, new KeySlotId(0), KeyUsage.Derive));
    }
}
