namespace Rampart.Hal.Peripherals;

/// <summary>How an I3C transfer ended, as a bus master sees it.</summary>
public enum I3cTransferStatus
{
    /// <summary>The target acknowledged.</summary>
    Ack = 1,

    /// <summary>No target answered, the target refused, or the transfer was lost.</summary>
    Nack = 2,

    /// <summary>Refused by the controller: a transfer is already in flight or the data is too long.</summary>
    Refused = 3,
}

/// <summary>The outcome of a transfer: status and bytes moved.</summary>
public readonly record struct I3cTransferResult(I3cTransferStatus Status, int Length);

/// <summary>
/// The BMC side of an I3C bus (DSP0233 for MCTP, OCP recovery framing for the recovery
/// block): private writes and reads to a target address, and the IBIs targets raise. One
/// transfer at a time; each completes when the (virtual or real) bus says so.
/// </summary>
public interface II3cController
{
    /// <summary>Private write of <paramref name="data"/> to <paramref name="address"/>.</summary>
    ValueTask<I3cTransferResult> PrivateWriteAsync(byte address, ReadOnlySpan<byte> data);

    /// <summary>Private read from <paramref name="address"/> into <paramref name="destination"/>.</summary>
    ValueTask<I3cTransferResult> PrivateReadAsync(byte address, Memory<byte> destination);

    /// <summary>Takes the oldest IBI (address and mandatory data byte); false if none.</summary>
    bool TryTakeIbi(out byte address, out byte mandatoryDataByte);

    /// <summary>Completes when an IBI arrives (at once if one is queued).</summary>
    ValueTask WaitForIbi();
}
