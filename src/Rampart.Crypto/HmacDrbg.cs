using System.Buffers;
using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// HMAC_DRBG (NIST SP 800-90A Rev. 1 §10.1.2) built on an <see cref="IHmacEngine"/>.
/// The state is (Key, V), each one hash output long; instantiate, reseed and generate follow
/// §10.1.2.3–10.1.2.5 without prediction resistance. A request larger than the SP 800-90A
/// limit (2^19 bits) is served as consecutive generate calls of at most 65,536 bytes, each
/// counted by reseed_counter (§10.1.2.1): a request that would take the counter past
/// reseed_interval is refused whole ("reseed required", output cleared) until
/// <see cref="Reseed(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>. Thread-safe: one lock guards the state.
/// </summary>
public sealed class HmacDrbg : IDrbg
{
    /// <summary>SP 800-90A Table 2: max_number_of_bits_per_request = 2^19 bits.</summary>
    public const int MaxBytesPerRequest = 1 << 16;

    /// <summary>SP 800-90A Table 2: the largest reseed_interval for HMAC_DRBG, 2^48 requests.</summary>
    public const long MaxReseedInterval = 1L << 48;

    /// <summary>A known-answer vector: instantiate, generate twice, compare the second output.</summary>
    internal readonly record struct Vector(string Name, ShaAlgorithm Algorithm, byte[] Entropy, byte[] Nonce, byte[] Personalization, byte[] SecondOutput);

    /// <summary>NIST CAVP HMAC_DRBG.rsp (no reseed, no prediction resistance), [SHA-256] COUNT = 0.</summary>
    internal static readonly Vector[] KnownAnswers =
    [
        new("CAVP HMAC_DRBG SHA-256 COUNT 0", ShaAlgorithm.Sha256,
            Hex.Decode("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488"),
            Hex.Decode("659ba96c601dc69fc902940805ec0ca8"),
            [],
            Hex.Decode("e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8")),
    ];

    private readonly IHmacEngine _hmac;
    private readonly ShaAlgorithm _algorithm;
    private readonly byte[] _key;
    private readonly byte[] _v;
    private readonly Lock _lock = new();
    private readonly long _reseedInterval;
    private long _reseedCounter = 1;

    /// <summary>Instantiates the DRBG (SP 800-90A §10.1.2.3) with the largest reseed interval, 2^48.</summary>
    public HmacDrbg(IHmacEngine hmac, ShaAlgorithm algorithm, ReadOnlySpan<byte> entropy, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> personalization)
        : this(hmac, algorithm, entropy, nonce, personalization, MaxReseedInterval)
    {
    }

    /// <summary>Instantiates the DRBG (SP 800-90A §10.1.2.3): seed material = entropy || nonce || personalization; reseed_counter = 1.</summary>
    /// <param name="reseedInterval">Generate requests allowed between reseeds, 1 … 2^48.</param>
    public HmacDrbg(IHmacEngine hmac, ShaAlgorithm algorithm, ReadOnlySpan<byte> entropy, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> personalization, long reseedInterval)
    {
        ArgumentNullException.ThrowIfNull(hmac);
        ArgumentOutOfRangeException.ThrowIfLessThan(reseedInterval, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reseedInterval, MaxReseedInterval);
        _reseedInterval = reseedInterval;
        _hmac = hmac;
        _algorithm = algorithm;
        int size = algorithm.DigestSize();
        _key = new byte[size];
        _v = new byte[size];
        _v.AsSpan().Fill(0x01);
        Update(entropy, nonce, personalization);
    }

    /// <inheritdoc/>
    public string EngineName => "HMAC-DRBG";

    /// <summary>The hash the DRBG's HMAC uses.</summary>
    public ShaAlgorithm Algorithm => _algorithm;

    /// <summary>Generate requests allowed between reseeds (SP 800-90A reseed_interval).</summary>
    public long ReseedInterval => _reseedInterval;

    /// <summary>SP 800-90A reseed_counter: 1 after (re)seeding, plus one per generate request served.</summary>
    public long ReseedCounter
    {
        get
        {
            lock (_lock)
            {
                return _reseedCounter;
            }
        }
    }

    /// <inheritdoc/>
    public void Generate(Span<byte> output) => Generate(output, default);

    /// <summary>Generates with additional input (SP 800-90A §10.1.2.5).</summary>
    /// <exception cref="DrbgReseedRequiredException">The reseed interval is used up; output cleared.</exception>
    public void Generate(Span<byte> output, ReadOnlySpan<byte> additionalInput)
    {
        if (TryGenerate(output, additionalInput) != DrbgStatus.Success)
        {
            throw new DrbgReseedRequiredException();
        }
    }

