using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>Maps Rampart's <see cref="ShaAlgorithm"/> onto .NET's hash names.</summary>
internal static class HashNames
{
    /// <summary>The .NET name of a SHA-2 algorithm; a caller bug for an undefined value.</summary>
    public static HashAlgorithmName ToHashAlgorithmName(this ShaAlgorithm algorithm) => algorithm switch
    {
        ShaAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        ShaAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        ShaAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not a SHA-2 algorithm Rampart supports."),
    };

    /// <summary>Throws when <paramref name="destination"/> is shorter than the digest.</summary>
    public static int RequireDigestSpace(this ShaAlgorithm algorithm, int destinationLength, string parameterName)
    {
        int size = algorithm.DigestSize();
        if (destinationLength < size)
        {
            throw new ArgumentException($"The destination needs {size} bytes for {algorithm}.", parameterName);
        }

        return size;
    }
}
