using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// SHA-256/384/512 (FIPS 180-4) over System.Security.Cryptography: one-shot hashing into
/// caller buffers (no allocation) and incremental contexts over <see cref="IncrementalHash"/>.
/// </summary>
public sealed class ShaEngine : IShaEngine
{
    /// <summary>A known-answer vector: algorithm, message, expected digest.</summary>
    internal readonly record struct Vector(string Name, ShaAlgorithm Algorithm, byte[] Message, byte[] Digest);

    /// <summary>FIPS 180-4 examples ("abc") for each digest length (NIST CSRC example values).</summary>
    internal static readonly Vector[] KnownAnswers =
    [
        new("SHA-256 abc", ShaAlgorithm.Sha256, "abc"u8.ToArray(),
            Hex.Decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")),
        new("SHA-384 abc", ShaAlgorithm.Sha384, "abc"u8.ToArray(),
            Hex.Decode("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")),
        new("SHA-512 abc", ShaAlgorithm.Sha512, "abc"u8.ToArray(),
            Hex.Decode("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")),
    ];

    /// <inheritdoc/>
    public string EngineName => "SHA-2";

    /// <inheritdoc/>
    public int Hash(ShaAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        algorithm.RequireDigestSpace(digest.Length, nameof(digest));
        return algorithm switch
        {
            ShaAlgorithm.Sha256 => SHA256.HashData(data, digest),
            ShaAlgorithm.Sha384 => SHA384.HashData(data, digest),
            ShaAlgorithm.Sha512 => SHA512.HashData(data, digest),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    /// <inheritdoc/>
    public IHashContext CreateContext(ShaAlgorithm algorithm) => new HashContext(algorithm);

    /// <inheritdoc/>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(KnownAnswers);

    /// <summary>Runs the given vectors; each is hashed one-shot and in two incremental pieces.</summary>
    internal KatResult RunKnownAnswerTest(IReadOnlyList<Vector> vectors) => KnownAnswer.Guard(EngineName, () => RunVectors(vectors));

    private KatResult RunVectors(IReadOnlyList<Vector> vectors)
    {
        Span<byte> digest = stackalloc byte[64];
        foreach (Vector v in vectors)
        {
            int n = Hash(v.Algorithm, v.Message, digest);
            if (!digest[..n].SequenceEqual(v.Digest))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: one-shot digest mismatch");
            }

            using IHashContext context = CreateContext(v.Algorithm);
            int half = v.Message.Length / 2;
            context.Append(v.Message.AsSpan(0, half));
            context.Append(v.Message.AsSpan(half));
            n = context.GetHashAndReset(digest);
            if (!digest[..n].SequenceEqual(v.Digest))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: incremental digest mismatch");
            }
        }

        return KatResult.Pass(EngineName);
    }

    /// <summary>An incremental SHA-2 context.</summary>
    private sealed class HashContext(ShaAlgorithm algorithm) : IHashContext
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm.ToHashAlgorithmName());

        public ShaAlgorithm Algorithm { get; } = algorithm;

        public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public int GetCurrentHash(Span<byte> digest)
        {
            Algorithm.RequireDigestSpace(digest.Length, nameof(digest));
            return _hash.GetCurrentHash(digest);
        }

        public int GetHashAndReset(Span<byte> digest)
        {
            Algorithm.RequireDigestSpace(digest.Length, nameof(digest));
            return _hash.GetHashAndReset(digest);
        }

        public void Dispose() => _hash.Dispose();
    }
}
