namespace Rampart.Hal.Crypto;

/// <summary>SHA-2 digest lengths (FIPS 180-4).</summary>
public enum ShaAlgorithm
{
    /// <summary>SHA-256, 32-byte digest.</summary>
    Sha256 = 256,

    /// <summary>SHA-384, 48-byte digest.</summary>
    Sha384 = 384,

    /// <summary>SHA-512, 64-byte digest.</summary>
    Sha512 = 512,
}

/// <summary>Sizes of <see cref="ShaAlgorithm"/> digests.</summary>
public static class ShaAlgorithmSizes
{
    /// <summary>Digest size in bytes.</summary>
    public static int DigestSize(this ShaAlgorithm algorithm) => algorithm switch
    {
        ShaAlgorithm.Sha256 => 32,
        ShaAlgorithm.Sha384 => 48,
        ShaAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}

/// <summary>An incremental hash (transcripts, streamed images). Dispose when done.</summary>
public interface IHashContext : IDisposable
{
    /// <summary>The algorithm.</summary>
    ShaAlgorithm Algorithm { get; }

    /// <summary>Feeds bytes.</summary>
    void Append(ReadOnlySpan<byte> data);

    /// <summary>Writes the digest of everything appended so far without ending the hash.</summary>
    int GetCurrentHash(Span<byte> digest);

    /// <summary>Writes the final digest and resets the context for reuse.</summary>
    int GetHashAndReset(Span<byte> digest);
}

/// <summary>The SHA-2 engine (Caliptra's SHA accelerator).</summary>
public interface IShaEngine : IKnownAnswerTest
{
    /// <summary>One-shot hash; returns the digest length written.</summary>
    int Hash(ShaAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> digest);

    /// <summary>Starts an incremental hash.</summary>
    IHashContext CreateContext(ShaAlgorithm algorithm);
}
