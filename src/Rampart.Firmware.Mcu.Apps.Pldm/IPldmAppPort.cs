namespace Rampart.Firmware.Mcu.Apps.Pldm;

/// <summary>
/// Everything the PLDM app needs from the kernel, in one place so the app logic is tested
/// without a kernel: the chip time, MCTP PLDM messages (driver 0xA0002), SoC memory writes
/// (driver 0x9000_0001) and Caliptra's AUTHORIZE_AND_STASH (mailbox driver 0x8000_0009).
/// Messages are PLDM messages only: the port adds and strips the MCTP message-type byte.
/// </summary>
internal interface IPldmAppPort
{
    /// <summary>Chip time in nanoseconds.</summary>
    long Now { get; }

    /// <summary>Where the app writes the message to send next.</summary>
    Span<byte> Transmit { get; }

    /// <summary>The message of the last <see cref="PortEventKind.Request"/> or <see cref="PortEventKind.Response"/> event.</summary>
    ReadOnlySpan<byte> Received { get; }

    /// <summary>Waits for the next received PLDM message, or until <paramref name="deadline"/> (chip time).</summary>
    ValueTask<PortEvent> ReceiveAsync(long deadline, CancellationToken cancellationToken);

    /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="Transmit"/> as a request to <paramref name="destinationEid"/>.</summary>
    ValueTask<bool> SendRequestAsync(byte destinationEid, int length);

    /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="Transmit"/> as the response to a request (same tag).</summary>
    ValueTask<bool> SendResponseAsync(byte destinationEid, byte tag, int length);

    /// <summary>Writes <paramref name="data"/> to SoC memory at <paramref name="address"/>; false when refused.</summary>
    bool WriteSocMemory(ulong address, ReadOnlySpan<byte> data);

    /// <summary>
    /// Asks Caliptra to authorize the image <paramref name="fwId"/> (Caliptra hashes
    /// <paramref name="imageSize"/> bytes at the manifest's load address): true authorized, false
    /// denied, null when the call failed.
    /// </summary>
    ValueTask<bool?> AuthorizeAndStashAsync(uint fwId, uint imageSize);

    /// <summary>Asks Caliptra where the SoC manifest loads <paramref name="fwId"/> (GET_IMAGE_INFO); null when it has no such entry.</summary>
    ValueTask<ulong?> GetLoadAddressAsync(uint fwId);
}

/// <summary>What <see cref="IPldmAppPort.ReceiveAsync"/> produced.</summary>
internal enum PortEventKind
{
    /// <summary>The deadline passed (or the receive failed).</summary>
    Timeout = 0,

    /// <summary>A request from a peer.</summary>
    Request = 1,

    /// <summary>A response to one of the app's requests.</summary>
    Response = 2,
}

/// <summary>One receive outcome.</summary>
/// <param name="Kind">What arrived.</param>
/// <param name="Length">The PLDM message length in <see cref="IPldmAppPort.Received"/>.</param>
/// <param name="SourceEid">The sender's MCTP endpoint ID.</param>
/// <param name="Tag">The MCTP message tag (to answer a request).</param>
/// <remarks>A class, not a struct: an async result type from firmware code instantiates the BCL's
/// builders per type and per boot in a collectible context (decision 0278).</remarks>
internal sealed record PortEvent(PortEventKind Kind, int Length, byte SourceEid, byte Tag)
{
    /// <summary>The deadline passed, or nothing for this app arrived.</summary>
    public static PortEvent Timeout { get; } = new(PortEventKind.Timeout, 0, 0, 0);
}
