using Rampart.Hal.Time;
using Rampart.Wire.Recovery;

namespace Rampart.Host.Recovery;

/// <summary>Settings of a <see cref="RecoveryAgent"/>. All times are chip (virtual) time.</summary>
public sealed record RecoveryAgentOptions
{
    /// <summary>Tries of one transfer (a NACK, a refused transfer or a read answer with a bad PEC costs one); at least 1.</summary>
    public int MaxTransferAttempts { get; init; } = 5;

    /// <summary>Streams of one image: the first plus restarts after the device lost FIFO data (a PEC-failed write); at least 1.</summary>
    public int MaxImageAttempts { get; init; } = 3;

    /// <summary>Pause before retrying a failed transfer.</summary>
    public long RetryDelayNanoseconds { get; init; } = 10 * TimeUnits.Microsecond;

    /// <summary>Interval between status polls (RECOVERY_STATUS, DEVICE_STATUS, FIFO room).</summary>
    public long PollIntervalNanoseconds { get; init; } = 100 * TimeUnits.Microsecond;

    /// <summary>How long to wait for recovery mode and for "awaiting image" with the next index.</summary>
    public long StatusTimeoutNanoseconds { get; init; } = 10 * TimeUnits.Second;

    /// <summary>How long to wait, after the last byte, for DEVICE_STATUS recovery pending before restarting the stream.</summary>
    public long PendingTimeoutNanoseconds { get; init; } = 100 * TimeUnits.Millisecond;

    /// <summary>How long to wait, after activation, for the device's verdict on an image.</summary>
    public long BootTimeoutNanoseconds { get; init; } = 10 * TimeUnits.Second;

    /// <summary>How long to wait for room when the FIFO stays full.</summary>
    public long FifoTimeoutNanoseconds { get; init; } = 1 * TimeUnits.Second;

    /// <summary>
    /// Bytes written between two INDIRECT_FIFO_STATUS reads once the device has been seen to keep
    /// up (its FIFO empty at a check). The window starts at the FIFO's free space and doubles at
    /// every check that finds the FIFO empty, up to this value; a write the FIFO cannot take is
    /// NACKed by the device without effect and retried once there is room. 0 keeps strict credit:
    /// never more than the free space last read.
    /// </summary>
    public int SpeculativeWindowBytes { get; init; } = 64 * 1024;

    /// <summary>Largest INDIRECT_FIFO_DATA payload the agent sends (the device's maximum transfer size bounds it too); a multiple of 4.</summary>
    public int MaxWriteBytes { get; init; } = 4092;

    /// <summary>The component memory space of the indirect FIFO.</summary>
    public byte FifoCms { get; init; }

    /// <summary>Capabilities PROT_CAP must advertise (device status, flashless boot, indirect FIFO).</summary>
    public RecoveryCapabilities RequiredCapabilities { get; init; } =
        RecoveryCapabilities.DeviceStatus | RecoveryCapabilities.FlashlessBoot | RecoveryCapabilities.FifoCms;

    /// <summary>The recovery reason DEVICE_STATUS must show (flashless/streaming boot, 0x12); null accepts any.</summary>
    public RecoveryReason? ExpectedReason { get; init; } = RecoveryReason.FlashlessBoot;
}
