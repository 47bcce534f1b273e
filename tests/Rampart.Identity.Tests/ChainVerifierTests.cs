using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CsCheck;
using Rampart.Crypto;
using Rampart.Identity.Dice;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Identity.Tests;

public sealed class ChainVerifierTests
{
    private static readonly ChainError[] TamperReasons =
    [
        ChainError.Malformed, ChainError.BadSignature, ChainError.UnsupportedAlgorithm, ChainError.SignatureAlgorithmMismatch,
        ChainError.IssuerNameMismatch, ChainError.AuthorityKeyIdMismatch, ChainError.UnknownCriticalExtension,
        ChainError.IssuerKeyAlgorithmMismatch,
    ];

    [Theory]
    [InlineData(DiceKeyAlgorithm.EccP384, 3, 50)]
    [InlineData(DiceKeyAlgorithm.EccP384, 1, 80)]
    [InlineData(DiceKeyAlgorithm.MlDsa87, 3, 25)]
    public void Any_flipped_bit_in_a_signed_region_is_rejected_with_a_named_reason(DiceKeyAlgorithm algorithm, int index, int samples)
    {
        using var engines = TestChains.Engines();
        var chains = TestChains.Build(TestChains.DefaultSeed, booted: true);
        var chain = algorithm == DiceKeyAlgorithm.EccP384 ? chains.Ecc : chains.MlDsa;
        var tbs = CertificateTests.Parse(chain.Certificates[index]).Tbs;
        var tbsStart = chain.Certificates[index].AsSpan().IndexOf(tbs.Span);
        Assert.True(tbsStart > 0);

        Gen.Select(Gen.Int[0, tbs.Length - 1], Gen.Int[0, 7]).Sample((offset, bit) =>
        {
            var tampered = chain.Certificates.Select(c => (byte[])c.Clone()).ToArray();
            tampered[index][tbsStart + offset] ^= (byte)(1 << bit);
            var result = ChainVerifier.Verify(engines, TestChains.AsMemory(tampered), chain.Certificates[0]);
            return !result.IsValid && result.Verdict == Hal.Crypto.Verdict.Invalid && result.Index == index && TamperReasons.Contains(result.Error);
        }, iter: samples, threads: 1);
    }

    [Fact]
    public void Every_bit_of_the_ecc_signature_value_matters()
    {
        using var engines = TestChains.Engines();
        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        var certificate = ecc.Certificates[2];
        var signature = CertificateTests.Parse(certificate).SignatureValue;
        var start = certificate.Length - signature.Length;
        for (var offset = 0; offset < signature.Length; offset += 3)
        {
            var tampered = ecc.Certificates.Select(c => (byte[])c.Clone()).ToArray();
            tampered[2][start + offset] ^= 0x10;
            var result = ChainVerifier.Verify(engines, TestChains.AsMemory(tampered));
            Assert.False(result.IsValid);
            Assert.Contains(result.Error, new[] { ChainError.BadSignature, ChainError.Malformed });
        }
    }

    [Fact]
    public void A_foreign_root_is_untrusted()
    {
        using var engines = TestChains.Engines();
        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        var seed = (byte[])TestChains.DefaultSeed.Clone();
        seed[5] ^= 1;
        var (otherEcc, _) = TestChains.Build(seed, booted: false);
        var result = ChainVerifier.Verify(engines, TestChains.AsMemory(ecc.Certificates), otherEcc.Certificates[0]);
        Assert.Equal(ChainError.UntrustedRoot, result.Error);

        // Another device's IDevID under this root: names differ.
        var spliced = new[] { ecc.Certificates[0], ecc.Certificates[1], otherEcc.Certificates[2] };
        Assert.Equal(ChainError.IssuerNameMismatch, ChainVerifier.Verify(engines, TestChains.AsMemory(spliced)).Error);
    }

    [Fact]
    public void Out_of_order_and_empty_chains_are_refused()
    {
        using var engines = TestChains.Engines();
        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        Assert.Equal(ChainError.EmptyChain, ChainVerifier.Verify(engines, []).Error);
        var reversed = ecc.Certificates.Reverse().ToArray();
        var result = ChainVerifier.Verify(engines, TestChains.AsMemory(reversed));
        Assert.Equal(ChainError.RootNotSelfIssued, result.Error);
        Assert.Equal(0, result.Index);
        var skipped = new[] { ecc.Certificates[0], ecc.Certificates[2] };
        Assert.Equal(ChainError.IssuerNameMismatch, ChainVerifier.Verify(engines, TestChains.AsMemory(skipped)).Error);
    }

