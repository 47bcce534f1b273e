namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// GetComponentOpaqueData request (DSP0267 1.3, command 0x21, FD→UA): during an UpdateComponent
/// whose options enable <see cref="UpdateOptionFlags.ComponentOpaqueData"/>, asks for one part of
/// the component's opaque data from the package (ComponentOpaqueData of its component image
/// information). The layout is the multipart read of GetPackageData and GetMetaData; it was
/// inferred, not read from the specification text (docs/decisions/0120).
/// </summary>
/// <param name="DataTransferHandle">0 for the first part, else the NextDataTransferHandle received.</param>
/// <param name="TransferOperationFlag">GetFirstPart or GetNextPart.</param>
public readonly record struct GetComponentOpaqueDataRequest(uint DataTransferHandle, TransferOperationFlag TransferOperationFlag)
    : IPldmMessage<GetComponentOpaqueDataRequest>
{
    // +0 DataTransferHandle    u32 LE
    // +4 TransferOperationFlag enum8

    /// <summary>The body size.</summary>
    public const int Length = MultipartTransfer.RequestLength;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetComponentOpaqueData;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetComponentOpaqueDataRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = MultipartTransfer.TryReadRequest(source, out var handle, out var flag);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new GetComponentOpaqueDataRequest(handle, flag);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        MultipartTransfer.TryWriteRequest(DataTransferHandle, TransferOperationFlag, destination, out bytesWritten);
}

/// <summary>GetComponentOpaqueData response (DSP0267 1.3, command 0x21): one part of the component's opaque data, sliced from the caller's buffer (layout inferred: docs/decisions/0120).</summary>
public readonly ref struct GetComponentOpaqueDataResponse : IPldmMessage<GetComponentOpaqueDataResponse>
{
    // +0 CompletionCode         u8
    // +1 NextDataTransferHandle u32 LE
    // +5 TransferFlag           enum8
    // +6 PortionOfComponentOpaqueData (rest of the message)

    /// <summary>A response.</summary>
    public GetComponentOpaqueDataResponse(PldmCompletionCode completionCode, uint nextDataTransferHandle, TransferFlag transferFlag, ReadOnlySpan<byte> portion)
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

    /// <summary>This part of the component's opaque data.</summary>
    public ReadOnlySpan<byte> Portion { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetComponentOpaqueData;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => MultipartTransfer.PortionResponseLength(CompletionCode, Portion.Length);

    /// <summary>An error response.</summary>
    public static GetComponentOpaqueDataResponse Error(PldmCompletionCode completionCode) => new(completionCode, 0, default, default);

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetComponentOpaqueDataResponse message, out int bytesConsumed)
    {
        var status = MultipartTransfer.TryReadPortionResponse(source, out var code, out var handle, out var flag, out var portion);
        message = status == WireStatus.Done ? new GetComponentOpaqueDataResponse(code, handle, flag, portion) : default;
        bytesConsumed = status == WireStatus.Done ? source.Length : 0;
        return status;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        MultipartTransfer.TryWritePortionResponse(CompletionCode, NextDataTransferHandle, TransferFlag, Portion, destination, out bytesWritten);
}
