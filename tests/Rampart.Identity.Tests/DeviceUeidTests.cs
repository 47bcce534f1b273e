using System.Security.Cryptography;
using Rampart.Crypto;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Identity.Tests;

/// <summary>The UEID the certificates carry comes from the UEID fuse, or from the IDevID key when that fuse is unprogrammed (decision 0274).</summary>
public sealed class DeviceUeidTests
{
    private static readonly byte[] FusedA = Convert.FromHexString("010102030405060708090A0B0C0D0E0F10");
    private static readonly byte[] FusedB = Convert.FromHexString("01F0E0D0C0B0A0908070605040302010FF");

    [Fact]
    public void The_fused_ueid_is_in_the_idevid_csr_and_every_certificate_of_both_chains()
    {
        var (ecc, mlDsa) = Build(FusedA);
        foreach (var chain in new[] { ecc, mlDsa })
        {
            Assert.Equal(WireStatus.Done, CertificationRequest.TryParse(chain.IdevIdCsr, out var csr));
            Assert.Equal(FusedA, csr!.Ueid.ToArray());
            Assert.Equal(DiceLayer.RtAlias, chain.DeepestLayer);
            foreach (var certificate in chain.Certificates.Skip(1))
            {
                Assert.Equal(FusedA, CertificateTests.Parse(certificate).Ueid.ToArray());
            }
        }
    }

    [Fact]
    public void Another_fuse_value_gives_another_ueid_for_the_same_keys()
    {
        var a = Build(FusedA).Ecc;
        var b = Build(FusedB).Ecc;
        var idevA = CertificateTests.Parse(a.Certificates[1]);
        var idevB = CertificateTests.Parse(b.Certificates[1]);
        Assert.Equal(idevA.PublicKey.ToArray(), idevB.PublicKey.ToArray());
        Assert.Equal(FusedB, idevB.Ueid.ToArray());
        Assert.NotEqual(idevA.Ueid.ToArray(), idevB.Ueid.ToArray());
        Assert.Equal(FusedB, CertificateTests.Parse(b.Certificates[^1]).Ueid.ToArray());
    }

    [Fact]
    public void An_unprogrammed_fuse_falls_back_to_the_ueid_of_the_idevid_key()
    {
        var chain = Build(new byte[17]).Ecc;
        var idevId = CertificateTests.Parse(chain.Certificates[1]);
        var expected = new byte[17];
        expected[0] = TcgUeid.RandomType;
        SHA256.HashData([0x04, .. idevId.PublicKey.Span]).AsSpan(0, 16).CopyTo(expected.AsSpan(1));
        foreach (var certificate in chain.Certificates.Skip(1))
        {
            Assert.Equal(expected, CertificateTests.Parse(certificate).Ueid.ToArray());
        }
    }

    [Fact]
    public void Resolve_takes_any_programmed_value_and_treats_empty_and_zero_alike()
    {
        using var engines = TestChains.Engines();
        using var key = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, new byte[48]);
        var fromKey = DeviceUeid.FromKey(engines.Sha, key);
        Assert.Equal(fromKey, DeviceUeid.Resolve(engines.Sha, [], key));
        Assert.Equal(fromKey, DeviceUeid.Resolve(engines.Sha, new byte[17], key));
        var typeOnly = new byte[17];
        typeOnly[0] = 0x02;
        Assert.Equal(typeOnly, DeviceUeid.Resolve(engines.Sha, typeOnly, key));
        Assert.Equal(FusedA, DeviceUeid.Resolve(engines.Sha, FusedA, key));
        Assert.False(DeviceUeid.IsProgrammed(new byte[17]));
        Assert.True(DeviceUeid.IsProgrammed(typeOnly));
    }

    private static (DiceChain Ecc, DiceChain MlDsa) Build(byte[] fusedUeid)
    {
        var seed = TestChains.DefaultSeed;
        using var engines = new SoftwareCryptoEngines(seed);
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, seed);
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        using var source = new SoftwareDiceKeySource(engines);
        var inputs = new DiceChainInputs(fusedUeid, DebugUnlocked: false, Production: true, TestChains.SampleFmc(), TestChains.SampleRuntime());
        return DiceChainBuilder.Build(engines, source, source.Import(device.Uds), source.Import(device.FieldEntropy), ca, inputs);
    }
}
