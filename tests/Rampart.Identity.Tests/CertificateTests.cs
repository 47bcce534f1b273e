using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Identity.Dice;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Identity.Tests;

public sealed class CertificateTests
{
    [Fact]
    public void The_same_seed_gives_byte_identical_certificates_and_csrs()
    {
        var first = TestChains.BuildUncached(TestChains.DefaultSeed, booted: true);
        var second = TestChains.Build(TestChains.DefaultSeed, booted: true);
        Assert.Equal(first.Ecc.Certificates, second.Ecc.Certificates);
        Assert.Equal(first.MlDsa.Certificates, second.MlDsa.Certificates);
        Assert.Equal(first.Ecc.IdevIdCsr, second.Ecc.IdevIdCsr);
        Assert.Equal(first.MlDsa.IdevIdCsr, second.MlDsa.IdevIdCsr);
    }

    [Fact]
    public void Another_seed_gives_other_certificates()
    {
        var seed = (byte[])TestChains.DefaultSeed.Clone();
        seed[0] ^= 0xFF;
        var other = TestChains.Build(seed, booted: false);
        var reference = TestChains.Build(TestChains.DefaultSeed, booted: false);
        for (var i = 0; i < other.Ecc.Certificates.Count; i++)
        {
            Assert.NotEqual(reference.Ecc.Certificates[i], other.Ecc.Certificates[i]);
        }
    }

