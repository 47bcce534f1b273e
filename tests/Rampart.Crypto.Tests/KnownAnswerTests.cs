using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class KnownAnswerTests
{
    [Fact]
    public void Every_engine_passes_its_known_answer_test()
    {
        using var engines = new SoftwareCryptoEngines(1UL);
        IReadOnlyList<KatResult> results = engines.RunKnownAnswerTests();
        Assert.Equal(9, results.Count);
        Assert.All(results, r => Assert.True(r.Verdict == Verdict.Valid, $"{r.Engine}: {r.Failure}"));
        Assert.Equal(results.Count, results.Select(r => r.Engine).Distinct().Count());
    }

    private static byte[] Corrupt(byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }

    private static void AssertFailsNamed(KatResult result, string engine, string vectorName)
    {
        Assert.Equal(Verdict.Invalid, result.Verdict);
        Assert.Equal(engine, result.Engine);
        Assert.NotNull(result.Failure);
        Assert.StartsWith(vectorName, result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha_kat_with_a_corrupted_digest_fails_with_its_name()
    {
        ShaEngine.Vector v = ShaEngine.KnownAnswers[1];
        AssertFailsNamed(new ShaEngine().RunKnownAnswerTest([v with { Digest = Corrupt(v.Digest) }]), "SHA-2", v.Name);
    }

    [Fact]
    public void Hmac_kat_with_a_corrupted_mac_or_okm_fails_with_its_name()
    {
        var engine = new HmacEngine();
        HmacEngine.MacVector m = HmacEngine.MacKnownAnswers[0];
        HmacEngine.HkdfVector h = HmacEngine.HkdfKnownAnswers[0];
        AssertFailsNamed(engine.RunKnownAnswerTest([m with { Mac = Corrupt(m.Mac) }], []), "HMAC/HKDF", m.Name);
        AssertFailsNamed(engine.RunKnownAnswerTest([], [h with { Okm = Corrupt(h.Okm) }]), "HMAC/HKDF", h.Name);
    }

    [Fact]
    public void Kdf_kat_with_a_corrupted_output_fails_with_its_name()
    {
        var engine = new KdfEngine();
        KdfEngine.CaliptraVector c = KdfEngine.CaliptraKnownAnswers[1];
        KdfEngine.CounterVector s = KdfEngine.CounterKnownAnswers[0];
        AssertFailsNamed(engine.RunKnownAnswerTest([c with { Output = Corrupt(c.Output) }], []), "KDF", c.Name);
        AssertFailsNamed(engine.RunKnownAnswerTest([], [s with { Output = Corrupt(s.Output) }]), "KDF", s.Name);
    }

    [Fact]
    public void Drbg_kat_with_a_corrupted_output_fails_with_its_name()
    {
        HmacDrbg.Vector v = HmacDrbg.KnownAnswers[0];
        AssertFailsNamed(HmacDrbg.RunKnownAnswerTest(new HmacEngine(), [v with { SecondOutput = Corrupt(v.SecondOutput) }], "HMAC-DRBG"), "HMAC-DRBG", v.Name);
    }

    [Fact]
    public void Ecc_kat_with_a_corrupted_key_or_signature_fails_with_its_name()
    {
        var engine = new EccP384Engine();
        EccP384Engine.DeriveVector d = EccP384Engine.DeriveKnownAnswers[0];
        EccP384Engine.SignVector s = EccP384Engine.SignKnownAnswers[0];
        AssertFailsNamed(engine.RunKnownAnswerTest([d with { PrivateKey = Corrupt(d.PrivateKey) }], []), "ECC P-384", d.Name);
        AssertFailsNamed(engine.RunKnownAnswerTest([], [s with { Signature = Corrupt(s.Signature) }]), "ECC P-384", s.Name);
    }

    [Fact]
    public void Aes_gcm_kat_with_a_corrupted_tag_fails_with_its_name()
    {
        using var engine = new AesGcmEngine();
        AesGcmEngine.Vector v = AesGcmEngine.KnownAnswers[2];
        AssertFailsNamed(engine.RunKnownAnswerTest([v with { Tag = Corrupt(v.Tag) }]), "AES-256-GCM", v.Name);
    }

    [Fact]
    public void Ml_dsa_kat_with_a_corrupted_digest_fails_with_its_name()
    {
        MlDsa87Engine.Vector v = MlDsa87Engine.KnownAnswers[0];
        AssertFailsNamed(new MlDsa87Engine().RunKnownAnswerTest([v with { SignatureSha256 = Corrupt(v.SignatureSha256) }]), "ML-DSA-87", v.Name);
        AssertFailsNamed(new MlDsa87Engine().RunKnownAnswerTest([v with { PublicKeySha256 = Corrupt(v.PublicKeySha256) }]), "ML-DSA-87", v.Name);
    }

    [Fact]
    public void Ml_kem_kat_with_a_corrupted_secret_fails_with_its_name()
    {
        MlKem1024Engine.Vector v = MlKem1024Engine.KnownAnswers[0];
        AssertFailsNamed(new MlKem1024Engine().RunKnownAnswerTest([v with { SharedSecret = Corrupt(v.SharedSecret) }]), "ML-KEM-1024", v.Name);
        AssertFailsNamed(new MlKem1024Engine().RunKnownAnswerTest([v with { EncapsulationSha256 = Corrupt(v.EncapsulationSha256) }]), "ML-KEM-1024", v.Name);
    }

    [Fact]
    public void Lms_kat_with_a_corrupted_signature_fails_with_its_name()
    {
        LmsEngine.Vector v = LmsEngine.KnownAnswers[0];
        AssertFailsNamed(new LmsEngine().RunKnownAnswerTest([v with { Signature = Corrupt(v.Signature) }]), "LMS", v.Name);
    }

    [Fact]
    public void A_kat_vector_that_makes_the_engine_throw_is_a_named_failure_not_an_exception()
    {
        EccP384Engine.SignVector s = EccP384Engine.SignKnownAnswers[0];
        KatResult ecc = new EccP384Engine().RunKnownAnswerTest([], [s with { PrivateKey = s.PrivateKey[..47] }]);
        Assert.Equal(Verdict.Invalid, ecc.Verdict);
        Assert.Contains(nameof(ArgumentException), ecc.Failure, StringComparison.Ordinal);

        AesGcmEngine.Vector a = AesGcmEngine.KnownAnswers[0];
        using var aes = new AesGcmEngine();
        KatResult gcm = aes.RunKnownAnswerTest([a with { Key = new byte[16] }]);
        Assert.Equal(Verdict.Invalid, gcm.Verdict);
        Assert.Equal("AES-256-GCM", gcm.Engine);
    }
}
