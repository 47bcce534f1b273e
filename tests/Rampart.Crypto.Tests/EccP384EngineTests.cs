using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto.Tests;

public sealed class EccP384EngineTests
{
    private static readonly EccP384Engine Engine = new();

    private const string Rfc6979Private = "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5";
    private const string Rfc6979Public = "EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13" +
                                         "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720";

    [Theory]
    [InlineData("sample", "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46", "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8")]
    [InlineData("test", "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF023DB", "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BAA5A5")]
    public void Rfc6979_a26_sha384_signatures_match_and_verify(string message, string r, string s)
    {
        byte[] digest = SHA384.HashData(TestBytes.Ascii(message));
        byte[] signature = new byte[96];
        Engine.Sign(TestBytes.Hex(Rfc6979Private), digest, signature);
        Assert.Equal(TestBytes.Hex(r + s), signature);
        Assert.Equal(Verdict.Valid, Engine.Verify(TestBytes.Hex(Rfc6979Public), digest, signature));
    }

    [Fact]
    public void Public_key_of_the_rfc6979_private_key_matches()
    {
        byte[] publicKey = new byte[96];
        Engine.GetPublicKey(TestBytes.Hex(Rfc6979Private), publicKey);
        Assert.Equal(TestBytes.Hex(Rfc6979Public), publicKey);
    }

    [Fact]
    public void Key_derivation_from_a_zero_seed_matches_caliptra_driver_test()
    {
        // caliptra-sw drivers/test-fw/src/bin/ecc384_tests.rs: seed 0^48, nonce 0^48; then a
        // signature over the all-zero digest.
        byte[] privateKey = new byte[48];
        byte[] publicKey = new byte[96];
        Engine.DeriveKeyPair(new byte[48], privateKey, publicKey);
        Assert.Equal(TestBytes.Hex("feeef5544a765649 90128ad189e873f2 1f0dfd5ad7e2fa86 1127ee6e394ca784 871c1aec032c7a8b 10b93e0eab8946d6"), privateKey);
        Assert.Equal(TestBytes.Hex("d7dd94e0bffc4cad e9902b7fdb154260 d5ec5dfd57950e83 59015a302c8bf7bb a7e5f6dffc168516 2bdd35f9f5c1b0ff" +
                                   "bb9c3a2f061e8d70 14278dd51e66a918 a6b6f9f1c1937312 d4e7a921b18ef0f4 1fdd401d9e771850 9f8731e9eec9c31d"), publicKey);

        byte[] signature = new byte[96];
        Engine.Sign(privateKey, new byte[48], signature);
        Assert.Equal(TestBytes.Hex("93799d5512263628 34f60f7b945290b7 cce6e99601fb7ebd 026c2e3c445d3cd9 b65068dac0a848be 9f0560aa758fda27" +
                                   "e548e535a1cc600e 133b5591aebaad78 054006d752d0e1df 94fbfa95d78f0b3f 8e81b9119c2be008 bf6d6f4e4185f87d"), signature);
    }

    [Fact]
    public void Key_derivation_uses_only_the_first_48_seed_bytes()
    {
        byte[] seed = TestBytes.Counting(64);
        byte[] a = new byte[48];
        byte[] b = new byte[48];
        byte[] pub = new byte[96];
        Engine.DeriveKeyPair(seed, a, pub);
        seed[60] ^= 0xFF;
        Engine.DeriveKeyPair(seed, b, pub);
        Assert.Equal(a, b);
        Assert.Throws<ArgumentException>(() => Engine.DeriveKeyPair(new byte[47], a, pub));
    }

    [Theory]
    [InlineData("signature r bit", 0)]
    [InlineData("signature s bit", 1)]
    [InlineData("digest bit", 2)]
    [InlineData("public key bit", 3)]
    public void One_flipped_bit_is_rejected(string name, int what)
    {
        byte[] publicKey = TestBytes.Hex(Rfc6979Public);
        byte[] digest = SHA384.HashData("sample"u8);
        byte[] signature = new byte[96];
        Engine.Sign(TestBytes.Hex(Rfc6979Private), digest, signature);
        Verdict verdict = what switch
        {
            0 => Engine.Verify(publicKey, digest, TestBytes.Flip(signature, 100)),
            1 => Engine.Verify(publicKey, digest, TestBytes.Flip(signature, 500)),
            2 => Engine.Verify(publicKey, TestBytes.Flip(digest, 7), signature),
            _ => Engine.Verify(TestBytes.Flip(publicKey, 300), digest, signature),
        };
        Assert.True(verdict == Verdict.Invalid, name);
    }

