using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>QueryDownstreamIdentifiers request (DSP0267 1.3 §"QueryDownstreamIdentifiers", UA→FD).</summary>
/// <param name="DataTransferHandle">0 for the first part, else the NextDataTransferHandle received.</param>
/// <param name="TransferOperationFlag">GetFirstPart or GetNextPart.</param>
public readonly record struct QueryDownstreamIdentifiersRequest(uint DataTransferHandle, TransferOperationFlag TransferOperationFlag)
    : IPldmMessage<QueryDownstreamIdentifiersRequest>
{
    // +0 DataTransferHandle    u32 LE
    // +4 TransferOperationFlag enum8

    /// <summary>The body size.</summary>
    public const int Length = MultipartTransfer.RequestLength;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.QueryDownstreamIdentifiers;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out QueryDownstreamIdentifiersRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = MultipartTransfer.TryReadRequest(source, out var handle, out var flag);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new QueryDownstreamIdentifiersRequest(handle, flag);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        MultipartTransfer.TryWriteRequest(DataTransferHandle, TransferOperationFlag, destination, out bytesWritten);
}

/// <summary>
/// QueryDownstreamIdentifiers response (DSP0267 1.3 §"QueryDownstreamIdentifiers"). The
/// portion may split a record across parts; a single StartAndEnd part is read with
/// <see cref="TryGetDevices"/>.
/// </summary>
public readonly ref struct QueryDownstreamIdentifiersResponse : IPldmMessage<QueryDownstreamIdentifiersResponse>
{
    // +0  CompletionCode            u8
    // +1  NextDataTransferHandle    u32 LE
    // +5  TransferFlag              enum8
    // +6  DownstreamDevicesLength   u32 LE (bytes of the portion below)
    // +10 NumberOfDownstreamDevices u16 LE
    // +12 PortionOfDownstreamDevices

    /// <summary>The fixed part of a successful body.</summary>
    public const int FixedLength = 12;

    private const int LengthOffset = 6;
    private const int NumberOffset = 10;

    /// <summary>A response.</summary>
    public QueryDownstreamIdentifiersResponse(
        PldmCompletionCode completionCode,
        uint nextDataTransferHandle,
        TransferFlag transferFlag,
        ushort numberOfDownstreamDevices,
        ReadOnlySpan<byte> portion)
    {
        CompletionCode = completionCode;
        NextDataTransferHandle = nextDataTransferHandle;
        TransferFlag = transferFlag;
        NumberOfDownstreamDevices = numberOfDownstreamDevices;
        Portion = portion;
    }

    /// <summary>The completion code.</summary>
    public PldmCompletionCode CompletionCode { get; }

    /// <summary>The handle of the next part.</summary>
    public uint NextDataTransferHandle { get; }

    /// <summary>Which part this is.</summary>
    public TransferFlag TransferFlag { get; }

    /// <summary>The number of downstream devices.</summary>
    public ushort NumberOfDownstreamDevices { get; }

    /// <summary>This part of the downstream device records.</summary>
    public ReadOnlySpan<byte> Portion { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.QueryDownstreamIdentifiers;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? FixedLength + Portion.Length : PldmBody.CompletionCodeLength;

    /// <summary>Reads the records when this is the only part (StartAndEnd).</summary>
    public WireStatus TryGetDevices(out DownstreamDeviceList devices)
    {
        devices = default;
        if (CompletionCode != PldmCompletionCode.Success || TransferFlag != TransferFlag.StartAndEnd)
        {
            return WireStatus.Unsupported;
        }

        return DownstreamDeviceList.TryRead(Portion, NumberOfDownstreamDevices, out devices);
    }

    /// <summary>Reads the body; Invalid when DownstreamDevicesLength disagrees with the bytes or the TransferFlag is undefined.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out QueryDownstreamIdentifiersResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (errorOnly)
        {
            message = new QueryDownstreamIdentifiersResponse(code, 0, default, 0, default);
            bytesConsumed = source.Length;
            return WireStatus.Done;
        }

        status = PldmBody.CheckAtLeast(source, FixedLength);
        if (status == WireStatus.Done)
        {
            status = MultipartTransfer.TryReadResponseStart(source, out var handle, out var flag);
            if (status != WireStatus.Done)
            {
                return status;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(source[LengthOffset..]);
            var portion = source[FixedLength..];
            if ((ulong)portion.Length < length)
            {
                return WireStatus.NeedMoreData;
            }

            if ((ulong)portion.Length > length)
            {
                return WireStatus.Invalid;
            }

            message = new QueryDownstreamIdentifiersResponse(
                code, handle, flag, BinaryPrimitives.ReadUInt16LittleEndian(source[NumberOffset..]), portion);
            bytesConsumed = source.Length;
        }

        return status;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        if (CompletionCode != PldmCompletionCode.Success)
        {
            return PldmBody.TryWriteErrorOnly(CompletionCode, destination, out bytesWritten);
        }

        bytesWritten = 0;
        if (destination.Length < EncodedLength)
        {
            return false;
        }

        MultipartTransfer.WriteResponseStart(NextDataTransferHandle, TransferFlag, destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LengthOffset..], (uint)Portion.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[NumberOffset..], NumberOfDownstreamDevices);
        Portion.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}