    [Fact]
    public void Unbooted_chip_has_ca_idevid_and_ldevid_and_booted_chip_all_layers()
    {
        var unbooted = TestChains.Build(TestChains.DefaultSeed, booted: false);
        Assert.Equal(3, unbooted.Ecc.Certificates.Count);
        Assert.Equal(DiceLayer.LdevId, unbooted.Ecc.DeepestLayer);
        var booted = TestChains.Build(TestChains.DefaultSeed, booted: true);
        Assert.Equal(5, booted.MlDsa.Certificates.Count);
        Assert.Equal(DiceLayer.RtAlias, booted.MlDsa.DeepestLayer);

        // IDevID and LDevID do not depend on what booted.
        Assert.Equal(unbooted.Ecc.Certificates, booted.Ecc.Certificates.Take(3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_chain_verifies_with_its_root(bool booted)
    {
        using var engines = TestChains.Engines();
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted);
        foreach (var chain in new[] { ecc, mlDsa })
        {
            var result = ChainVerifier.Verify(engines, TestChains.AsMemory(chain.Certificates), chain.Certificates[0]);
            Assert.True(result.IsValid, $"{chain.Algorithm}: {result.Error} at {result.Index}");
            Assert.Equal(Hal.Crypto.Verdict.Valid, result.Verdict);
        }
    }

    [Fact]
    public void Fields_follow_the_dice_profile()
    {
        using var engines = TestChains.Engines();
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: true);
        foreach (var chain in new[] { ecc, mlDsa })
        {
            var parsed = chain.Certificates.Select(c => Parse(c)).ToArray();
            for (var i = 0; i < parsed.Length; i++)
            {
                var certificate = parsed[i];
                Assert.Equal(chain.Algorithm, certificate.KeyAlgorithm);
                Assert.Equal(i < 4, certificate.IsCa);
                Assert.Equal(i < 4, certificate.KeyCertSign);
                Assert.Equal(i == 4, certificate.DigitalSignature);
                Assert.Equal(CertificateTemplate.NotAfter, certificate.NotAfter);
                Assert.Equal(20, certificate.SerialNumber.Length);
                var keyBits = SubjectPublicKeyInfo.KeyBits(chain.Algorithm, certificate.PublicKey.Span);
                Assert.Equal(SHA256.HashData(keyBits).AsSpan(0, 20).ToArray(), certificate.SubjectKeyId.ToArray());
                if (i > 0)
                {
                    Assert.Equal(parsed[i - 1].SubjectKeyId.ToArray(), certificate.AuthorityKeyId.ToArray());
                    Assert.Equal(17, certificate.Ueid.Length);
                    Assert.Contains(Convert.ToHexString(SHA256.HashData(keyBits)), SerialNumberAttribute(certificate.Subject), StringComparison.Ordinal);
                }
            }

            Assert.Equal($"Rampart {DiceCertificates.AlgorithmName(chain.Algorithm)} IDevID", DiceName.CommonNameOf(parsed[1].Subject));
            Assert.Null(parsed[1].TcbInfo);
            var fmc = parsed[3].TcbInfo!;
            Assert.Equal("FMC Alias", fmc.Model);
            Assert.Equal(5, fmc.Svn);
            var pcr0 = new byte[48];
            TestChains.SampleFmc().ComputePcr0(engines.Sha, pcr0);
            Assert.Equal(pcr0, fmc.Fwids[0].ToArray());
            Assert.Equal(TestChains.SampleFmc().FmcDigest.ToArray(), fmc.Fwids[1].ToArray());
            var rt = parsed[4].TcbInfo!;
            Assert.Equal(7, rt.Svn);
            Assert.Equal(TestChains.Digest("runtime image"), rt.Fwids[0].ToArray());
            Assert.Equal(DiceOperationalFlags.None, rt.Flags);
        }
    }

    [Fact]
    public void The_platform_x509_parser_reads_the_ecc_certificates_the_same_way()
    {
        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: true);
        foreach (var der in ecc.Certificates)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            var parsed = Parse(der);
            Assert.Equal(3, certificate.Version);
            Assert.Equal(parsed.SerialNumber.ToArray(), certificate.GetSerialNumber().Reverse().ToArray());
            var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
            Assert.Equal(Convert.ToHexString(parsed.SubjectKeyId.Span), ski.SubjectKeyIdentifier);
            var tcb = certificate.Extensions[X509Oids.DiceTcbInfo];
            if (tcb is not null)
            {
                Assert.False(tcb.Critical); // decision 0273
            }

            using var key = certificate.GetECDsaPublicKey();
            Assert.NotNull(key);
            Assert.Equal(384, key.KeySize);
        }
    }

    [Fact]
    public void Ml_dsa_certificates_parse_back_with_asn_reader()
    {
        var (_, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: true);
        foreach (var der in mlDsa.Certificates)
        {
            var certificate = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            certificate.ReadSequence();
            var algorithm = certificate.ReadSequence();
            Assert.Equal("2.16.840.1.101.3.4.3.19", algorithm.ReadObjectIdentifier());
            Assert.False(algorithm.HasData);
            var signature = certificate.ReadBitString(out var unused);
            Assert.Equal(0, unused);
            Assert.Equal(4627, signature.Length);
            Assert.False(certificate.HasData);
            Assert.Equal(2592, Parse(der).PublicKey.Length);
        }
    }

    [Fact]
    public void Dice_tcb_info_round_trips_and_matches_its_encoding()
    {
        var info = new DiceTcbInfo("Rampart", "RT Alias", 7, 3, [new byte[48]], DiceOperationalFlags.Debug | DiceOperationalFlags.NotSecure);
        var encoded = info.Encode();
        Assert.Equal(WireStatus.Done, DiceTcbInfo.TryDecode(encoded, out var decoded));
        Assert.Equal("Rampart", decoded!.Vendor);
        Assert.Equal("RT Alias", decoded.Model);
        Assert.Equal(7, decoded.Svn);
        Assert.Equal(3, decoded.Layer);
        Assert.True(info.FwidsEqual(decoded));
        Assert.Equal(info.Flags, decoded.Flags);

        // [7] flags: 87 05 00 | 50 00 00 00 — notSecure (bit 1) and debug (bit 3) from the most significant bit.
        Assert.EndsWith("8705005000000000"[..14], Convert.ToHexString(encoded), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("not a sequence", "0400")]
    [InlineData("tags out of order", "3006810141800152")]
    [InlineData("truncated", "300A8007")]
    [InlineData("fwid with another hash", "3012A610300E06096086480165030402010401AA")]
    public void Bad_tcb_info_is_refused_without_throwing(string name, string hex)
    {
        Assert.NotNull(name);
        var status = DiceTcbInfo.TryDecode(Convert.FromHexString(hex), out var info);
        Assert.NotEqual(WireStatus.Done, status);
        Assert.Null(info);
    }

    internal static ParsedCertificate Parse(byte[] der)
    {
        Assert.Equal(WireStatus.Done, ParsedCertificate.TryParse(der, out var certificate));
        return certificate!;
    }

    private static string SerialNumberAttribute(ReadOnlyMemory<byte> name)
    {
        var sequence = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var attribute = sequence.ReadSetOf().ReadSequence();
            if (attribute.ReadObjectIdentifier() == X509Oids.SerialNumber)
            {
                return attribute.ReadCharacterString(UniversalTagNumber.PrintableString);
            }
        }

        return "";
    }
}
