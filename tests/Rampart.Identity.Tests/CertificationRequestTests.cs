using CsCheck;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Identity.Tests;

public sealed class CertificationRequestTests
{
    [Theory]
    [InlineData(DiceKeyAlgorithm.EccP384)]
    [InlineData(DiceKeyAlgorithm.MlDsa87)]
    public void The_idevid_csr_carries_the_key_the_name_and_the_ueid(DiceKeyAlgorithm algorithm)
    {
        using var engines = TestChains.Engines();
        var chains = TestChains.Build(TestChains.DefaultSeed, booted: false);
        var chain = algorithm == DiceKeyAlgorithm.EccP384 ? chains.Ecc : chains.MlDsa;
        Assert.Equal(WireStatus.Done, CertificationRequest.TryParse(chain.IdevIdCsr, out var csr));
        Assert.Equal(algorithm, csr!.KeyAlgorithm);
        Assert.True(csr.RequestsCa);
        Assert.Equal(17, csr.Ueid.Length);
        Assert.Equal(Hal.Crypto.Verdict.Valid, csr.VerifySignature(engines));

        var idevid = CertificateTests.Parse(chain.Certificates[1]);
        Assert.Equal(csr.PublicKey.ToArray(), idevid.PublicKey.ToArray());
        Assert.Equal(csr.Subject.ToArray(), idevid.Subject.ToArray());
        Assert.Equal(csr.Ueid.ToArray(), idevid.Ueid.ToArray());
    }

    [Fact]
    public void The_development_ca_refuses_bad_requests_by_name()
    {
        using var engines = TestChains.Engines();
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, TestChains.DefaultSeed);
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: false);

        Assert.Equal(CsrRefusal.None, ca.TryIssueIdevId(ecc.IdevIdCsr, DiceKeyAlgorithm.EccP384, out var issued));
        Assert.Equal(ecc.Certificates[1], issued);
        Assert.Equal(CsrRefusal.AlgorithmMismatch, ca.TryIssueIdevId(mlDsa.IdevIdCsr, DiceKeyAlgorithm.EccP384, out _));
        Assert.Equal(CsrRefusal.Malformed, ca.TryIssueIdevId(ecc.IdevIdCsr.AsMemory(0, 40), DiceKeyAlgorithm.EccP384, out var none));
        Assert.Null(none);

        // A changed byte of the key or of the name breaks the proof of possession.
        var tampered = (byte[])ecc.IdevIdCsr.Clone();
        tampered[ecc.IdevIdCsr.Length - 120] ^= 0x01;
        var refusal = ca.TryIssueIdevId(tampered, DiceKeyAlgorithm.EccP384, out _);
        Assert.Contains(refusal, new[] { CsrRefusal.BadSignature, CsrRefusal.Malformed });
        var csr = CertificateTests.Parse(ecc.Certificates[1]);
        var keyOffset = ecc.IdevIdCsr.AsSpan().IndexOf(csr.PublicKey.Span[..16]);
        tampered = (byte[])ecc.IdevIdCsr.Clone();
        tampered[keyOffset + 3] ^= 0x80;
        Assert.Equal(CsrRefusal.BadSignature, ca.TryIssueIdevId(tampered, DiceKeyAlgorithm.EccP384, out _));
    }

    [Fact]
    public void A_csr_that_does_not_ask_for_a_ca_is_refused()
    {
        using var engines = TestChains.Engines();
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, TestChains.DefaultSeed);
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        using var key = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, new byte[48]);
        var csr = CertificationRequest.Create(key, DiceName.Encode("x", "00"), []);
        Assert.Equal(CsrRefusal.None, ca.TryIssueIdevId(csr, DiceKeyAlgorithm.EccP384, out _));

        // Replace the CA request (BOOLEAN TRUE inside basicConstraints) by an empty SEQUENCE: the signature then fails,
        // so build a non-CA request by hand to check the policy itself.
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            writer.WriteEncodedValue(DiceName.Encode("x", "00"));
            SubjectPublicKeyInfo.Write(writer, key.Algorithm, key.PublicKey);
            using (writer.PushSetOf(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0, true)))
            {
            }
        }

        var nonCa = CertificateTemplate.Assemble(writer.Encode(), key);
        Assert.Equal(CsrRefusal.NotCaRequest, ca.TryIssueIdevId(nonCa, DiceKeyAlgorithm.EccP384, out _));
    }

    [Fact]
    public void Mutated_csrs_are_never_certified_and_never_throw()
    {
        using var engines = TestChains.Engines();
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, TestChains.DefaultSeed);
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        Gen.Select(Gen.Int[0, ecc.IdevIdCsr.Length - 1], Gen.Byte[1, 255]).Sample((offset, xor) =>
        {
            var tampered = (byte[])ecc.IdevIdCsr.Clone();
            tampered[offset] ^= xor;
            return ca.TryIssueIdevId(tampered, DiceKeyAlgorithm.EccP384, out var certificate) != CsrRefusal.None && certificate is null;
        }, iter: 60, threads: 1);
        Gen.Byte.Array[0, 300].Sample(bytes => (CertificationRequest.TryParse(bytes, out var request) == WireStatus.Done) == (request is not null), iter: 300);
    }

    [Fact]
    public void Pem_round_trips_certificates_and_requests()
    {
        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        var text = Pem.EncodeCertificates(ecc.Certificates.Select(c => (ReadOnlyMemory<byte>)c)) + Pem.Encode(Pem.CertificateRequestLabel, ecc.IdevIdCsr);
        Assert.Equal(ecc.Certificates, Pem.DecodeAll(text, Pem.CertificateLabel));
        Assert.Equal([ecc.IdevIdCsr], Pem.DecodeAll(text, Pem.CertificateRequestLabel));
        Assert.Empty(Pem.DecodeAll("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n", Pem.CertificateLabel));
    }

    [Fact]
    public void Development_ca_names_say_not_for_production()
    {
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        foreach (var root in new[] { ecc.Certificates[0], mlDsa.Certificates[0] })
        {
            var parsed = CertificateTests.Parse(root);
            Assert.Equal(parsed.Subject.ToArray(), parsed.Issuer.ToArray());
            Assert.Contains("NOT FOR PRODUCTION", System.Text.Encoding.UTF8.GetString(parsed.Subject.Span), StringComparison.Ordinal);
        }
    }
}
