using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class SoftwareCryptoEnginesTests
{
    /// <summary>Derives keys and signatures the way a chip run does: everything from the DRBG.</summary>
    private static byte[] Run(ulong seed)
    {
        using var engines = new SoftwareCryptoEngines(seed);
        byte[] eccSeed = new byte[48];
        byte[] mlDsaSeed = new byte[32];
        byte[] kemSeed = new byte[64];
        byte[] m = new byte[32];
        engines.Drbg.Generate(eccSeed);
        engines.Drbg.Generate(mlDsaSeed);
        engines.Drbg.Generate(kemSeed);
        engines.Drbg.Generate(m);

        byte[] eccPrivate = new byte[48], eccPublic = new byte[96], eccSignature = new byte[96];
        engines.Ecc.DeriveKeyPair(eccSeed, eccPrivate, eccPublic);
        engines.Ecc.Sign(eccPrivate, SHA384.HashData("run"u8), eccSignature);

        byte[] dsaPrivate = new byte[MlDsa87.PrivateKeySize], dsaPublic = new byte[MlDsa87.PublicKeySize], dsaSignature = new byte[MlDsa87.SignatureSize];
        engines.MlDsa.DeriveKeyPair(mlDsaSeed, dsaPrivate, dsaPublic);
        engines.MlDsa.Sign(dsaPrivate, "run"u8, dsaSignature);

        byte[] dk = new byte[MlKem1024.DecapsulationKeySize], ek = new byte[MlKem1024.EncapsulationKeySize], ct = new byte[MlKem1024.CiphertextSize], ss = new byte[32];
        engines.MlKem.DeriveKeyPair(kemSeed, dk, ek);
        Assert.True(engines.MlKem.TryEncapsulate(ek, m, ct, ss));

        return [.. eccPublic, .. eccSignature, .. dsaPublic, .. dsaSignature, .. ek, .. ct, .. ss];
    }

    [Fact]
    public void Same_seed_gives_the_same_keys_signatures_and_ciphertexts()
    {
        Assert.Equal(Run(7), Run(7));
    }

    [Fact]
    public void Another_seed_gives_other_keys()
    {
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void Byte_and_integer_seeds_agree()
    {
        using var a = new SoftwareCryptoEngines(0x0102030405060708UL);
        using var b = new SoftwareCryptoEngines([1, 2, 3, 4, 5, 6, 7, 8]);
        byte[] x = new byte[64];
        byte[] y = new byte[64];
        a.Drbg.Generate(x);
        b.Drbg.Generate(y);
        Assert.Equal(x, y);
    }
}
