namespace Rampart.Wire.Pldm;

/// <summary>
/// Length and completion-code rules shared by the PLDM body codecs (DSP0240 §8: a response
/// whose completion code is not SUCCESS carries only that code).
/// </summary>
public static class PldmBody
{
    /// <summary>The size of a completion code.</summary>
    public const int CompletionCodeLength = 1;

    /// <summary>Done for exactly <paramref name="length"/> bytes, NeedMoreData when shorter, Invalid when longer.</summary>
    public static WireStatus CheckExact(ReadOnlySpan<byte> source, int length) =>
        source.Length < length ? WireStatus.NeedMoreData
        : source.Length > length ? WireStatus.Invalid
        : WireStatus.Done;

    /// <summary>Done when at least <paramref name="length"/> bytes are there, else NeedMoreData.</summary>
    public static WireStatus CheckAtLeast(ReadOnlySpan<byte> source, int length) =>
        source.Length < length ? WireStatus.NeedMoreData : WireStatus.Done;

    /// <summary>
    /// Reads the completion code that starts a response body. When it is not SUCCESS,
    /// <paramref name="errorOnly"/> is set and the status says whether the body is exactly that
    /// one byte (Done) or carries more (Invalid).
    /// </summary>
    public static WireStatus ReadCompletionCode(ReadOnlySpan<byte> source, out PldmCompletionCode completionCode, out bool errorOnly)
    {
        completionCode = PldmCompletionCode.Success;
        errorOnly = false;
        if (source.IsEmpty)
        {
            return WireStatus.NeedMoreData;
        }

        completionCode = (PldmCompletionCode)source[0];
        if (completionCode == PldmCompletionCode.Success)
        {
            return WireStatus.Done;
        }

        errorOnly = true;
        return source.Length == CompletionCodeLength ? WireStatus.Done : WireStatus.Invalid;
    }

    /// <summary>Writes an error-only response (just the completion code).</summary>
    public static bool TryWriteErrorOnly(PldmCompletionCode completionCode, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.IsEmpty)
        {
            return false;
        }

        destination[0] = (byte)completionCode;
        bytesWritten = CompletionCodeLength;
        return true;
    }

    /// <summary>
    /// Reads a whole message body of <typeparamref name="T"/> after checking the PLDM header
    /// names its type, command and direction (Unsupported when it names another message).
    /// </summary>
    public static WireStatus TryReadMessage<T>(ReadOnlySpan<byte> message, out Base.PldmHeader header, out T body)
        where T : IPldmMessage<T>, allows ref struct
    {
        body = default!;
        var status = Base.PldmHeader.TryRead(message, out header, out var used);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (header.Type != T.Type || header.Command != T.Command || header.IsRequest == T.IsResponse)
        {
            header = default;
            return WireStatus.Unsupported;
        }

        status = T.TryRead(message[used..], out body, out _);
        if (status != WireStatus.Done)
        {
            header = default;
        }

        return status;
    }

    /// <summary>Writes a PLDM header for <typeparamref name="T"/> then its body.</summary>
    public static bool TryWriteMessage<T>(byte instanceId, in T body, Span<byte> destination, out int bytesWritten)
        where T : IPldmMessage<T>, allows ref struct
    {
        bytesWritten = 0;
        var header = new Base.PldmHeader(!T.IsResponse, false, instanceId, T.Type, T.Command);
        if (!header.TryWrite(destination, out var used) || !body.TryWrite(destination[used..], out var written))
        {
            return false;
        }

        bytesWritten = used + written;
        return true;
    }
}