    [Fact]
    public void Mixed_algorithms_are_refused()
    {
        using var engines = TestChains.Engines();
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        var mixed = new[] { mlDsa.Certificates[0], ecc.Certificates[1] };
        Assert.False(ChainVerifier.Verify(engines, TestChains.AsMemory(mixed)).IsValid);
    }

    [Fact]
    public void A_certificate_issued_by_a_leaf_is_refused()
    {
        using var engines = TestChains.Engines();
        using var rootKey = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, new byte[48]);
        var seed = new byte[48];
        seed[0] = 1;
        using var leafKey = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, seed);
        seed[0] = 2;
        using var belowKey = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, seed);
        var rootName = DiceName.Encode("root", "01");
        var leafName = DiceName.Encode("leaf", "02");
        var root = CertificateTemplate.Issue(engines.Sha, new CertificateSubject(DiceKeyAlgorithm.EccP384, rootKey.PublicKey.ToArray(), rootName, true, null, default), rootName, rootKey);
        var leaf = CertificateTemplate.Issue(engines.Sha, new CertificateSubject(DiceKeyAlgorithm.EccP384, leafKey.PublicKey.ToArray(), leafName, false, null, default), rootName, rootKey);
        var below = CertificateTemplate.Issue(engines.Sha, new CertificateSubject(DiceKeyAlgorithm.EccP384, belowKey.PublicKey.ToArray(), DiceName.Encode("below", "03"), false, null, default), leafName, leafKey);
        Assert.True(ChainVerifier.Verify(engines, [root, leaf]).IsValid);
        var result = ChainVerifier.Verify(engines, [root, leaf, below]);
        Assert.Equal(ChainError.IssuerNotCa, result.Error);
        Assert.Equal(2, result.Index);
    }

    [Fact]
    public void An_unknown_critical_extension_is_refused_and_a_known_one_is_not()
    {
        using var engines = TestChains.Engines();
        using var rootKey = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, new byte[48]);
        var seed = new byte[48];
        seed[0] = 7;
        using var leafKey = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, seed);
        var rootName = DiceName.Encode("root", "01");
        var root = CertificateTemplate.Issue(engines.Sha, new CertificateSubject(DiceKeyAlgorithm.EccP384, rootKey.PublicKey.ToArray(), rootName, true, null, default), rootName, rootKey);
        var tcb = new DiceTcbInfo("Rampart", "leaf", 1, 1, [], DiceOperationalFlags.None);
        var subject = new CertificateSubject(DiceKeyAlgorithm.EccP384, leafKey.PublicKey.ToArray(), DiceName.Encode("leaf", "02"), false, tcb, default);
        var tbs = CertificateTemplate.BuildTbs(engines.Sha, subject, DiceKeyAlgorithm.EccP384, rootName, rootKey.PublicKey);
        Assert.True(ChainVerifier.Verify(engines, [root, CertificateTemplate.Assemble(tbs, rootKey)]).IsValid);

        // Devices that follow TCG's SHOULD mark DiceTcbInfo critical; the verifier understands it.
        var criticalTcb = IssueChain(new X509Extension(X509Oids.DiceTcbInfo, tcb.Encode(), critical: true));
        Assert.True(ChainVerifier.Verify(engines, TestChains.AsMemory(criticalTcb), criticalTcb[0]).IsValid);

        // 2.23.133.5.4.9 is no extension the verifier knows: critical, it fails the chain where it first appears.
        var unknown = IssueChain(new X509Extension("2.23.133.5.4.9", [0x05, 0x00], critical: true));
        var result = ChainVerifier.Verify(engines, TestChains.AsMemory(unknown), unknown[0]);
        Assert.Equal(ChainError.UnknownCriticalExtension, result.Error);
        Assert.Equal(1, result.Index);

        // Not critical, it may be ignored.
        var ignored = IssueChain(new X509Extension("2.23.133.5.4.9", [0x05, 0x00], critical: false));
        Assert.True(ChainVerifier.Verify(engines, TestChains.AsMemory(ignored), ignored[0]).IsValid);
    }

    [Fact]
    public void A_critical_extended_key_usage_is_understood_on_a_ca_and_a_leaf()
    {
        // The shape of DMTF's libspdm sample chains: root, an intermediate CA and a leaf, both
        // below the root with extKeyUsage marked critical.
        using var engines = TestChains.Engines();
        byte[] tls = [0x30, 0x14, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
        var chain = IssueChain(new X509Extension(X509Oids.ExtendedKeyUsage, tls, critical: true));

        var result = ChainVerifier.Verify(engines, TestChains.AsMemory(chain), chain[0]);

        Assert.True(result.IsValid, $"{result.Error} at {result.Index}");
        Assert.Equal(WireStatus.Done, ParsedCertificate.TryParse(chain[2], out var leaf));
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], leaf!.ExtendedKeyUsages);
    }

    [Fact]
    public void An_extended_key_usage_without_purposes_is_malformed()
    {
        // ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId: an empty SEQUENCE is not one.
        using var engines = TestChains.Engines();
        var chain = IssueChain(new X509Extension(X509Oids.ExtendedKeyUsage, [0x30, 0x00], critical: false));

        var result = ChainVerifier.Verify(engines, TestChains.AsMemory(chain), chain[0]);

        Assert.Equal(ChainError.Malformed, result.Error);
        Assert.Equal(1, result.Index);
    }

    /// <summary>Root, intermediate CA and leaf (ECC P-384), <paramref name="extension"/> in the last two.</summary>
    private static byte[][] IssueChain(X509Extension extension)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var notBefore = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sha384 = HashAlgorithmName.SHA384;
        var rootRequest = new CertificateRequest("CN=EKU Root", rootKey, sha384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(20));
        var caRequest = new CertificateRequest("CN=EKU Intermediate", caKey, sha384);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, false));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, false));
        caRequest.CertificateExtensions.Add(extension);
        using var caPublic = caRequest.Create(root, notBefore, notBefore.AddYears(10), [1]);
        using var ca = caPublic.CopyWithPrivateKey(caKey);
        var leafRequest = new CertificateRequest("CN=EKU Leaf", leafKey, sha384);
        leafRequest.CertificateExtensions.Add(extension);
        using var leaf = leafRequest.Create(ca, notBefore, notBefore.AddYears(5), [2]);
        return [root.RawData, ca.RawData, leaf.RawData];
    }

    [Fact]
    public void Validity_is_checked_only_when_a_time_is_given()
    {
        using var engines = TestChains.Engines();
        var (ecc, _) = TestChains.Build(TestChains.DefaultSeed, booted: false);
        var chain = TestChains.AsMemory(ecc.Certificates);
        Assert.True(ChainVerifier.Verify(engines, chain, at: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)).IsValid);
        Assert.Equal(ChainError.NotYetValid, ChainVerifier.Verify(engines, chain, at: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)).Error);
    }

    [Fact]
    public void Malformed_der_never_throws_out_of_the_verifier()
    {
        using var engines = TestChains.Engines();
        var (ecc, mlDsa) = TestChains.Build(TestChains.DefaultSeed, booted: true);

        // Every truncation of a certificate.
        var certificate = ecc.Certificates[3];
        for (var length = 0; length < certificate.Length; length++)
        {
            var chain = TestChains.AsMemory([ecc.Certificates[0], ecc.Certificates[1], ecc.Certificates[2], certificate[..length]]);
            var result = ChainVerifier.Verify(engines, chain);
            Assert.Equal(ChainError.Malformed, result.Error);
            Assert.Equal(3, result.Index);
        }

        // Random bytes, and random overwrites anywhere in a certificate (headers and lengths included).
        Gen.Byte.Array[0, 600].Sample(bytes => !ChainVerifier.Verify(engines, [bytes]).IsValid, iter: 500);
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2000], Gen.Byte).Sample((index, position, value) =>
        {
            var source = index == 3 ? mlDsa.Certificates[1] : ecc.Certificates[index];
            var tampered = (byte[])source.Clone();
            var offset = position % tampered.Length;
            if (tampered[offset] == value)
            {
                return true;
            }

            tampered[offset] = value;
            var chain = index == 3 ? [mlDsa.Certificates[0], tampered] : ecc.Certificates.Take(index).Append(tampered).ToArray();
            return !ChainVerifier.Verify(engines, TestChains.AsMemory(chain)).IsValid;
        }, iter: 200, threads: 1);
    }
}
