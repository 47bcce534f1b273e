namespace Rampart.Wire.Mctp.Control;

/// <summary>Endpoint type of a Get Endpoint ID response (DSP0236 §12).</summary>
public enum MctpEndpointType : byte
{
    /// <summary>Simple endpoint (00b).</summary>
    SimpleEndpoint = 0x00,

    /// <summary>Bus owner and/or bridge (01b).</summary>
    BusOwnerOrBridge = 0x01,
}

/// <summary>Endpoint ID type of a Get Endpoint ID response.</summary>
public enum MctpEidType : byte
{
    /// <summary>Dynamic EID (00b).</summary>
    Dynamic = 0x00,

    /// <summary>Static EID (01b).</summary>
    Static = 0x01,

    /// <summary>Static EID, and the current EID matches the static one (10b).</summary>
    StaticCurrentMatches = 0x02,

    /// <summary>Static EID, and the current EID does not match (11b).</summary>
    StaticCurrentDiffers = 0x03,
}

/// <summary>Get Endpoint ID request body (DSP0236 §12): empty.</summary>
public readonly record struct GetEndpointIdRequest
{
    /// <summary>Request data size.</summary>
    public const int Size = 0;
}

/// <summary>Get Endpoint ID response body (DSP0236 §12), after the control header.</summary>
/// <param name="CompletionCode">Completion code; on anything but success the body is this byte alone.</param>
/// <param name="EndpointId">The endpoint's EID (0 when not yet assigned).</param>
/// <param name="EndpointType">Simple endpoint or bus owner/bridge.</param>
/// <param name="EidType">Dynamic or static EID.</param>
/// <param name="MediumSpecific">Medium-specific information.</param>
public readonly record struct GetEndpointIdResponse(
    MctpCompletionCode CompletionCode,
    byte EndpointId,
    MctpEndpointType EndpointType,
    MctpEidType EidType,
    byte MediumSpecific)
{
    /// <summary>Response data size on success.</summary>
    public const int Size = 4;

    // +0 [ completion code ]   +1 [ endpoint ID ]
    // +2 [ rsvd:2 | endpoint type:2 | rsvd:2 | EID type:2 ]   +3 [ medium-specific ]
    private const int EidOffset = 1;
    private const int TypeOffset = 2;
    private const int MediumOffset = 3;
    private const byte TypeReservedMask = 0xCC;
    private const int EndpointTypeShift = 4;

    /// <summary>The size this response takes on the wire.</summary>
    public int WireSize => CompletionCode == MctpCompletionCode.Success ? Size : 1;

    /// <summary>Reads the body; reserved bits or endpoint type values 10b/11b are <see cref="WireStatus.Invalid"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetEndpointIdResponse value, out int consumed)
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

            value = new GetEndpointIdResponse { CompletionCode = code };
            consumed = 1;
            return WireStatus.Done;
        }

        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, Size);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        var bits = source[TypeOffset];
        if ((bits & TypeReservedMask) != 0 || ((bits >> EndpointTypeShift) & 0x03) > 1)
        {
            return WireStatus.Invalid;
        }

        value = new GetEndpointIdResponse(
            code,
            source[EidOffset],
            (MctpEndpointType)((bits >> EndpointTypeShift) & 0x03),
            (MctpEidType)(bits & 0x03),
            source[MediumOffset]);
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
            ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)EndpointType, (byte)1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)EidType, (byte)3);
            destination[EidOffset] = EndpointId;
            destination[TypeOffset] = (byte)(((byte)EndpointType << EndpointTypeShift) | (byte)EidType);
            destination[MediumOffset] = MediumSpecific;
        }

        written = WireSize;
        return true;
    }
}
