using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>GetDownstreamFirmwareParameters request (DSP0267 1.3 §"GetDownstreamFirmwareParameters", UA→FD).</summary>
/// <param name="DataTransferHandle">0 for the first part, else the NextDataTransferHandle received.</param>
/// <param name="TransferOperationFlag">GetFirstPart or GetNextPart.</param>
public readonly record struct GetDownstreamFirmwareParametersRequest(uint DataTransferHandle, TransferOperationFlag TransferOperationFlag)
    : IPldmMessage<GetDownstreamFirmwareParametersRequest>
{
    // +0 DataTransferHandle    u32 LE
    // +4 TransferOperationFlag enum8

    /// <summary>The body size.</summary>
    public const int Length = MultipartTransfer.RequestLength;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetDownstreamFirmwareParameters;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetDownstreamFirmwareParametersRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = MultipartTransfer.TryReadRequest(source, out var handle, out var flag);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new GetDownstreamFirmwareParametersRequest(handle, flag);
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten) =>
        MultipartTransfer.TryWriteRequest(DataTransferHandle, TransferOperationFlag, destination, out bytesWritten);
}

/// <summary>
/// GetDownstreamFirmwareParameters response (DSP0267 1.3 §"GetDownstreamFirmwareParameters").
/// The portion may split an entry across parts; a single StartAndEnd part is read with
/// <see cref="TryGetEntries"/>.
/// </summary>
public readonly ref struct GetDownstreamFirmwareParametersResponse : IPldmMessage<GetDownstreamFirmwareParametersResponse>
{
    // +0  CompletionCode               u8
    // +1  NextDataTransferHandle       u32 LE
    // +5  TransferFlag                 enum8
    // +6  FDPCapabilitiesDuringUpdate  bitfield32 LE
    // +10 DownstreamDeviceCount        u16 LE
    // +12 PortionOfDownstreamDeviceParameterTable

    /// <summary>The fixed part of a successful body.</summary>
    public const int FixedLength = 12;

    private const int CapabilitiesOffset = 6;
    private const int CountOffset = 10;

    /// <summary>A response.</summary>
    public GetDownstreamFirmwareParametersResponse(
        PldmCompletionCode completionCode,
        uint nextDataTransferHandle,
        TransferFlag transferFlag,
        uint fdpCapabilitiesDuringUpdate,
        ushort downstreamDeviceCount,
        ReadOnlySpan<byte> portion)
    {
        CompletionCode = completionCode;
        NextDataTransferHandle = nextDataTransferHandle;
        TransferFlag = transferFlag;
        FdpCapabilitiesDuringUpdate = fdpCapabilitiesDuringUpdate;
        DownstreamDeviceCount = downstreamDeviceCount;
        Portion = portion;
    }

    /// <summary>The completion code.</summary>
    public PldmCompletionCode CompletionCode { get; }

    /// <summary>The handle of the next part.</summary>
    public uint NextDataTransferHandle { get; }

    /// <summary>Which part this is.</summary>
    public TransferFlag TransferFlag { get; }

    /// <summary>The FD proxy's capabilities during update.</summary>
    public uint FdpCapabilitiesDuringUpdate { get; }

    /// <summary>Entries in the whole table.</summary>
    public ushort DownstreamDeviceCount { get; }

    /// <summary>This part of the table.</summary>
    public ReadOnlySpan<byte> Portion { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetDownstreamFirmwareParameters;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? FixedLength + Portion.Length : PldmBody.CompletionCodeLength;

    /// <summary>
    /// Checks the entries when this is the only part (StartAndEnd) and returns the first reading
    /// error; enumerate them with <see cref="DownstreamDeviceParameterEntry.TryRead"/> over <see cref="Portion"/>.
    /// </summary>
    public WireStatus TryGetEntries(out int count)
    {
        count = 0;
        if (CompletionCode != PldmCompletionCode.Success || TransferFlag != TransferFlag.StartAndEnd)
        {
            return WireStatus.Unsupported;
        }

        var rest = Portion;
        for (var i = 0; i < DownstreamDeviceCount; i++)
        {
            var status = DownstreamDeviceParameterEntry.TryRead(rest, out _, out var used);
            if (status != WireStatus.Done)
            {
                return status;
            }

            rest = rest[used..];
        }

        if (!rest.IsEmpty)
        {
            return WireStatus.Invalid;
        }

        count = DownstreamDeviceCount;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetDownstreamFirmwareParametersResponse message, out int bytesConsumed)
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
            message = new GetDownstreamFirmwareParametersResponse(code, 0, default, 0, 0, default);
            bytesConsumed = source.Length;
            return WireStatus.Done;
        }

        status = PldmBody.CheckAtLeast(source, FixedLength);
        if (status == WireStatus.Done)
        {
            status = MultipartTransfer.TryReadResponseStart(source, out var handle, out var flag);
            if (status == WireStatus.Done)
            {
                message = new GetDownstreamFirmwareParametersResponse(
                    code,
                    handle,
                    flag,
                    BinaryPrimitives.ReadUInt32LittleEndian(source[CapabilitiesOffset..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(source[CountOffset..]),
                    source[FixedLength..]);
                bytesConsumed = source.Length;
            }
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
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CapabilitiesOffset..], FdpCapabilitiesDuringUpdate);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CountOffset..], DownstreamDeviceCount);
        Portion.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}
