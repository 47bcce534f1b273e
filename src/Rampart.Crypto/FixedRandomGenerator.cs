using Org.BouncyCastle.Crypto.Prng;

namespace Rampart.Crypto;

/// <summary>
/// A BouncyCastle random source that hands out exactly the bytes it was given, so operations
/// that FIPS 203 defines over caller-chosen randomness (ML-KEM.Encaps_internal's m) stay
/// deterministic. Drawing more bytes than were supplied is a bug and throws.
/// </summary>
internal sealed class FixedRandomGenerator(ReadOnlySpan<byte> bytes) : IRandomGenerator
{
    private readonly byte[] _bytes = bytes.ToArray();
    private int _offset;

    /// <summary>How many supplied bytes have not been drawn.</summary>
    public int Remaining => _bytes.Length - _offset;

    /// <summary>Ignored by design: the output is exactly the supplied bytes.</summary>
    public void AddSeedMaterial(byte[] seed)
    {
    }

    /// <summary>Ignored by design: the output is exactly the supplied bytes.</summary>
    public void AddSeedMaterial(ReadOnlySpan<byte> seed)
    {
    }

    /// <summary>Ignored by design: the output is exactly the supplied bytes.</summary>
    public void AddSeedMaterial(long seed)
    {
    }

    public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());

    public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes)
    {
        if (bytes.Length > Remaining)
        {
            throw new InvalidOperationException("The operation drew more randomness than was supplied.");
        }

        _bytes.AsSpan(_offset, bytes.Length).CopyTo(bytes);
        _offset += bytes.Length;
    }

    /// <summary>Zeroes the supplied bytes.</summary>
    public void Clear() => Array.Clear(_bytes);
}
