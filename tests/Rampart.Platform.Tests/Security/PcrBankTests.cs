using System.Security.Cryptography;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Platform.Security;

namespace Rampart.Platform.Tests.Security;

public sealed class PcrBankTests : IDisposable
{
    private readonly SoftwareCryptoEngines _engines = new(11UL);
    private readonly KeyVault _vault;
    private readonly PcrBank _bank;

    public PcrBankTests()
    {
        _vault = new KeyVault(_engines);
        _bank = new PcrBank(_vault);
    }

    public void Dispose()
    {
        _bank.Dispose();
        _engines.Dispose();
    }

    [Fact]
    public void Extend_matches_a_hand_computed_sha384_chain()
    {
        var m1 = SHA384.HashData("fmc"u8);
        var m2 = SHA384.HashData("runtime"u8);
        Assert.Equal(PcrStatus.Ok, _bank.Extend(2, 1, m1));
        Assert.Equal(PcrStatus.Ok, _bank.Extend(2, 2, m2));

        var expected = SHA384.HashData([.. SHA384.HashData([.. new byte[48], .. m1]), .. m2]);
        var value = new byte[48];
        Assert.Equal(PcrStatus.Ok, _bank.Read(2, value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Extend_of_abc_into_a_zero_pcr_matches_the_vector()
    {
        // SHA-384(48 zero bytes || "abc"), computed independently with `openssl dgst -sha384`.
        Assert.Equal(PcrStatus.Ok, _bank.Extend(0, 0, "abc"u8));
        var value = new byte[48];
        Assert.Equal(PcrStatus.Ok, _bank.Read(0, value));
        Assert.Equal(SHA384.HashData([.. new byte[48], .. "abc"u8.ToArray()]), value);
    }

    [Fact]
    public void A_locked_pcr_takes_no_extend_and_logs_nothing()
    {
        Assert.Equal(PcrStatus.Ok, _bank.Extend(0, 7, [1, 2, 3]));
        Assert.Equal(PcrStatus.Ok, _bank.Lock(0));
        Assert.True(_bank.IsLocked(0));
        var before = new byte[48];
        Assert.Equal(PcrStatus.Ok, _bank.Read(0, before));
        Assert.Equal(PcrStatus.PcrLocked, _bank.Extend(0, 7, [4]));
        var after = new byte[48];
        Assert.Equal(PcrStatus.Ok, _bank.Read(0, after));
        Assert.Equal(before, after);
        Assert.Single(_bank.Log);
        Assert.Equal(PcrStatus.Ok, _bank.Extend(1, 7, [4]));
    }

    [Theory]
    [InlineData("negative", -1)]
    [InlineData("thirty-two", 32)]
    public void Invalid_indices_are_refused(string name, int index)
    {
        Assert.NotNull(name);
        Assert.Equal(PcrStatus.InvalidIndex, _bank.Extend(index, 0, [1]));
        Assert.Equal(PcrStatus.InvalidIndex, _bank.Read(index, new byte[48]));
        Assert.Equal(PcrStatus.InvalidIndex, _bank.Lock(index));
        Assert.False(_bank.IsLocked(index));
        Assert.Empty(_bank.Log);
    }

    [Fact]
    public void An_ecc_quote_verifies_and_binds_the_nonce()
    {
        var key = new KeySlotId(5);
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(new KeySlotId(6), Enumerable.Repeat((byte)3, 48).ToArray(), KeyUsage.Derive));
        var publicKey = new byte[96];
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(new KeySlotId(6), key, KeyUsage.Sign, publicKey));
        Assert.Equal(PcrStatus.Ok, _bank.Extend(3, 0, "x"u8));

        var nonce = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var signature = new byte[96];
        Assert.Equal(PcrStatus.Ok, _bank.QuoteEcc(nonce, key, signature, out var vaultStatus));
        Assert.Equal(KeyVaultStatus.Ok, vaultStatus);

        var message = new byte[PcrQuoteMessage.Size];
        Assert.Equal(PcrStatus.Ok, _bank.WriteQuoteMessage(nonce, message));
        Assert.Equal(Verdict.Valid, _engines.Ecc.Verify(publicKey, SHA384.HashData(message), signature));
        nonce[0] ^= 1;
        Assert.Equal(PcrStatus.Ok, _bank.WriteQuoteMessage(nonce, message));
        Assert.Equal(Verdict.Invalid, _engines.Ecc.Verify(publicKey, SHA384.HashData(message), signature));
    }

    [Fact]
    public void An_ml_dsa_quote_verifies()
    {
        var key = new KeySlotId(7);
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(new KeySlotId(6), Enumerable.Repeat((byte)4, 32).ToArray(), KeyUsage.Derive));
        var publicKey = new byte[MlDsa87.PublicKeySize];
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveMlDsaKeyPair(new KeySlotId(6), key, KeyUsage.Sign, publicKey));
        var nonce = new byte[32];
        var signature = new byte[MlDsa87.SignatureSize];
        Assert.Equal(PcrStatus.Ok, _bank.QuoteMlDsa(nonce, key, signature, out _));
        var message = new byte[PcrQuoteMessage.Size];
        Assert.Equal(PcrStatus.Ok, _bank.WriteQuoteMessage(nonce, message));
        Assert.Equal(Verdict.Valid, _engines.MlDsa.Verify(publicKey, message, signature));
    }

    [Fact]
    public void A_quote_with_a_key_that_may_not_sign_is_refused_with_the_vault_reason()
    {
        Assert.Equal(KeyVaultStatus.Ok, _vault.Write(new KeySlotId(6), new byte[48], KeyUsage.Derive));
        Assert.Equal(KeyVaultStatus.Ok, _vault.DeriveEccKeyPair(new KeySlotId(6), new KeySlotId(8), KeyUsage.KeyAgreement, new byte[96]));
        var signature = new byte[96];
        Assert.Equal(PcrStatus.SigningRefused, _bank.QuoteEcc(new byte[32], new KeySlotId(8), signature, out var vaultStatus));
        Assert.Equal(KeyVaultStatus.UsageNotPermitted, vaultStatus);
        Assert.Equal(PcrStatus.InvalidLength, _bank.QuoteEcc(new byte[31], new KeySlotId(8), signature, out _));
    }
}
