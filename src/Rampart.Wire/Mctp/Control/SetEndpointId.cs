namespace Rampart.Wire.Mctp.Control;

/// <summary>Set Endpoint ID operation (DSP0236 §12, request byte 1 bits 1:0).</summary>
public enum SetEndpointIdOperation : byte
{
    /// <summary>Set EID (00b).</summary>
    SetEid = 0x00,

    /// <summary>Force EID (01b).</summary>
    ForceEid = 0x01,

    /// <summary>Reset EID (10b).</summary>
    ResetEid = 0x02,

    /// <summary>Set Discovered Flag (11b).</summary>
    SetDiscoveredFlag = 0x03,
}

/// <summary>EID assignment status of a Set Endpoint ID response.</summary>
public enum EidAssignmentStatus : byte
{
    /// <summary>EID assignment accepted (00b).</summary>
    Accepted = 0x00,

    /// <summary>EID assignment rejected (01b).</summary>
    Rejected = 0x01,
}

/// <summary>Endpoint ID allocation status of a Set Endpoint ID response.</summary>
public enum EidAllocationStatus : byte
{
    /// <summary>The device does not use an EID pool (00b).</summary>
    NoPool = 0x00,

    /// <summary>The endpoint requires an EID pool and has not received one yet (01b).</summary>
    PoolRequired = 0x01,

    /// <summary>The endpoint uses an EID pool and has already received an allocation (10b).</summary>
    PoolAllocated = 0x02,
}

/// <summary>Set Endpoint ID request body (DSP0236 §12), after the control header.</summary>
/// <param name="Operation">What to do with the EID.</param>
/// <param name="EndpointId">The EID to assign.</param>
public readonly record struct SetEndpointIdRequest(SetEndpointIdOperation Operation, byte EndpointId)
{
    /// <summary>Request data size.</summary>
    public const int Size = 2;

    // +0 [ rsvd:6 | operation:2 ]   +1 [ endpoint ID ]
    private const int OperationOffset = 0;
    private const int EidOffset = 1;
    private const byte OperationMask = 0x03;

    /// <summary>Reads the body; reserved bits set is <see cref="WireStatus.Invalid"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out SetEndpointIdRequest value, out int consumed)
    {
        value = default;
        consumed = 0;
        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, Size);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        if ((source[OperationOffset] & ~OperationMask) != 0)
        {
            return WireStatus.Invalid;
        }

        value = new SetEndpointIdRequest((SetEndpointIdOperation)source[OperationOffset], source[EidOffset]);
        consumed = Size;
        return WireStatus.Done;
    }

    /// <summary>Writes the body.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)Operation, OperationMask);
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[OperationOffset] = (byte)Operation;
        destination[EidOffset] = EndpointId;
        written = Size;
        return true;
    }
}

/// <summary>Set Endpoint ID response body (DSP0236 §12), after the control header.</summary>
/// <param name="CompletionCode">Completion code; on anything but success the body is this byte alone.</param>
/// <param name="Assignment">EID assignment status.</param>
/// <param name="Allocation">EID allocation status.</param>
/// <param name="EidSetting">The EID the endpoint now has.</param>
/// <param name="EidPoolSize">Size of the dynamic EID pool the endpoint wants (0 if none).</param>
public readonly record struct SetEndpointIdResponse(
    MctpCompletionCode CompletionCode,
    EidAssignmentStatus Assignment,
    EidAllocationStatus Allocation,
    byte EidSetting,
    byte EidPoolSize)
{
    /// <summary>Response data size on success.</summary>
    public const int Size = 4;

    // +0 [ completion code ]
    // +1 [ rsvd:2 | assignment status:2 | rsvd:2 | allocation status:2 ]
    // +2 [ EID setting ]   +3 [ EID pool size ]
    private const int StatusOffset = 1;
    private const int SettingOffset = 2;
    private const int PoolOffset = 3;
    private const byte StatusReservedMask = 0xCC;
    private const int AssignmentShift = 4;

    /// <summary>The size this response takes on the wire.</summary>
    public int WireSize => CompletionCode == MctpCompletionCode.Success ? Size : 1;

    /// <summary>Reads the body; reserved bits or the reserved allocation value 11b are <see cref="WireStatus.Invalid"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out SetEndpointIdResponse value, out int consumed)
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

            value = new SetEndpointIdResponse { CompletionCode = code };
            consumed = 1;
            return WireStatus.Done;
        }

        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, Size);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        var bits = source[StatusOffset];
        if ((bits & StatusReservedMask) != 0 || (bits & 0x03) == 0x03 || ((bits >> AssignmentShift) & 0x03) > 1)
        {
            return WireStatus.Invalid;
        }

        value = new SetEndpointIdResponse(
            code,
            (EidAssignmentStatus)((bits >> AssignmentShift) & 0x03),
            (EidAllocationStatus)(bits & 0x03),
            source[SettingOffset],
            source[PoolOffset]);
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
            ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)Assignment, (byte)1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)Allocation, (byte)2);
            destination[StatusOffset] = (byte)(((byte)Assignment << AssignmentShift) | (byte)Allocation);
            destination[SettingOffset] = EidSetting;
            destination[PoolOffset] = EidPoolSize;
        }

        written = WireSize;
        return true;
    }
}
