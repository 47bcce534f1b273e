using Rampart.Wire.Recovery;

namespace Rampart.Host.Recovery;

/// <summary>Which way a recovery transfer moved data.</summary>
public enum RecoveryTransferDirection
{
    /// <summary>A write frame (command, length, data, PEC).</summary>
    Write = 1,

    /// <summary>A read: the request frame and the device's answer.</summary>
    Read = 2,
}

/// <summary>How one try of a recovery transfer ended.</summary>
public enum RecoveryTransferStatus
{
    /// <summary>Acknowledged (for a read: answered with a good PEC and length).</summary>
    Ack = 1,

    /// <summary>Not acknowledged (the bus lost it, or the device refused it, e.g. a full FIFO).</summary>
    Nack = 2,

    /// <summary>Refused by the local controller.</summary>
    Refused = 3,

    /// <summary>A read answer with a bad PEC or length.</summary>
    BadResponse = 4,
}

/// <summary>One try of one recovery transfer, for timelines: what, which way, how many payload bytes, when.</summary>
/// <param name="Command">The recovery command.</param>
/// <param name="Direction">Write or read.</param>
/// <param name="Length">Payload bytes (written, or read back; 0 when a read failed).</param>
/// <param name="StartTime">Chip time the transfer began.</param>
/// <param name="EndTime">Chip time it ended.</param>
/// <param name="Status">How it ended.</param>
public readonly record struct RecoveryTransfer(
    RecoveryCommand Command,
    RecoveryTransferDirection Direction,
    int Length,
    long StartTime,
    long EndTime,
    RecoveryTransferStatus Status);

/// <summary>Streaming progress of one image: payload bytes the device has acknowledged out of the total (padding included).</summary>
/// <param name="ImageIndex">The recovery image index.</param>
/// <param name="BytesSent">Bytes acknowledged so far in the current stream (back to 0 when a stream restarts).</param>
/// <param name="TotalBytes">Bytes of the stream (the image padded to a multiple of 4).</param>
public readonly record struct RecoveryProgress(byte ImageIndex, long BytesSent, long TotalBytes);

/// <summary>What the agent counted while running.</summary>
public sealed class RecoveryAgentCounters
{
    /// <summary>Transfer tries (every <see cref="RecoveryTransfer"/>).</summary>
    public long Transfers { get; internal set; }

    /// <summary>Tries that were retries of a failed transfer.</summary>
    public long Retries { get; internal set; }

    /// <summary>Tries NACKed or refused.</summary>
    public long Nacks { get; internal set; }

    /// <summary>Read answers with a bad PEC or length.</summary>
    public long BadResponses { get; internal set; }

    /// <summary>DEVICE_STATUS reads that reported a protocol error.</summary>
    public long ProtocolErrorsReported { get; internal set; }

    /// <summary>INDIRECT_FIFO_STATUS reads.</summary>
    public long FifoStatusReads { get; internal set; }

    /// <summary>FIFO data writes NACKed because the FIFO was full (waited for room, not counted as failures).</summary>
    public long FifoFullWaits { get; internal set; }

    /// <summary>Image streams restarted because the device lost data.</summary>
    public long ImageRestarts { get; internal set; }
}