    [Theory]
    [InlineData("truncated signature", 96, 95)]
    [InlineData("empty signature", 96, 0)]
    [InlineData("long signature", 96, 97)]
    [InlineData("truncated public key", 95, 96)]
    [InlineData("DER-length public key", 97, 96)]
    public void Malformed_sizes_are_invalid_not_exceptions(string name, int publicKeyLength, int signatureLength)
    {
        byte[] publicKey = new byte[publicKeyLength];
        TestBytes.Hex(Rfc6979Public).AsSpan(0, Math.Min(96, publicKeyLength)).CopyTo(publicKey);
        Assert.True(Engine.Verify(publicKey, new byte[48], new byte[signatureLength]) == Verdict.Invalid, name);
    }

    private const string OrderN = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973";

    [Theory]
    [InlineData("r = 0", 0)]
    [InlineData("s = 0", 1)]
    [InlineData("r = n", 2)]
    [InlineData("all ones", 3)]
    public void Out_of_range_signature_scalars_are_invalid(string name, int which)
    {
        byte[] zero = new byte[48];
        byte[] one = new byte[48];
        one[47] = 1;
        byte[] n = TestBytes.Hex(OrderN);
        byte[] ones = Enumerable.Repeat((byte)0xFF, 48).ToArray();
        byte[] signature = which switch
        {
            0 => [.. zero, .. one],
            1 => [.. one, .. zero],
            2 => [.. n, .. one],
            _ => [.. ones, .. ones],
        };
        Assert.True(Engine.Verify(TestBytes.Hex(Rfc6979Public), SHA384.HashData("sample"u8), signature) == Verdict.Invalid, name);
    }

    [Fact]
    public void A_point_off_the_curve_is_invalid_for_verify_and_agreement()
    {
        byte[] offCurve = TestBytes.Hex(Rfc6979Public);
        offCurve[95] ^= 0x01;
        Assert.Equal(Verdict.Invalid, Engine.Verify(offCurve, new byte[48], new byte[96]));
        Assert.False(Engine.TryAgree(TestBytes.Hex(Rfc6979Private), offCurve, new byte[48]));
        Assert.False(Engine.TryAgree(TestBytes.Hex(Rfc6979Private), new byte[95], new byte[48]));
        Assert.False(Engine.TryAgree(TestBytes.Hex(Rfc6979Private), new byte[96], new byte[48]));
        Assert.False(Engine.TryAgree(TestBytes.Hex(Rfc6979Private), Enumerable.Repeat((byte)0xFF, 96).ToArray(), new byte[48]));
    }

    [Fact]
    public void Ecdh_both_sides_agree()
    {
        var drbg = new HmacDrbg(new HmacEngine(), ShaAlgorithm.Sha384, [42], [], []);
        byte[] seedA = new byte[48];
        byte[] seedB = new byte[48];
        drbg.Generate(seedA);
        drbg.Generate(seedB);
        byte[] privA = new byte[48], pubA = new byte[96], privB = new byte[48], pubB = new byte[96];
        Engine.DeriveKeyPair(seedA, privA, pubA);
        Engine.DeriveKeyPair(seedB, privB, pubB);
        byte[] ab = new byte[48];
        byte[] ba = new byte[48];
        Assert.True(Engine.TryAgree(privA, pubB, ab));
        Assert.True(Engine.TryAgree(privB, pubA, ba));
        Assert.Equal(ab, ba);
        Assert.NotEqual(new byte[48], ab);
    }

    [Fact]
    public void Ecdh_matches_a_pyca_cryptography_computation()
    {
        // d = the RFC 6979 A.2.6 key; Q = Caliptra's zero-seed public key; the expected x
        // coordinate was computed with pyca/cryptography's ECDH when the test was written.
        byte[] peer = TestBytes.Hex("d7dd94e0bffc4cade9902b7fdb154260d5ec5dfd57950e8359015a302c8bf7bba7e5f6dffc1685162bdd35f9f5c1b0ff" +
                                    "bb9c3a2f061e8d7014278dd51e66a918a6b6f9f1c1937312d4e7a921b18ef0f41fdd401d9e7718509f8731e9eec9c31d");
        byte[] shared = new byte[48];
        Assert.True(Engine.TryAgree(TestBytes.Hex(Rfc6979Private), peer, shared));
        Assert.Equal(TestBytes.Hex("973973b532319b3917f15a23767063dcfc86c8d53436a7ef7e8ef3997710daa41aff97b2af3b7bb0598c0a6dca853825"), shared);
    }

