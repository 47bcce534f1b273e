namespace Rampart.Wire.Pldm;

/// <summary>
/// The shape every PLDM message body codec follows (DSP0240 §8: the bytes after the 3-byte
/// header; a response body starts with its completion code). Bodies are read from exactly
/// the bytes of one message: short input is <see cref="WireStatus.NeedMoreData"/>, trailing
/// bytes are <see cref="WireStatus.Invalid"/> (ERROR_INVALID_LENGTH), and a failed read
/// returns default and consumes nothing.
/// </summary>
/// <typeparam name="TSelf">The message type.</typeparam>
public interface IPldmMessage<TSelf>
    where TSelf : IPldmMessage<TSelf>, allows ref struct
{
    /// <summary>The PLDM type the message belongs to.</summary>
    static abstract PldmType Type { get; }

    /// <summary>The command code.</summary>
    static abstract byte Command { get; }

    /// <summary>True for the response of the command, false for the request.</summary>
    static abstract bool IsResponse { get; }

    /// <summary>The size of the encoded body.</summary>
    int EncodedLength { get; }

    /// <summary>Reads a body; see the interface remarks for the status rules.</summary>
    static abstract WireStatus TryRead(ReadOnlySpan<byte> source, out TSelf message, out int bytesConsumed);

    /// <summary>Writes the body; false (nothing usable written) if it does not fit.</summary>
    bool TryWrite(Span<byte> destination, out int bytesWritten);
}
