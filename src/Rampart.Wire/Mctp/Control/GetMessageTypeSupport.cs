namespace Rampart.Wire.Mctp.Control;

/// <summary>Get Message Type Support request body (DSP0236 §12): empty.</summary>
public readonly record struct GetMessageTypeSupportRequest
{
    /// <summary>Request data size.</summary>
    public const int Size = 0;
}

/// <summary>
/// Get Message Type Support response body (DSP0236 §12), after the control header:
/// completion code, message type count, then one byte per supported message type. The list is a
/// slice of the caller's bytes.
/// </summary>
public readonly ref struct GetMessageTypeSupportResponse
{
    /// <summary>Fixed part: completion code and count.</summary>
    public const int FixedSize = 2;

    // +0 [ completion code ]   +1 [ message type count N ]   +2 [ N × message type ]
    private const int CountOffset = 1;
    private const int TypesOffset = 2;

    /// <summary>Creates a response; at most 255 types.</summary>
    public GetMessageTypeSupportResponse(MctpCompletionCode completionCode, ReadOnlySpan<byte> messageTypes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageTypes.Length, byte.MaxValue, nameof(messageTypes));
        CompletionCode = completionCode;
        MessageTypes = completionCode == MctpCompletionCode.Success ? messageTypes : default;
    }

    /// <summary>Completion code.</summary>
    public MctpCompletionCode CompletionCode { get; }

    /// <summary>The supported message types, one byte each (control, type 0, is implied and may be absent).</summary>
    public ReadOnlySpan<byte> MessageTypes { get; }

    /// <summary>The size this response takes on the wire.</summary>
    public int WireSize => CompletionCode == MctpCompletionCode.Success ? FixedSize + MessageTypes.Length : 1;

    /// <summary>Reads the body.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetMessageTypeSupportResponse value, out int consumed)
    {
        value = default;
        consumed = 0;
        var status = MctpCompletionCodes.TryRead(source, out var code);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (code != MctpCompletionCode.Success)
        {
            if (source.Length != 1)
            {
                return WireStatus.Invalid;
            }

            value = new GetMessageTypeSupportResponse(code, default);
            consumed = 1;
            return WireStatus.Done;
        }

        if (source.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var count = source[CountOffset];
        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, TypesOffset + count);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        value = new GetMessageTypeSupportResponse(code, source.Slice(TypesOffset, count));
        consumed = TypesOffset + count;
        return WireStatus.Done;
    }

    /// <summary>Writes the body (the completion code alone when it is not success).</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < WireSize)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        if (CompletionCode == MctpCompletionCode.Success)
        {
            destination[CountOffset] = (byte)MessageTypes.Length;
            MessageTypes.CopyTo(destination[TypesOffset..]);
        }

        written = WireSize;
        return true;
    }
}
