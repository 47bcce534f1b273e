namespace Rampart.Hal.Security;

/// <summary>
/// The OTP fuse controller. Bits only go 0→1; a locked partition takes no writes; every read
/// first checks the partition's SHA-384 digest and refuses a partition that does not match.
/// The two secret partitions are never read by firmware: they are loaded into the key vault.
/// </summary>
public interface IFuseController
{
    /// <summary>Reads bytes of a non-secret partition (after checking its digest).</summary>
    FuseStatus Read(FusePartition partition, int offset, Span<byte> destination);

    /// <summary>
    /// Programs bytes: every bit set in the current value must stay set in <paramref name="value"/>,
    /// otherwise the request is refused with <see cref="FuseStatus.WouldClearBits"/> and nothing is written.
    /// </summary>
    FuseStatus Program(FusePartition partition, int offset, ReadOnlySpan<byte> value);

    /// <summary>Locks a partition; it takes no further writes (locking twice is not an error).</summary>
    FuseStatus Lock(FusePartition partition);

    /// <summary>True when the partition is locked.</summary>
    bool IsLocked(FusePartition partition);

    /// <summary>Checks the partition's digest; <see cref="FuseStatus.Ok"/> when it matches.</summary>
    FuseStatus Verify(FusePartition partition);

    /// <summary>Loads a secret partition (UDS seed, field entropy) into a key-vault slot, as the hardware does at cold boot.</summary>
    FuseStatus LoadSecret(FusePartition partition, IKeyVault vault, KeySlotId slot, KeyUsage usage);
}
