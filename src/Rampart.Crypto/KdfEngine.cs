using System.Buffers.Binary;
using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// Key derivation for DICE and the image flows.
/// <para>
/// <b>Caliptra HMAC-512 KDF</b> (caliptra-sw <c>drivers/src/hmac_kdf.rs</c>, an SP 800-108
/// counter-mode KDF with a single iteration and no length field): the output is
/// <c>HMAC-SHA-512(key, counter || label [|| 0x00 || context])</c> where <c>counter</c> is
/// the 32-bit big-endian value 1. caliptra-sw takes the context as an optional slice and
/// only appends the 0x00 separator and the context when one is given; here an empty
/// <c>context</c> means "no context", so the separator is written only when
/// the context is non-empty. The output is the full 64-byte tag.
/// </para>
/// <para>
/// <b>SP 800-108 counter mode</b> (NIST SP 800-108r1 §4.1) over HMAC via .NET's
/// <see cref="SP800108HmacCounterKdf"/>: each block is
/// <c>HMAC(key, [i]32 || label || 0x00 || context || [L]32)</c>, counter from 1, L the
/// output length in bits.
/// </para>
/// </summary>
public sealed class KdfEngine : IKdfEngine
{
    /// <summary>Size of the Caliptra KDF output (an HMAC-SHA-512 tag).</summary>
    public const int CaliptraKdfOutputSize = 64;

    /// <summary>Size of the big-endian counter that starts the Caliptra KDF input.</summary>
    private const int CounterSize = 4;

    /// <summary>A Caliptra KDF vector.</summary>
    internal readonly record struct CaliptraVector(string Name, byte[] Key, byte[] Label, byte[] Context, byte[] Output);

    /// <summary>An SP 800-108 vector.</summary>
    internal readonly record struct CounterVector(string Name, ShaAlgorithm Algorithm, byte[] Key, byte[] Label, byte[] Context, byte[] Output);

    /// <summary>
    /// Caliptra KDF vectors. The expected tags are HMAC-SHA-512 over the layout above,
    /// computed with an independent HMAC implementation (Python's hmac module); key = 00..3F.
    /// </summary>
    internal static readonly CaliptraVector[] CaliptraKnownAnswers =
    [
        new("Caliptra KDF label only", Hex.Decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"),
            "idevid_cdi"u8.ToArray(), [],
            Hex.Decode("f0f938c663a008b3318082a6dc36e1007201291a1d0cc75c11ffd4ce011cb15a1e1f914f523db2fe265a906b612950f2c3eb6309449ee2200b00b278865074db")),
        new("Caliptra KDF label and context", Hex.Decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"),
            "ldevid_cdi"u8.ToArray(), Hex.Decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            Hex.Decode("8d0a757553022ad0b73fb941bc4b4d9636d720de3a6b5ad9243c2803d1118b543da1c0a1e42f5e50afd08ed6664cb26eb02ffe2fc3938bcc29341731ef85588d")),
    ];

    /// <summary>
    /// RFC 8009 §"Test Vectors" key derivation (aes128-cts-hmac-sha256-128, usage 2): RFC 8009's
    /// KDF-HMAC-SHA2 is SP 800-108 counter mode with an empty context, so its Kc, Ke and Ki
    /// values are SP 800-108 vectors for this layout.
    /// </summary>
    internal static readonly CounterVector[] CounterKnownAnswers =
    [
        new("RFC 8009 Kc usage 2", ShaAlgorithm.Sha256, Hex.Decode("3705D96080C17728A0E800EAB6E0D23C"), Hex.Decode("0000000299"), [],
            Hex.Decode("B31A018A48F54776F403E9A396325DC3")),
        new("RFC 8009 Ke usage 2", ShaAlgorithm.Sha256, Hex.Decode("3705D96080C17728A0E800EAB6E0D23C"), Hex.Decode("00000002AA"), [],
            Hex.Decode("9B197DD1E8C5609D6E67C3E37C62C72E")),
        new("RFC 8009 Ki usage 2", ShaAlgorithm.Sha256, Hex.Decode("3705D96080C17728A0E800EAB6E0D23C"), Hex.Decode("0000000255"), [],
            Hex.Decode("9FDA0E56AB2D85E1569A688696C26A6C")),
    ];

    /// <inheritdoc/>
    public string EngineName => "KDF";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not 64 bytes.</exception>
    public void CaliptraHmacKdf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> output)
    {
        if (output.Length != CaliptraKdfOutputSize)
        {
            throw new ArgumentException($"The Caliptra KDF writes {CaliptraKdfOutputSize} bytes.", nameof(output));
        }

        using IncrementalHash hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA512, key);
        Span<byte> counter = stackalloc byte[CounterSize];
        BinaryPrimitives.WriteUInt32BigEndian(counter, 1);
        hmac.AppendData(counter);
        hmac.AppendData(label);
        if (!context.IsEmpty)
        {
            hmac.AppendData([0x00]);
            hmac.AppendData(context);
        }

        hmac.GetHashAndReset(output);
    }

    /// <inheritdoc/>
    public void Sp800108Counter(ShaAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> output) =>
        SP800108HmacCounterKdf.DeriveBytes(key, algorithm.ToHashAlgorithmName(), label, context, output);

    /// <inheritdoc/>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(CaliptraKnownAnswers, CounterKnownAnswers);

    /// <summary>Runs the given vectors.</summary>
    internal KatResult RunKnownAnswerTest(IReadOnlyList<CaliptraVector> caliptra, IReadOnlyList<CounterVector> counter) => KnownAnswer.Guard(EngineName, () => RunVectors(caliptra, counter));

    private KatResult RunVectors(IReadOnlyList<CaliptraVector> caliptra, IReadOnlyList<CounterVector> counter)
    {
        Span<byte> output = stackalloc byte[CaliptraKdfOutputSize];
        foreach (CaliptraVector v in caliptra)
        {
            CaliptraHmacKdf(v.Key, v.Label, v.Context, output);
            if (!output.SequenceEqual(v.Output))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: output mismatch");
            }
        }

        foreach (CounterVector v in counter)
        {
            byte[] derived = new byte[v.Output.Length];
            Sp800108Counter(v.Algorithm, v.Key, v.Label, v.Context, derived);
            if (!derived.AsSpan().SequenceEqual(v.Output))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: output mismatch");
            }
        }

        return KatResult.Pass(EngineName);
    }
}