    [Fact]
    public void Invalid_private_scalars_are_caller_bugs()
    {
        byte[] n = TestBytes.Hex(OrderN);
        Assert.Throws<ArgumentException>(() => Engine.Sign(new byte[48], new byte[48], new byte[96]));
        Assert.Throws<ArgumentException>(() => Engine.Sign(n, new byte[48], new byte[96]));
        Assert.Throws<ArgumentException>(() => Engine.Sign(new byte[47], new byte[48], new byte[96]));
        Assert.Throws<ArgumentException>(() => Engine.Sign(TestBytes.Hex(Rfc6979Private), new byte[32], new byte[96]));
        Assert.Throws<ArgumentException>(() => Engine.GetPublicKey(new byte[48], new byte[96]));
    }

    [Fact]
    public void Signing_is_deterministic_and_verifies_for_derived_keys()
    {
        byte[] priv = new byte[48], pub = new byte[96];
        Engine.DeriveKeyPair(TestBytes.Counting(48), priv, pub);
        byte[] digest = SHA384.HashData("message"u8);
        byte[] s1 = new byte[96];
        byte[] s2 = new byte[96];
        Engine.Sign(priv, digest, s1);
        Engine.Sign(priv, digest, s2);
        Assert.Equal(s1, s2);
        Assert.Equal(Verdict.Valid, Engine.Verify(pub, digest, s1));
    }

    [Fact]
    public void Verification_with_alternating_keys_and_a_bad_key_in_between_stays_correct()
    {
        using var engine = new EccP384Engine();
        byte[] privA = new byte[48], pubA = new byte[96], privB = new byte[48], pubB = new byte[96];
        engine.DeriveKeyPair(TestBytes.Counting(48, 1), privA, pubA);
        engine.DeriveKeyPair(TestBytes.Counting(48, 2), privB, pubB);
        byte[] digest = SHA384.HashData("alternating"u8);
        byte[] sigA = new byte[96], sigB = new byte[96];
        engine.Sign(privA, digest, sigA);
        engine.Sign(privB, digest, sigB);
        byte[] offCurve = TestBytes.Flip(pubA, 767);

        Assert.Equal(Verdict.Valid, engine.Verify(pubA, digest, sigA));
        Assert.Equal(Verdict.Invalid, engine.Verify(pubB, digest, sigA));
        Assert.Equal(Verdict.Invalid, engine.Verify(offCurve, digest, sigA));
        Assert.Equal(Verdict.Valid, engine.Verify(pubB, digest, sigB));
        Assert.Equal(Verdict.Invalid, engine.Verify(offCurve, digest, sigB));
        Assert.Equal(Verdict.Valid, engine.Verify(pubA, digest, sigA));
    }

    [Theory]
    [InlineData("SHA-384 digest", 48)]
    [InlineData("SHA-512 digest, truncated to n's length", 64)]
    [InlineData("SHA-256 digest, shorter than n", 32)]
    public void Verification_agrees_with_openssl_for_its_randomized_signatures(string name, int digestLength)
    {
        using var engine = new EccP384Engine();
        for (var i = 0; i < 4; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            ECParameters parameters = key.ExportParameters(false);
            byte[] publicKey = [.. parameters.Q.X!, .. parameters.Q.Y!];
            byte[] digest = SHA512.HashData([(byte)i, (byte)digestLength])[..digestLength];
            byte[] signature = key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

            Assert.True(engine.Verify(publicKey, digest, signature) == Verdict.Valid, name);
            Assert.True(engine.Verify(publicKey, TestBytes.Flip(digest, 8 * i), signature) == Verdict.Invalid, name);
        }
    }

    [Fact]
    public void An_openssl_verifier_accepts_the_engines_signatures_and_disposing_keeps_the_engine_usable()
    {
        var engine = new EccP384Engine();
        byte[] privateKey = new byte[48], publicKey = new byte[96], signature = new byte[96];
        engine.DeriveKeyPair(TestBytes.Counting(48, 9), privateKey, publicKey);
        byte[] digest = SHA384.HashData("cross-check"u8);
        engine.Sign(privateKey, digest, signature);
        using var openssl = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP384, Q = new ECPoint { X = publicKey[..48], Y = publicKey[48..] } });
        Assert.True(openssl.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Equal(Verdict.Valid, engine.Verify(publicKey, digest, signature));
        engine.Dispose();
        Assert.Equal(Verdict.Valid, engine.Verify(publicKey, digest, signature));
    }
}
