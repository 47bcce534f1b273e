namespace Rampart.Wire.Recovery;

/// <summary>
/// INDIRECT_FIFO_DATA (0x2F) payload, OCP Secure Firmware Recovery 1.1 §9.2: image bytes
/// pushed into the FIFO. The device's maximum transfer size (INDIRECT_FIFO_STATUS) bounds one
/// write further; Caliptra's I3C core takes up to 256 bytes.
/// </summary>
public static class IndirectFifoData
{
    /// <summary>Smallest payload.</summary>
    public const int MinSize = 1;

    /// <summary>Largest payload the framing's length field allows.</summary>
    public const int MaxSize = RecoveryCommands.MaxFramedPayload;

    /// <summary>Checks the length against the device's maximum transfer size in bytes.</summary>
    public static WireStatus Validate(ReadOnlySpan<byte> payload, int maxTransferBytes) =>
        payload.Length < MinSize ? WireStatus.NeedMoreData
        : payload.Length > Math.Min(MaxSize, maxTransferBytes) ? WireStatus.Invalid
        : WireStatus.Done;
}