    /// <inheritdoc/>
    public DrbgStatus TryGenerate(Span<byte> output) => TryGenerate(output, default);

    /// <summary>
    /// Generates with additional input (SP 800-90A §10.1.2.5), or refuses the whole request
    /// (output cleared, state unchanged) when its generate calls would take reseed_counter
    /// past reseed_interval.
    /// </summary>
    public DrbgStatus TryGenerate(Span<byte> output, ReadOnlySpan<byte> additionalInput)
    {
        lock (_lock)
        {
            long requests = (output.Length + (long)MaxBytesPerRequest - 1) / MaxBytesPerRequest;
            if (_reseedCounter + requests - 1 > _reseedInterval)
            {
                output.Clear();
                return DrbgStatus.ReseedRequired;
            }

            while (!output.IsEmpty)
            {
                int chunk = Math.Min(output.Length, MaxBytesPerRequest);
                GenerateOnce(output[..chunk], additionalInput);
                _reseedCounter++;
                output = output[chunk..];
            }

            return DrbgStatus.Success;
        }
    }

    /// <inheritdoc/>
    public void Reseed(ReadOnlySpan<byte> entropy) => Reseed(entropy, default);

    /// <summary>Reseeds with additional input (SP 800-90A §10.1.2.4).</summary>
    public void Reseed(ReadOnlySpan<byte> entropy, ReadOnlySpan<byte> additionalInput)
    {
        lock (_lock)
        {
            Update(entropy, additionalInput, default);
            _reseedCounter = 1;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Runs on a separate instance; this DRBG's state is untouched.</remarks>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(_hmac, KnownAnswers, EngineName);

    /// <summary>Runs the given vectors on fresh instances.</summary>
    internal static KatResult RunKnownAnswerTest(IHmacEngine hmac, IReadOnlyList<Vector> vectors, string engineName) => KnownAnswer.Guard(engineName, () => RunVectors(hmac, vectors, engineName));

    private static KatResult RunVectors(IHmacEngine hmac, IReadOnlyList<Vector> vectors, string engineName)
    {
        foreach (Vector v in vectors)
        {
            var drbg = new HmacDrbg(hmac, v.Algorithm, v.Entropy, v.Nonce, v.Personalization);
            byte[] output = new byte[v.SecondOutput.Length];
            drbg.Generate(output);
            drbg.Generate(output);
            if (!output.AsSpan().SequenceEqual(v.SecondOutput))
            {
                return KatResult.Fail(engineName, $"{v.Name}: output mismatch");
            }
        }

        return KatResult.Pass(engineName);
    }

    /// <summary>Generate for one request of at most <see cref="MaxBytesPerRequest"/> bytes.</summary>
    private void GenerateOnce(Span<byte> output, ReadOnlySpan<byte> additionalInput)
    {
        if (!additionalInput.IsEmpty)
        {
            Update(additionalInput, default, default);
        }

        while (!output.IsEmpty)
        {
            Mac(_v, _v);
            int n = Math.Min(output.Length, _v.Length);
            _v.AsSpan(0, n).CopyTo(output);
            output = output[n..];
        }

        Update(additionalInput, default, default);
    }

    /// <summary>HMAC_DRBG_Update (§10.1.2.2) with provided_data = a || b || c.</summary>
    private void Update(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        int providedLength = a.Length + b.Length + c.Length;
        int length = _v.Length + 1 + providedLength;
        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> input = rented.AsSpan(0, length);
            UpdateRound(input, 0x00, a, b, c);
            if (providedLength != 0)
            {
                UpdateRound(input, 0x01, a, b, c);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Key = HMAC(Key, V || marker || provided_data); V = HMAC(Key, V).</summary>
    private void UpdateRound(Span<byte> input, byte marker, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        _v.CopyTo(input);
        int offset = _v.Length;
        input[offset++] = marker;
        a.CopyTo(input[offset..]);
        offset += a.Length;
        b.CopyTo(input[offset..]);
        offset += b.Length;
        c.CopyTo(input[offset..]);
        Mac(input, _key);
        Mac(_v, _v);
    }

    /// <summary>destination = HMAC(Key, data), through a scratch buffer so inputs may alias the output.</summary>
    private void Mac(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> scratch = stackalloc byte[64];
        int n = _hmac.Mac(_algorithm, _key, data, scratch);
        scratch[..n].CopyTo(destination);
        CryptographicOperations.ZeroMemory(scratch);
    }
}
