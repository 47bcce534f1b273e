namespace Rampart.Wire.Mctp.Control;

/// <summary>Get Endpoint UUID request body (DSP0236 §12): empty.</summary>
public readonly record struct GetEndpointUuidRequest
{
    /// <summary>Request data size.</summary>
    public const int Size = 0;
}

/// <summary>Get Endpoint UUID response body (DSP0236 §12), after the control header.</summary>
/// <param name="CompletionCode">Completion code; on anything but success the body is this byte alone.</param>
/// <param name="Uuid">The endpoint's UUID; its 16 bytes are carried in RFC 4122 (big-endian) order.</param>
public readonly record struct GetEndpointUuidResponse(MctpCompletionCode CompletionCode, Guid Uuid)
{
    /// <summary>Response data size on success.</summary>
    public const int Size = 17;

    /// <summary>Size of the UUID field.</summary>
    public const int UuidSize = 16;

    // +0 [ completion code ]   +1..+16 [ UUID ]
    private const int UuidOffset = 1;

    /// <summary>The size this response takes on the wire.</summary>
    public int WireSize => CompletionCode == MctpCompletionCode.Success ? Size : 1;

    /// <summary>Reads the body.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetEndpointUuidResponse value, out int consumed)
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

            value = new GetEndpointUuidResponse { CompletionCode = code };
            consumed = 1;
            return WireStatus.Done;
        }

        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, Size);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        value = new GetEndpointUuidResponse(code, new Guid(source.Slice(UuidOffset, UuidSize), bigEndian: true));
        consumed = Size;
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
            Uuid.TryWriteBytes(destination.Slice(UuidOffset, UuidSize), bigEndian: true, out _);
        }

        written = WireSize;
        return true;
    }
}
