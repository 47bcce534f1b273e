namespace Rampart.Wire.Mctp.Control;

/// <summary>MCTP control completion codes (DSP0236 §12). Open: unknown codes are carried through.</summary>
public enum MctpCompletionCode : byte
{
    /// <summary>SUCCESS (0x00).</summary>
    Success = 0x00,

    /// <summary>ERROR (0x01): generic failure.</summary>
    Error = 0x01,

    /// <summary>ERROR_INVALID_DATA (0x02).</summary>
    InvalidData = 0x02,

    /// <summary>ERROR_INVALID_LENGTH (0x03).</summary>
    InvalidLength = 0x03,

    /// <summary>ERROR_NOT_READY (0x04).</summary>
    NotReady = 0x04,

    /// <summary>ERROR_UNSUPPORTED_CMD (0x05).</summary>
    UnsupportedCommand = 0x05,

    /// <summary>Get MCTP Version Support: message type number not supported (0x80), DSP0236 §88.</summary>
    MessageTypeNotSupported = 0x80,
}

/// <summary>Names and the shared completion-code rule of control responses.</summary>
public static class MctpCompletionCodes
{
    /// <summary>The spec's name of a completion code; unknown ones print as hex.</summary>
    public static string Name(MctpCompletionCode code) => code switch
    {
        MctpCompletionCode.Success => "SUCCESS",
        MctpCompletionCode.Error => "ERROR",
        MctpCompletionCode.InvalidData => "ERROR_INVALID_DATA",
        MctpCompletionCode.InvalidLength => "ERROR_INVALID_LENGTH",
        MctpCompletionCode.NotReady => "ERROR_NOT_READY",
        MctpCompletionCode.UnsupportedCommand => "ERROR_UNSUPPORTED_CMD",
        MctpCompletionCode.MessageTypeNotSupported => "MESSAGE_TYPE_NOT_SUPPORTED",
        _ => $"0x{(byte)code:X2}",
    };

    /// <summary>
    /// The length rule of every control body (DSP0236 §12: a body is exactly as long as its
    /// table says): Done for exactly <paramref name="expected"/> bytes, NeedMoreData when
    /// shorter, Invalid (ERROR_INVALID_LENGTH) when longer.
    /// </summary>
    public static WireStatus CheckLength(int actual, int expected) =>
        actual < expected ? WireStatus.NeedMoreData : actual > expected ? WireStatus.Invalid : WireStatus.Done;

    /// <summary>
    /// Reads the completion code that starts every response body. DSP0236 §12: a response
    /// whose completion code is not SUCCESS carries only that code, so a caller reads the rest
    /// only on <see cref="MctpCompletionCode.Success"/>; an error response longer than the code is Invalid.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out MctpCompletionCode code)
    {
        if (source.IsEmpty)
        {
            code = default;
            return WireStatus.NeedMoreData;
        }

        code = (MctpCompletionCode)source[0];
        return WireStatus.Done;
    }
}
