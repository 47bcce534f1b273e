using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// HMAC (RFC 2104 / FIPS 198-1) and HKDF (RFC 5869) over System.Security.Cryptography's
/// one-shot span APIs: no allocation per call. MAC checks are constant time.
/// </summary>
public sealed class HmacEngine : IHmacEngine
{
    /// <summary>An HMAC known-answer vector.</summary>
    internal readonly record struct MacVector(string Name, ShaAlgorithm Algorithm, byte[] Key, byte[] Data, byte[] Mac);

    /// <summary>An HKDF known-answer vector.</summary>
    internal readonly record struct HkdfVector(string Name, ShaAlgorithm Algorithm, byte[] Ikm, byte[] Salt, byte[] Info, byte[] Prk, byte[] Okm);

    /// <summary>RFC 4231 test case 2 (key "Jefe").</summary>
    internal static readonly MacVector[] MacKnownAnswers =
    [
        new("RFC 4231 case 2 HMAC-SHA-256", ShaAlgorithm.Sha256, "Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray(),
            Hex.Decode("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
        new("RFC 4231 case 2 HMAC-SHA-384", ShaAlgorithm.Sha384, "Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray(),
            Hex.Decode("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649")),
        new("RFC 4231 case 2 HMAC-SHA-512", ShaAlgorithm.Sha512, "Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray(),
            Hex.Decode("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")),
    ];

    /// <summary>RFC 5869 test case 1 (SHA-256).</summary>
    internal static readonly HkdfVector[] HkdfKnownAnswers =
    [
        new("RFC 5869 case 1", ShaAlgorithm.Sha256,
            Hex.Decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
            Hex.Decode("000102030405060708090a0b0c"),
            Hex.Decode("f0f1f2f3f4f5f6f7f8f9"),
            Hex.Decode("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"),
            Hex.Decode("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")),
    ];

    /// <inheritdoc/>
    public string EngineName => "HMAC/HKDF";

    /// <inheritdoc/>
    public int Mac(ShaAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        algorithm.RequireDigestSpace(mac.Length, nameof(mac));
        return algorithm switch
        {
            ShaAlgorithm.Sha256 => HMACSHA256.HashData(key, data, mac),
            ShaAlgorithm.Sha384 => HMACSHA384.HashData(key, data, mac),
            ShaAlgorithm.Sha512 => HMACSHA512.HashData(key, data, mac),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    /// <inheritdoc/>
    /// <remarks>A MAC of the wrong length is <see cref="Verdict.Invalid"/>; the comparison is constant time.</remarks>
    public Verdict VerifyMac(ShaAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[64];
        int n = Mac(algorithm, key, data, expected);
        bool equal = mac.Length == n && CryptographicOperations.FixedTimeEquals(expected[..n], mac);
        CryptographicOperations.ZeroMemory(expected);
        return VerdictExtensions.From(equal);
    }

    /// <inheritdoc/>
    public int HkdfExtract(ShaAlgorithm algorithm, ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, Span<byte> prk)
    {
        int size = algorithm.RequireDigestSpace(prk.Length, nameof(prk));
        return HKDF.Extract(algorithm.ToHashAlgorithmName(), inputKeyMaterial, salt, prk[..size]);
    }

    /// <inheritdoc/>
    /// <remarks>More than 255 hash lengths of output, or a PRK shorter than the hash, is a caller bug (ArgumentException).</remarks>
    public void HkdfExpand(ShaAlgorithm algorithm, ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.Expand(algorithm.ToHashAlgorithmName(), prk, output, info);

    /// <inheritdoc/>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(MacKnownAnswers, HkdfKnownAnswers);

    /// <summary>Runs the given vectors (HMAC compute and verify, HKDF extract and expand).</summary>
    internal KatResult RunKnownAnswerTest(IReadOnlyList<MacVector> macs, IReadOnlyList<HkdfVector> hkdfs) => KnownAnswer.Guard(EngineName, () => RunVectors(macs, hkdfs));

    private KatResult RunVectors(IReadOnlyList<MacVector> macs, IReadOnlyList<HkdfVector> hkdfs)
    {
        Span<byte> buffer = stackalloc byte[64];
        foreach (MacVector v in macs)
        {
            int n = Mac(v.Algorithm, v.Key, v.Data, buffer);
            if (!buffer[..n].SequenceEqual(v.Mac) || !VerifyMac(v.Algorithm, v.Key, v.Data, v.Mac).IsValid())
            {
                return KatResult.Fail(EngineName, $"{v.Name}: MAC mismatch");
            }
        }

        foreach (HkdfVector v in hkdfs)
        {
            int n = HkdfExtract(v.Algorithm, v.Ikm, v.Salt, buffer);
            if (!buffer[..n].SequenceEqual(v.Prk))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: PRK mismatch");
            }

            byte[] okm = new byte[v.Okm.Length];
            HkdfExpand(v.Algorithm, v.Prk, v.Info, okm);
            if (!okm.AsSpan().SequenceEqual(v.Okm))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: OKM mismatch");
            }
        }

        return KatResult.Pass(EngineName);
    }
}
