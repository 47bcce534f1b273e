using Rampart.Hal.Crypto;

namespace Rampart.Hal.Security;

/// <summary>
/// How a lifecycle token is fused: SHA-384("RPLCTOKN" || token), stored at
/// <see cref="OffsetOf"/> in <see cref="FusePartition.LifecycleTokens"/>. Tokens are 16 to 64
/// bytes. The lifecycle controller and the host's fuse programmer both use this one definition.
/// </summary>
public static class LifecycleTokenHash
{
    /// <summary>Shortest token accepted.</summary>
    public const int MinTokenSize = 16;

    /// <summary>Longest token accepted.</summary>
    public const int MaxTokenSize = 64;

    private const int LabelSize = 8;

    private static ReadOnlySpan<byte> Label => "RPLCTOKN"u8;

    /// <summary>Writes the fused form of <paramref name="token"/>; false when its length is out of range.</summary>
    public static bool TryCompute(IShaEngine sha, ReadOnlySpan<byte> token, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(sha);
        if (token.Length < MinTokenSize || token.Length > MaxTokenSize || hash.Length < FuseLayout.HashSize)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[LabelSize + MaxTokenSize];
        Label.CopyTo(buffer);
        token.CopyTo(buffer[LabelSize..]);
        sha.Hash(ShaAlgorithm.Sha384, buffer[..(LabelSize + token.Length)], hash[..FuseLayout.HashSize]);
        buffer.Clear();
        return true;
    }

    /// <summary>The offset of a token's hash in <see cref="FusePartition.LifecycleTokens"/>.</summary>
    public static int OffsetOf(LifecycleToken token) => (int)token * FuseLayout.HashSize;
}
