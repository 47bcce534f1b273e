namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>GetDeviceMetaData request (DSP0267 1.3 §"GetDeviceMetaData", UA→FD): asks for one part of the FD's metadata, saved by the UA before the update.</summary>
/// <param name="DataTransferHandle">0 for the first part, else the NextDataTransferHandle received.</param>
/// <param name="TransferOperationFlag">GetFirstPart or GetNextPart.</param>
public readonly record struct GetDeviceMetaDataRequest(uint DataTransferHandle, TransferOperationFlag TransferOperationFlag)
    : IPldmMessage<GetDeviceMetaDataRequest>
{
    // +0 DataTransferHandle    u32 LE
    // +4 TransferOperationFlag enum8

    /// <summary>The body size.</summary>
    public const int Length = MultipartTransfer.RequestLength;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetDeviceMetaData;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetDeviceMetaDataRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = MultipartTransfer.TryReadRequest(source, out var handle, out var flag);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new GetDeviceMetaDataRequest(handle, flag);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        MultipartTransfer.TryWriteRequest(DataTransferHandle, TransferOperationFlag, destination, out bytesWritten);
}

/// <summary>GetDeviceMetaData response (DSP0267 1.3 §"GetDeviceMetaData"): one part of the FD's metadata, saved by the UA before the update, sliced from the caller's buffer.</summary>
public readonly ref struct GetDeviceMetaDataResponse : IPldmMessage<GetDeviceMetaDataResponse>
{
    // +0 CompletionCode         u8
    // +1 NextDataTransferHandle u32 LE
    // +5 TransferFlag           enum8
    // +6 PortionOfDeviceMetaData    (rest of the message)

    /// <summary>A response.</summary>
    public GetDeviceMetaDataResponse(PldmCompletionCode completionCode, uint nextDataTransferHandle, TransferFlag transferFlag, ReadOnlySpan<byte> portion)
    {
        CompletionCode = completionCode;
        NextDataTransferHandle = nextDataTransferHandle;
        TransferFlag = transferFlag;
        Portion = portion;
    }

    /// <summary>The completion code.</summary>
    public PldmCompletionCode CompletionCode { get; }

    /// <summary>The handle of the next part.</summary>
    public uint NextDataTransferHandle { get; }

    /// <summary>Which part this is.</summary>
    public TransferFlag TransferFlag { get; }

    /// <summary>This part of the FD's metadata, saved by the UA before the update.</summary>
    public ReadOnlySpan<byte> Portion { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetDeviceMetaData;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => MultipartTransfer.PortionResponseLength(CompletionCode, Portion.Length);

    /// <summary>An error response.</summary>
    public static GetDeviceMetaDataResponse Error(PldmCompletionCode completionCode) => new(completionCode, 0, default, default);

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetDeviceMetaDataResponse message, out int bytesConsumed)
    {
        var status = MultipartTransfer.TryReadPortionResponse(source, out var code, out var handle, out var flag, out var portion);
        message = status == WireStatus.Done ? new GetDeviceMetaDataResponse(code, handle, flag, portion) : default;
        bytesConsumed = status == WireStatus.Done ? source.Length : 0;
        return status;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        MultipartTransfer.TryWritePortionResponse(CompletionCode, NextDataTransferHandle, TransferFlag, Portion, destination, out bytesWritten);
}
