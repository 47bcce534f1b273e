using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>GetStatus request (DSP0267 1.3 §"GetStatus"): no body.</summary>
public readonly record struct GetStatusRequest : IPldmMessage<GetStatusRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetStatus;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetStatusRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        return PldmBody.CheckExact(source, Length);
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        return true;
    }
}

/// <summary>GetStatus response (DSP0267 1.3 §"GetStatus").</summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="CurrentState">The FD's state now.</param>
/// <param name="PreviousState">The state it came from.</param>
/// <param name="AuxState">The progress of the current state's operation.</param>
/// <param name="AuxStateStatus">0 in progress/success, else a result code (open).</param>
/// <param name="ProgressPercent">0–100, or 101 (0x65) when progress is not supported.</param>
/// <param name="ReasonCode">Why the FD last entered IDLE.</param>
/// <param name="UpdateOptionFlagsEnabled">The update options the FD is honouring.</param>
public readonly record struct GetStatusResponse(
    PldmCompletionCode CompletionCode,
    FirmwareDeviceState CurrentState,
    FirmwareDeviceState PreviousState,
    AuxState AuxState,
    AuxStateStatus AuxStateStatus,
    byte ProgressPercent,
    GetStatusReasonCode ReasonCode,
    UpdateOptionFlags UpdateOptionFlagsEnabled) : IPldmMessage<GetStatusResponse>
{
    // +0 CompletionCode           u8
    // +1 CurrentState             enum8
    // +2 PreviousState            enum8
    // +3 AuxState                 enum8
    // +4 AuxStateStatus           enum8
    // +5 ProgressPercent          u8 (0–100, 101 = not supported)
    // +6 ReasonCode               enum8
    // +7 UpdateOptionFlagsEnabled bitfield32 LE

    /// <summary>The body size on success.</summary>
    public const int Length = 11;

    /// <summary>ProgressPercent when the FD does not report progress (0x65).</summary>
    public const byte ProgressNotSupported = 101;

    private const int CurrentOffset = 1;
    private const int PreviousOffset = 2;
    private const int AuxOffset = 3;
    private const int AuxStatusOffset = 4;
    private const int ProgressOffset = 5;
    private const int ReasonOffset = 6;
    private const int FlagsOffset = 7;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetStatus;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <summary>
    /// Reads the body. Invalid for an undefined state or aux state, a reason code in the
    /// reserved range 8–199, or a progress over 101.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetStatusResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckExact(source, Length);
        }

        if (status != WireStatus.Done)
        {
            return status;
        }

        if (errorOnly)
        {
            message = new GetStatusResponse { CompletionCode = code };
            bytesConsumed = source.Length;
            return WireStatus.Done;
        }

        var current = (FirmwareDeviceState)source[CurrentOffset];
        var previous = (FirmwareDeviceState)source[PreviousOffset];
        var aux = (AuxState)source[AuxOffset];
        var reason = (GetStatusReasonCode)source[ReasonOffset];
        if (!FirmwareDeviceStates.IsDefined(current) || !FirmwareDeviceStates.IsDefined(previous)
            || !FirmwareDeviceStates.IsDefined(aux) || !FirmwareDeviceStates.IsDefined(reason)
            || source[ProgressOffset] > ProgressNotSupported)
        {
            return WireStatus.Invalid;
        }

        message = new GetStatusResponse(
            code,
            current,
            previous,
            aux,
            (AuxStateStatus)source[AuxStatusOffset],
            source[ProgressOffset],
            reason,
            (UpdateOptionFlags)BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]));
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (CompletionCode != PldmCompletionCode.Success)
        {
            return PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
        }

        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        destination[CurrentOffset] = (byte)CurrentState;
        destination[PreviousOffset] = (byte)PreviousState;
        destination[AuxOffset] = (byte)AuxState;
        destination[AuxStatusOffset] = (byte)AuxStateStatus;
        destination[ProgressOffset] = ProgressPercent;
        destination[ReasonOffset] = (byte)ReasonCode;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], (uint)UpdateOptionFlagsEnabled);
        bytesWritten = Length;
        return true;
    }
}
