using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;

namespace Rampart.Identity.Tests;

public sealed class DiceDerivationTests
{
    private static readonly byte[] Uds = Enumerable.Range(0, 64).Select(i => (byte)(0xA0 ^ i)).ToArray();
    private static readonly byte[] FieldEntropy = Enumerable.Range(0, 32).Select(i => (byte)(0x5C + i)).ToArray();

    [Fact]
    public void Idevid_keys_follow_the_caliptra_labels_step_by_step()
    {
        using var engines = TestChains.Engines();
        using var source = new SoftwareDiceKeySource(engines);
        var idev = DiceDerivation.DeriveIdevId(source, source.Import(Uds));

        var cdi = new byte[64];
        engines.Kdf.CaliptraHmacKdf(Uds, "idevid_cdi"u8, [], cdi);
        var eccSeed = new byte[64];
        engines.Kdf.CaliptraHmacKdf(cdi, "idevid_ecc_key"u8, [], eccSeed);
        var priv = new byte[P384.PrivateKeySize];
        var pub = new byte[P384.PublicKeySize];
        engines.Ecc.DeriveKeyPair(eccSeed.AsSpan(0, 48), priv, pub);
        Assert.Equal(pub, idev.Ecc.PublicKey.ToArray());

        var mlDsaSeed = new byte[64];
        engines.Kdf.CaliptraHmacKdf(cdi, "idevid_mldsa_key"u8, [], mlDsaSeed);
        var mlPriv = new byte[MlDsa87.PrivateKeySize];
        var mlPub = new byte[MlDsa87.PublicKeySize];
        engines.MlDsa.DeriveKeyPair(mlDsaSeed.AsSpan(0, 32), mlPriv, mlPub);
        Assert.Equal(mlPub, idev.MlDsa.PublicKey.ToArray());
    }

    [Fact]
    public void Ldevid_cdi_is_two_hmac_steps_then_the_field_entropy()
    {
        using var engines = TestChains.Engines();
        using var source = new SoftwareDiceKeySource(engines);
        var idev = DiceDerivation.DeriveIdevId(source, source.Import(Uds));
        var ldev = DiceDerivation.DeriveLdevId(source, idev, source.Import(FieldEntropy));

        var cdi = new byte[64];
        engines.Kdf.CaliptraHmacKdf(Uds, "idevid_cdi"u8, [], cdi);
        var step = new byte[64];
        engines.Hmac.Mac(ShaAlgorithm.Sha512, cdi, "ldevid_cdi"u8, step);
        var ldevCdi = new byte[64];
        engines.Hmac.Mac(ShaAlgorithm.Sha512, step, FieldEntropy, ldevCdi);
        var seed = new byte[64];
        engines.Kdf.CaliptraHmacKdf(ldevCdi, "ldevid_ecc_key"u8, [], seed);
        var priv = new byte[P384.PrivateKeySize];
        var pub = new byte[P384.PublicKeySize];
        engines.Ecc.DeriveKeyPair(seed.AsSpan(0, 48), priv, pub);
        Assert.Equal(pub, ldev.Ecc.PublicKey.ToArray());
    }

    [Fact]
    public void Alias_keys_change_with_the_measurements_and_only_with_them()
    {
        using var engines = TestChains.Engines();
        var pcrA = TestChains.Digest("pcr0 a");
        var pcrB = TestChains.Digest("pcr0 b");
        var runtime = TestChains.Digest("runtime");
        var manifest = TestChains.Digest("manifest");

        byte[] FmcKey(byte[] pcr0, out byte[] rtKey)
        {
            using var source = new SoftwareDiceKeySource(engines);
            var idev = DiceDerivation.DeriveIdevId(source, source.Import(Uds));
            var ldev = DiceDerivation.DeriveLdevId(source, idev, source.Import(FieldEntropy));
            var fmc = DiceDerivation.DeriveFmcAlias(source, ldev, pcr0);
            var rt = DiceDerivation.DeriveRtAlias(source, fmc, runtime, manifest);
            rtKey = rt.Ecc.PublicKey.ToArray();
            return fmc.Ecc.PublicKey.ToArray();
        }

        var a1 = FmcKey(pcrA, out var rtA1);
        var a2 = FmcKey(pcrA, out var rtA2);
        var b = FmcKey(pcrB, out var rtB);
        Assert.Equal(a1, a2);
        Assert.Equal(rtA1, rtA2);
        Assert.NotEqual(a1, b);
        Assert.NotEqual(rtA1, rtB);
    }

    [Fact]
    public void Consumed_secrets_are_erased()
    {
        using var engines = TestChains.Engines();
        using var source = new SoftwareDiceKeySource(engines);
        var uds = source.Import(Uds);
        var idev = DiceDerivation.DeriveIdevId(source, uds);
        Assert.Throws<ArgumentException>(() => source.Kdf(uds, "x"u8, []));
        var fe = source.Import(FieldEntropy);
        DiceDerivation.DeriveLdevId(source, idev, fe);
        Assert.Throws<ArgumentException>(() => source.Kdf(idev.Cdi, "x"u8, []));
        Assert.Throws<ArgumentException>(() => source.Kdf(fe, "x"u8, []));
    }

    [Fact]
    public void Pcr0_is_the_four_extends_of_the_rom()
    {
        using var engines = TestChains.Engines();
        var fmc = TestChains.SampleFmc();
        var pcr0 = new byte[48];
        fmc.ComputePcr0(engines.Sha, pcr0);

        var expected = new byte[48];
        byte[] state = [3, 1, 0, 0, 5, 5, 1, 1, 1];
        foreach (var data in new[] { state, fmc.VendorKeyHash.ToArray(), fmc.OwnerKeyHash.ToArray(), fmc.FmcDigest.ToArray() })
        {
            expected = System.Security.Cryptography.SHA384.HashData([.. expected, .. data]);
        }

        Assert.Equal(expected, pcr0);
        var other = TestChains.SampleFmc("another fmc");
        var pcr0Other = new byte[48];
        other.ComputePcr0(engines.Sha, pcr0Other);
        Assert.NotEqual(pcr0, pcr0Other);
    }

    [Fact]
    public void A_software_signer_signs_what_the_engine_verifies()
    {
        using var engines = TestChains.Engines();
        using var signer = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, new byte[48]);
        var signature = new byte[96];
        signer.Sign("message"u8, signature);
        var digest = System.Security.Cryptography.SHA384.HashData("message"u8);
        Assert.Equal(Verdict.Valid, engines.Ecc.Verify(signer.PublicKey, digest, signature));
        signature[10] ^= 1;
        Assert.Equal(Verdict.Invalid, engines.Ecc.Verify(signer.PublicKey, digest, signature));
    }
}
