using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// Rampart's software crypto engines behind Hal's <see cref="ICryptoEngines"/>: what host
/// tools use, and what the virtual chip's crypto peripherals wrap. Everything random comes
/// from one <see cref="HmacDrbg"/> (HMAC-SHA-384) instantiated from the run's seed, with
/// entropy = the seed, no nonce and the personalization string "Rampart software DRBG",
/// so the same seed gives the same bytes.
/// </summary>
public sealed class SoftwareCryptoEngines : ICryptoEngines, IDisposable
{
    /// <summary>The DRBG's personalization string.</summary>
    public static ReadOnlySpan<byte> DrbgPersonalization => "Rampart software DRBG"u8;

    private readonly AesGcmEngine _aesGcm = new();
    private readonly EccP384Engine _ecc;

    /// <summary>Engines whose DRBG is seeded from <paramref name="seed"/> (any length; empty is allowed but gives a well-known stream).</summary>
    public SoftwareCryptoEngines(ReadOnlySpan<byte> seed)
    {
        var hmac = new HmacEngine();
        Sha = new ShaEngine();
        Hmac = hmac;
        Kdf = new KdfEngine();
        _ecc = new EccP384Engine(hmac);
        MlDsa = new MlDsa87Engine();
        Lms = new LmsEngine();
        MlKem = new MlKem1024Engine();
        HmacDrbg = new HmacDrbg(hmac, ShaAlgorithm.Sha384, seed, default, DrbgPersonalization);
    }

    /// <summary>Engines seeded from a 64-bit seed, encoded big-endian.</summary>
    public SoftwareCryptoEngines(ulong seed)
        : this(BigEndian(seed))
    {
    }

    private static byte[] BigEndian(ulong value)
    {
        byte[] bytes = new byte[sizeof(ulong)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    /// <inheritdoc/>
    public IShaEngine Sha { get; }

    /// <inheritdoc/>
    public IHmacEngine Hmac { get; }

    /// <inheritdoc/>
    public IKdfEngine Kdf { get; }

    /// <inheritdoc/>
    public IEccEngine Ecc => _ecc;

    /// <inheritdoc/>
    public IMlDsaEngine MlDsa { get; }

    /// <inheritdoc/>
    public ILmsEngine Lms { get; }

    /// <inheritdoc/>
    public IMlKemEngine MlKem { get; }

    /// <inheritdoc/>
    public IAesGcmEngine AesGcm => _aesGcm;

    /// <inheritdoc/>
    public IDrbg Drbg => HmacDrbg;

    /// <summary>The DRBG with its full SP 800-90A surface (additional input).</summary>
    public HmacDrbg HmacDrbg { get; }

    /// <summary>Every engine, in the order the ROM self-tests them.</summary>
    public IReadOnlyList<IKnownAnswerTest> AllEngines => [Sha, Hmac, Kdf, Drbg, Ecc, AesGcm, MlDsa, MlKem, Lms];

    /// <summary>Runs every engine's known-answer test; stops at the first failure and returns it, or returns all passes.</summary>
    public IReadOnlyList<KatResult> RunKnownAnswerTests()
    {
        var results = new List<KatResult>();
        foreach (IKnownAnswerTest engine in AllEngines)
        {
            KatResult result = engine.RunKnownAnswerTest();
            results.Add(result);
            if (!result.Verdict.IsValid())
            {
                break;
            }
        }

        return results;
    }

    /// <summary>Releases the AES-GCM engine's cached key and the ECC engine's cached verification key.</summary>
    public void Dispose()
    {
        _aesGcm.Dispose();
        _ecc.Dispose();
    }
}
