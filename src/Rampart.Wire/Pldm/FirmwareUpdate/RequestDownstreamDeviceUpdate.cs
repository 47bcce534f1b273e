using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// RequestDownstreamDeviceUpdate request (DSP0267 1.3 §"RequestDownstreamDeviceUpdate", UA→FD,
/// command 0x20): puts an FD proxy into update mode for its downstream devices.
/// </summary>
/// <param name="MaximumDownstreamDeviceTransferSize">The largest RequestFirmwareData the UA will serve (≥ 32).</param>
/// <param name="MaximumOutstandingTransferRequests">RequestFirmwareData requests the FD may have outstanding (≥ 1).</param>
/// <param name="DownstreamDevicePackageDataLength">The package data length for the downstream device (0: none).</param>
public readonly record struct RequestDownstreamDeviceUpdateRequest(
    uint MaximumDownstreamDeviceTransferSize,
    byte MaximumOutstandingTransferRequests,
    ushort DownstreamDevicePackageDataLength) : IPldmMessage<RequestDownstreamDeviceUpdateRequest>
{
    // +0 MaximumDownstreamDeviceTransferSize u32 LE (≥ 32, the baseline)
    // +4 MaximumOutstandingTransferRequests  u8  (≥ 1)
    // +5 DownstreamDevicePackageDataLength   u16 LE

    /// <summary>The body size.</summary>
    public const int Length = 7;

    private const int OutstandingOffset = 4;
    private const int PackageDataOffset = 5;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.RequestDownstreamDeviceUpdate;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <summary>
    /// Reads the body; Invalid when the transfer size is under the 32-byte baseline or no
    /// outstanding request is allowed (as RequestUpdate).
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out RequestDownstreamDeviceUpdateRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckExact(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var maxTransfer = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (maxTransfer < RequestFirmwareDataRequest.BaselineTransferSize || source[OutstandingOffset] == 0)
        {
            return WireStatus.Invalid;
        }

        message = new RequestDownstreamDeviceUpdateRequest(
            maxTransfer, source[OutstandingOffset], BinaryPrimitives.ReadUInt16LittleEndian(source[PackageDataOffset..]));
        bytesConsumed = Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, MaximumDownstreamDeviceTransferSize);
        destination[OutstandingOffset] = MaximumOutstandingTransferRequests;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[PackageDataOffset..], DownstreamDevicePackageDataLength);
        bytesWritten = Length;
        return true;
    }
}

/// <summary>
/// RequestDownstreamDeviceUpdate response (DSP0267 1.3 §"RequestDownstreamDeviceUpdate"), laid
/// out as the RequestUpdate response: GetPackageDataMaximumTransferSize is present only when
/// DDWillSendGetPackageDataCommand is 0x02 (decision 0120 records why).
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="DownstreamDeviceMetaDataLength">Bytes of metadata the UA should fetch (0: none).</param>
/// <param name="WillSendGetPackageData">Whether and how the FD will ask for package data.</param>
/// <param name="GetPackageDataMaximumTransferSize">The FD's largest GetPackageData part (only with 0x02).</param>
public readonly record struct RequestDownstreamDeviceUpdateResponse(
    PldmCompletionCode CompletionCode,
    ushort DownstreamDeviceMetaDataLength,
    GetPackageDataIntent WillSendGetPackageData,
    uint GetPackageDataMaximumTransferSize) : IPldmMessage<RequestDownstreamDeviceUpdateResponse>
{
    // +0 CompletionCode                    u8
    // +1 DownstreamDeviceMetaDataLength    u16 LE
    // +3 DDWillSendGetPackageDataCommand   enum8 (0, 1, 2)
    // +4 GetPackageDataMaximumTransferSize u32 LE (only when +3 is 2)

    /// <summary>The body size without the optional field.</summary>
    public const int Length = 4;

    /// <summary>The body size with GetPackageDataMaximumTransferSize.</summary>
    public const int LengthWithTransferSize = 8;

    private const int MetaDataOffset = 1;
    private const int IntentOffset = 3;
    private const int TransferSizeOffset = 4;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.RequestDownstreamDeviceUpdate;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode != PldmCompletionCode.Success ? PldmBody.CompletionCodeLength
        : WillSendGetPackageData == GetPackageDataIntent.WillSendWithMaximumTransferSize ? LengthWithTransferSize
        : Length;

    /// <summary>Reads the body; Invalid for a DDWillSendGetPackageDataCommand over 2.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out RequestDownstreamDeviceUpdateResponse message, out int bytesConsumed)
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
            message = new RequestDownstreamDeviceUpdateResponse(code, 0, GetPackageDataIntent.WillNotSend, 0);
            bytesConsumed = source.Length;
            return WireStatus.Done;
        }

        status = PldmBody.CheckAtLeast(source, Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var intent = (GetPackageDataIntent)source[IntentOffset];
        if (intent > GetPackageDataIntent.WillSendWithMaximumTransferSize)
        {
            return WireStatus.Invalid;
        }

        var withSize = intent == GetPackageDataIntent.WillSendWithMaximumTransferSize;
        status = PldmBody.CheckExact(source, withSize ? LengthWithTransferSize : Length);
        if (status != WireStatus.Done)
        {
            return status;
        }

        message = new RequestDownstreamDeviceUpdateResponse(
            code,
            BinaryPrimitives.ReadUInt16LittleEndian(source[MetaDataOffset..]),
            intent,
            withSize ? BinaryPrimitives.ReadUInt32LittleEndian(source[TransferSizeOffset..]) : 0);
        bytesConsumed = source.Length;
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
        if (destination.Length < EncodedLength)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MetaDataOffset..], DownstreamDeviceMetaDataLength);
        destination[IntentOffset] = (byte)WillSendGetPackageData;
        if (WillSendGetPackageData == GetPackageDataIntent.WillSendWithMaximumTransferSize)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[TransferSizeOffset..], GetPackageDataMaximumTransferSize);
        }

        bytesWritten = EncodedLength;
        return true;
    }
}
