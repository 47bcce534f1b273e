using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using Rampart.Hal.Crypto;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcEcPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Rampart.Crypto;

/// <summary>
/// ECDSA and ECDH on NIST P-384 (FIPS 186-5, SEC 1), laid out as Caliptra's ECC engine does:
/// big-endian 48-byte scalars, public keys x || y, signatures r || s.
/// <list type="bullet">
/// <item><b>Key derivation</b> (caliptra-sw <c>sw-emulator/lib/crypto/src/ecc384.rs</c>
/// <c>gen_key_pair</c>): an HMAC_DRBG with SHA-384 (SP 800-90A) is instantiated with
/// entropy = the first 48 bytes of the seed, nonce = the 48-byte nonce (all zero, as the ROM,
/// FMC and runtime pass <c>Array4x12::default()</c>) and no personalization; its first
/// 48 output bytes are the private scalar. An output of 0 or ≥ n (probability ~2^-190) is
/// followed by the next 48 bytes of the same DRBG.</item>
/// <item><b>Signing</b>: deterministic RFC 6979 §3.2 with HMAC-SHA-384 over BouncyCastle's
/// custom secp384r1 arithmetic, no low-s normalization (as Caliptra).</item>
/// <item><b>Verification and ECDH</b>: BouncyCastle's custom secp384r1 arithmetic, points validated on decode.</item>
/// </list>
/// </summary>
public sealed class EccP384Engine : IEccEngine, IDisposable
{
    private const int ScalarSize = P384.PrivateKeySize;

    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp384r1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H, Curve.GetSeed());
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    private readonly IHmacEngine _hmac;
    private readonly Lock _verifierLock = new();
    private readonly byte[][] _verifierKeys = [new byte[P384.PublicKeySize], new byte[P384.PublicKeySize], new byte[P384.PublicKeySize], new byte[P384.PublicKeySize]];
    private readonly ECPublicKeyParameters?[] _verifiers = new ECPublicKeyParameters?[4];
    private int _nextVerifierSlot;

    /// <summary>A signing vector: private key, digest, expected r || s and public key.</summary>
    internal readonly record struct SignVector(string Name, byte[] PrivateKey, byte[] PublicKey, byte[] Digest, byte[] Signature);

    /// <summary>A key-derivation vector: seed, nonce, expected private and public key.</summary>
    internal readonly record struct DeriveVector(string Name, byte[] Seed, byte[] Nonce, byte[] PrivateKey, byte[] PublicKey);

    /// <summary>RFC 6979 A.2.6, P-384 with SHA-384, messages "sample" and "test" (digests precomputed).</summary>
    internal static readonly SignVector[] SignKnownAnswers =
    [
        new("RFC 6979 A.2.6 sample",
            Hex.Decode("6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5"),
            Hex.Decode("EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13" +
                       "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720"),
            Hex.Decode("9a9083505bc92276aec4be312696ef7bf3bf603f4bbd381196a029f340585312313bca4a9b5b890efee42c77b1ee25fe"),
            Hex.Decode("94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46" +
                       "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8")),
        new("RFC 6979 A.2.6 test",
            Hex.Decode("6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5"),
            Hex.Decode("EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13" +
                       "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720"),
            Hex.Decode("768412320f7b0aa5812fce428dc4706b3cae50e02a64caa16a782249bfe8efc4b7ef1ccb126255d196047dfedf17a0a9"),
            Hex.Decode("8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF023DB" +
                       "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BAA5A5")),
    ];

    /// <summary>caliptra-sw <c>ecc384.rs</c> emulator test <c>test_gen_key_pair</c> (seed and nonce given).</summary>
    internal static readonly DeriveVector[] DeriveKnownAnswers =
    [
        new("caliptra-sw gen_key_pair",
            Hex.Decode("8FA8541C82A392CA74F23ED1DBFD73541C5966391B97EA73D744B0E34B9DF59ED0158063E39C09A5A055371EDF7A5441"),
            Hex.Decode("1B7EC5E548E8AAA92EC77097CA9551C9783CE682CA18FB1EDBD9F1E50BC382DB8AB39496C8EE423F8CA105CBBA7B6588"),
            Hex.Decode("F274F69D163B0C9F1FC3EBF4292AD1C4EB3CEC1C5A7DDE6F80C14292934C2055E087748D0A169C772483ADEE5EE70E17"),
            Hex.Decode("D79C6D972B34A1DFC916A7B6E0A99B6B5387B34DA2187607C1AD0A4D1A8C2E4172AB5FA5D9AB58FE45E43F56BBB66BA4" +
                       "5A7363932B06B4F223BEF0B60A6390265112DBBD0AAE67FEF26B465BE935B48E451E68D16F1118F2B32B4C28608749ED")),
    ];

    /// <summary>An engine whose key derivation runs its DRBG on <paramref name="hmac"/>.</summary>
    public EccP384Engine(IHmacEngine hmac)
    {
        ArgumentNullException.ThrowIfNull(hmac);
        _hmac = hmac;
    }

    /// <summary>An engine over a private <see cref="HmacEngine"/>.</summary>
    public EccP384Engine()
        : this(new HmacEngine())
    {
    }

    /// <inheritdoc/>
    public string EngineName => "ECC P-384";

    /// <inheritdoc/>
    /// <remarks>Uses the first 48 bytes of <paramref name="seed"/> and an all-zero nonce, as Caliptra's firmware does.</remarks>
    public void DeriveKeyPair(ReadOnlySpan<byte> seed, Span<byte> privateKey, Span<byte> publicKey)
    {
        if (seed.Length < ScalarSize)
        {
            throw new ArgumentException($"The seed needs at least {ScalarSize} bytes.", nameof(seed));
        }

        DeriveKeyPair(seed[..ScalarSize], stackalloc byte[ScalarSize], privateKey, publicKey);
    }

    /// <summary>Key derivation with an explicit 48-byte nonce (the engine's NONCE register).</summary>
    public void DeriveKeyPair(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> nonce, Span<byte> privateKey, Span<byte> publicKey)
    {
        RequireLength(seed, ScalarSize, nameof(seed));
        RequireLength(nonce, ScalarSize, nameof(nonce));
        RequireLength(privateKey, ScalarSize, nameof(privateKey));
        RequireLength(publicKey, P384.PublicKeySize, nameof(publicKey));

        var drbg = new HmacDrbg(_hmac, ShaAlgorithm.Sha384, seed, nonce, default);
        do
        {
            drbg.Generate(privateKey);
        }
        while (!IsValidScalar(privateKey));

        GetPublicKey(privateKey, publicKey);
    }

    /// <inheritdoc/>
    public void GetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        BcBigInteger d = ToScalar(privateKey, nameof(privateKey));
        RequireLength(publicKey, P384.PublicKeySize, nameof(publicKey));
        BcEcPoint q = BaseMultiplier.Multiply(Domain.G, d).Normalize();
        q.AffineXCoord.EncodeTo(publicKey[..ScalarSize]);
        q.AffineYCoord.EncodeTo(publicKey[ScalarSize..]);
    }

    /// <inheritdoc/>
    public void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest, Span<byte> signature)
    {
        BcBigInteger d = ToScalar(privateKey, nameof(privateKey));
        RequireLength(digest, ScalarSize, nameof(digest));
        RequireLength(signature, P384.SignatureSize, nameof(signature));

        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha384Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        BcBigInteger[] rs = signer.GenerateSignature(digest.ToArray());
        BigIntegers.AsUnsignedByteArray(rs[0], signature[..ScalarSize]);
        BigIntegers.AsUnsignedByteArray(rs[1], signature[ScalarSize..]);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A key or signature of the wrong size, a point off the curve, or r, s outside [1, n) are
    /// Invalid. BouncyCastle's custom secp384r1 arithmetic (Shamir's trick over wNAF tables);
    /// the decoded point of each of the last four keys is kept, and with it the wNAF table
    /// BouncyCastle attaches to the point, so repeated checks under one key skip both the
    /// on-curve check and the table. Faster here than OpenSSL through .NET (docs/performance.md).
    /// </remarks>
    public Verdict Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != P384.PublicKeySize || signature.Length != P384.SignatureSize || digest.IsEmpty)
        {
            return Verdict.Invalid;
        }

        var r = new BcBigInteger(1, signature[..ScalarSize]);
        var s = new BcBigInteger(1, signature[ScalarSize..]);
        if (r.SignValue <= 0 || s.SignValue <= 0 || r.CompareTo(Domain.N) >= 0 || s.CompareTo(Domain.N) >= 0)
        {
            return Verdict.Invalid;
        }

        ECPublicKeyParameters? key = VerifierFor(publicKey);
        if (key is null)
        {
            return Verdict.Invalid;
        }

        var verifier = new ECDsaSigner();
        verifier.Init(false, key);
        return VerdictExtensions.From(verifier.VerifySignature(digest.ToArray(), r, s));
    }

    /// <summary>Forgets the cached verification keys.</summary>
    public void Dispose()
    {
        lock (_verifierLock)
        {
            Array.Clear(_verifiers);
            foreach (byte[] key in _verifierKeys)
            {
                Array.Clear(key);
            }
        }
    }

    /// <summary>
    /// The validated point for <paramref name="publicKey"/>, or null when it is not on the curve.
    /// Decoding checks the point, and BouncyCastle caches the wNAF table for a point on the
    /// point object, so the objects of the last four keys are kept: chains and image checks
    /// verify under a few keys (vendor and owner, each layer of a chain) repeatedly. Public
    /// keys are not secret, so the comparison need not be constant time.
    /// </summary>
    private ECPublicKeyParameters? VerifierFor(ReadOnlySpan<byte> publicKey)
    {
        lock (_verifierLock)
        {
            for (var i = 0; i < _verifiers.Length; i++)
            {
                if (_verifiers[i] is { } cached && publicKey.SequenceEqual(_verifierKeys[i]))
                {
                    return cached;
                }
            }
        }

        ECPublicKeyParameters? created = DecodePublicKey(publicKey);
        if (created is null)
        {
            return null;
        }

        lock (_verifierLock)
        {
            var slot = _nextVerifierSlot;
            _nextVerifierSlot = (slot + 1) % _verifiers.Length;
            _verifiers[slot] = created;
            publicKey.CopyTo(_verifierKeys[slot]);
        }

        return created;
    }

    /// <summary>x || y as a validated point (on the curve, not infinity), or null.</summary>
    private static ECPublicKeyParameters? DecodePublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != P384.PublicKeySize)
        {
            return null;
        }

        byte[] encoded = new byte[1 + P384.PublicKeySize];
        encoded[0] = 0x04;
        publicKey.CopyTo(encoded.AsSpan(1));
        try
        {
            return new ECPublicKeyParameters(Curve.Curve.DecodePoint(encoded), Domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// BouncyCastle's ECDH on its custom P-384 curve: the peer point is decoded and validated
    /// (on the curve, not infinity) before one variable-base multiplication. OpenSSL through .NET
    /// took ~5 ms here, nearly all of it importing and pair-checking two keys per agreement.
    /// </remarks>
    public bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        RequireLength(sharedSecret, P384.SharedSecretSize, nameof(sharedSecret));
        BcBigInteger d = ToScalar(privateKey, nameof(privateKey));
        ECPublicKeyParameters? peer = DecodePublicKey(peerPublicKey);
        if (peer is null)
        {
            sharedSecret.Clear();
            return false;
        }

        try
        {
            var agreement = new Org.BouncyCastle.Crypto.Agreement.ECDHBasicAgreement();
            agreement.Init(new ECPrivateKeyParameters(d, Domain));
            BigIntegers.AsUnsignedByteArray(agreement.CalculateAgreement(peer), sharedSecret);
            return true;
        }
        catch (InvalidOperationException)
        {
            sharedSecret.Clear();
            return false;
        }
    }

    /// <inheritdoc/>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(DeriveKnownAnswers, SignKnownAnswers);

    /// <summary>Runs the given vectors: derive, sign (exact bytes), verify, and reject a flipped bit.</summary>
    internal KatResult RunKnownAnswerTest(IReadOnlyList<DeriveVector> derives, IReadOnlyList<SignVector> signs) => KnownAnswer.Guard(EngineName, () => RunVectors(derives, signs));

    private KatResult RunVectors(IReadOnlyList<DeriveVector> derives, IReadOnlyList<SignVector> signs)
    {
        Span<byte> privateKey = stackalloc byte[ScalarSize];
        Span<byte> publicKey = stackalloc byte[P384.PublicKeySize];
        Span<byte> signature = stackalloc byte[P384.SignatureSize];
        foreach (DeriveVector v in derives)
        {
            DeriveKeyPair(v.Seed, v.Nonce, privateKey, publicKey);
            if (!privateKey.SequenceEqual(v.PrivateKey) || !publicKey.SequenceEqual(v.PublicKey))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: derived key mismatch");
            }
        }

        foreach (SignVector v in signs)
        {
            GetPublicKey(v.PrivateKey, publicKey);
            if (!publicKey.SequenceEqual(v.PublicKey))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: public key mismatch");
            }

            Sign(v.PrivateKey, v.Digest, signature);
            if (!signature.SequenceEqual(v.Signature))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: signature mismatch");
            }

            if (!Verify(v.PublicKey, v.Digest, v.Signature).IsValid())
            {
                return KatResult.Fail(EngineName, $"{v.Name}: verification rejected the vector");
            }

            signature[^1] ^= 0x01;
            if (Verify(v.PublicKey, v.Digest, signature) != Verdict.Invalid)
            {
                return KatResult.Fail(EngineName, $"{v.Name}: verification accepted a flipped bit");
            }
        }

        return KatResult.Pass(EngineName);
    }

    /// <summary>True when the big-endian scalar is in [1, n).</summary>
    internal static bool IsValidScalar(ReadOnlySpan<byte> scalar)
    {
        var d = new BcBigInteger(1, scalar);
        return d.SignValue > 0 && d.CompareTo(Domain.N) < 0;
    }

    private static BcBigInteger ToScalar(ReadOnlySpan<byte> privateKey, string parameterName)
    {
        RequireLength(privateKey, ScalarSize, parameterName);
        var d = new BcBigInteger(1, privateKey);
        if (d.SignValue <= 0 || d.CompareTo(Domain.N) >= 0)
        {
            throw new ArgumentException("The private scalar must be in [1, n).", parameterName);
        }

        return d;
    }

    private static void RequireLength(ReadOnlySpan<byte> span, int length, string parameterName)
    {
        if (span.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes, got {span.Length}.", parameterName);
        }
    }
}
