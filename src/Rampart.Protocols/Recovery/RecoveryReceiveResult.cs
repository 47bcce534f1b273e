namespace Rampart.Protocols.Recovery;

/// <summary>How one <see cref="RecoveryImageReceiver.ReceiveAsync"/> ended (success is not zero).</summary>
public enum RecoveryReceiveStatus
{
    /// <summary>The agent streamed exactly the announced size and activated it; the image is in the result.</summary>
    Received = 1,

    /// <summary>The announced image is larger than the caller's limit; its bytes were drained and dropped.</summary>
    TooLarge = 2,

    /// <summary>At activation the bytes streamed differ from the announced size (a truncated or overlong stream).</summary>
    SizeMismatch = 3,

    /// <summary>A whole timeout period passed without the agent writing anything.</summary>
    TimedOut = 4,
}

/// <summary>
/// The outcome of receiving one recovery image. <see cref="Image"/> holds the image only when
/// <see cref="Status"/> is <see cref="RecoveryReceiveStatus.Received"/>; its length is the size the
/// agent announced in INDIRECT_FIFO_CTRL, which OCP Secure Firmware Recovery 1.1 counts in 4-byte
/// units, so it includes the agent's zero padding (the image format carries its own length).
/// </summary>
/// <param name="Status">How the receive ended.</param>
/// <param name="Image">The received bytes (empty unless received).</param>
/// <param name="Detail">A short human-readable explanation (sizes seen, for logs).</param>
/// <remarks>A class, not a struct: as an async result in a stage's collectible context a struct makes
/// the BCL's async builders JIT-compile again on every boot (decision 0278).</remarks>
public sealed record RecoveryReceiveResult(RecoveryReceiveStatus Status, ReadOnlyMemory<byte> Image, string Detail);
