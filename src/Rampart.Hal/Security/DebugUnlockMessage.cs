namespace Rampart.Hal.Security;

/// <summary>
/// The message a production debug-unlock signer signs.
/// </summary>
/// <remarks>
/// <code>
/// offset  size  field
///   0      8    "RPDBGUNL" (ASCII)
///   8      1    level (1…8)
///   9     48    challenge from the lifecycle controller
/// </code>
/// </remarks>
public static class DebugUnlockMessage
{
    /// <summary>Challenge size.</summary>
    public const int ChallengeSize = 48;

    /// <summary>Offset of the level byte.</summary>
    public const int LevelOffset = 8;

    /// <summary>Offset of the challenge.</summary>
    public const int ChallengeOffset = 9;

    /// <summary>Total message size.</summary>
    public const int Size = ChallengeOffset + ChallengeSize;

    /// <summary>The marker at the start.</summary>
    public static ReadOnlySpan<byte> Marker => "RPDBGUNL"u8;

    /// <summary>Writes the message for a level and challenge into <paramref name="destination"/> (at least <see cref="Size"/> bytes).</summary>
    public static void Write(int level, ReadOnlySpan<byte> challenge, Span<byte> destination)
    {
        if (challenge.Length != ChallengeSize)
        {
            throw new ArgumentException("The challenge is 48 bytes.", nameof(challenge));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, FuseLayout.DebugUnlockLevels);
        Marker.CopyTo(destination);
        destination[LevelOffset] = (byte)level;
        challenge.CopyTo(destination[ChallengeOffset..]);
    }
}
