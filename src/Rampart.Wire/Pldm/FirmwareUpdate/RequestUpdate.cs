using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>RequestUpdate request (DSP0267 1.3 §"RequestUpdate", UA→FD): enters update mode.</summary>
public readonly ref struct RequestUpdateRequest : IPldmMessage<RequestUpdateRequest>
{
    // +0  MaximumTransferSize                     u32 LE (≥ 32, the baseline)
    // +4  NumberOfComponents                      u16 LE
    // +6  MaximumOutstandingTransferRequests      u8  (≥ 1)
    // +7  PackageDataLength                       u16 LE
    // +9  ComponentImageSetVersionStringType      enum8
    // +10 ComponentImageSetVersionStringLength    u8  (n)
    // +11 ComponentImageSetVersionString          n bytes

    /// <summary>The fixed part.</summary>
    public const int FixedLength = 11;

    private const int MaxTransferOffset = 0;
    private const int ComponentsOffset = 4;
    private const int OutstandingOffset = 6;
    private const int PackageDataOffset = 7;
    private const int StringTypeOffset = 9;
    private const int StringLengthOffset = 10;

    /// <summary>A request.</summary>
    /// <exception cref="ArgumentException">The version string is longer than 255 bytes or malformed.</exception>
    public RequestUpdateRequest(
        uint maximumTransferSize,
        ushort numberOfComponents,
        byte maximumOutstandingTransferRequests,
        ushort packageDataLength,
        VersionStringType imageSetVersionType,
        ReadOnlySpan<byte> imageSetVersion)
    {
        VersionStrings.ThrowIfNotWritable(imageSetVersionType, imageSetVersion, nameof(imageSetVersion));
        MaximumTransferSize = maximumTransferSize;
        NumberOfComponents = numberOfComponents;
        MaximumOutstandingTransferRequests = maximumOutstandingTransferRequests;
        PackageDataLength = packageDataLength;
        ImageSetVersionType = imageSetVersionType;
        ImageSetVersion = imageSetVersion;
    }

    /// <summary>The largest RequestFirmwareData the UA will serve.</summary>
    public uint MaximumTransferSize { get; }

    /// <summary>Components the UA will pass in PassComponentTable.</summary>
    public ushort NumberOfComponents { get; }

    /// <summary>RequestFirmwareData requests the FD may have outstanding.</summary>
    public byte MaximumOutstandingTransferRequests { get; }

    /// <summary>The FirmwareDevicePackageData length in the package (0: none).</summary>
    public ushort PackageDataLength { get; }

    /// <summary>The string type of <see cref="ImageSetVersion"/>.</summary>
    public VersionStringType ImageSetVersionType { get; }

    /// <summary>The component image set version string.</summary>
    public ReadOnlySpan<byte> ImageSetVersion { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.RequestUpdate;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => FixedLength + ImageSetVersion.Length;

    /// <summary>
    /// Reads the body. Invalid when MaximumTransferSize is under the 32-byte baseline,
    /// MaximumOutstandingTransferRequests is 0, or the version string is malformed, of a
    /// reserved type, or not exactly the stated length.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out RequestUpdateRequest message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.CheckAtLeast(source, FixedLength);
        if (status == WireStatus.Done)
        {
            status = PldmBody.CheckExact(source, FixedLength + source[StringLengthOffset]);
        }

        if (status != WireStatus.Done)
        {
            return status;
        }

        var maxTransfer = BinaryPrimitives.ReadUInt32LittleEndian(source[MaxTransferOffset..]);
        var type = (VersionStringType)source[StringTypeOffset];
        var version = source[FixedLength..];
        if (maxTransfer < RequestFirmwareDataRequest.BaselineTransferSize || source[OutstandingOffset] == 0
            || VersionStrings.Validate(type, version) != WireStatus.Done)
        {
            return WireStatus.Invalid;
        }

        message = new RequestUpdateRequest(
            maxTransfer,
            BinaryPrimitives.ReadUInt16LittleEndian(source[ComponentsOffset..]),
            source[OutstandingOffset],
            BinaryPrimitives.ReadUInt16LittleEndian(source[PackageDataOffset..]),
            type,
            version);
        bytesConsumed = source.Length;
        return WireStatus.Done;
    }

    /// <inheritdoc/>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < EncodedLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[MaxTransferOffset..], MaximumTransferSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ComponentsOffset..], NumberOfComponents);
        destination[OutstandingOffset] = MaximumOutstandingTransferRequests;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[PackageDataOffset..], PackageDataLength);
        destination[StringTypeOffset] = (byte)ImageSetVersionType;
        destination[StringLengthOffset] = (byte)ImageSetVersion.Length;
        ImageSetVersion.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}

/// <summary>FDWillSendGetPackageDataCommand of the RequestUpdate response (DSP0267 1.3).</summary>
public enum GetPackageDataIntent : byte
{
    /// <summary>The FD will not send GetPackageData (0x00).</summary>
    WillNotSend = 0x00,

    /// <summary>The FD will send GetPackageData (0x01).</summary>
    WillSend = 0x01,

    /// <summary>The FD will send GetPackageData with the maximum transfer size that follows (0x02, 1.3).</summary>
    WillSendWithMaximumTransferSize = 0x02,
}

/// <summary>
/// RequestUpdate response (DSP0267 1.3 §"RequestUpdate"). GetPackageDataMaximumTransferSize
/// is present only when FDWillSendGetPackageDataCommand is 0x02.
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="FirmwareDeviceMetaDataLength">Bytes of metadata the UA should fetch with GetDeviceMetaData (0: none).</param>
/// <param name="FdWillSendGetPackageData">Whether and how the FD will ask for package data.</param>
/// <param name="GetPackageDataMaximumTransferSize">The FD's largest GetPackageData part (only with 0x02).</param>
public readonly record struct RequestUpdateResponse(
    PldmCompletionCode CompletionCode,
    ushort FirmwareDeviceMetaDataLength,
    GetPackageDataIntent FdWillSendGetPackageData,
    uint GetPackageDataMaximumTransferSize) : IPldmMessage<RequestUpdateResponse>
{
    // +0 CompletionCode                    u8
    // +1 FirmwareDeviceMetaDataLength      u16 LE
    // +3 FDWillSendGetPackageDataCommand   enum8 (0, 1, 2)
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
    public static byte Command => (byte)FirmwareUpdateCommand.RequestUpdate;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode != PldmCompletionCode.Success ? PldmBody.CompletionCodeLength
        : FdWillSendGetPackageData == GetPackageDataIntent.WillSendWithMaximumTransferSize ? LengthWithTransferSize
        : Length;

    /// <summary>Reads the body; Invalid for an FDWillSendGetPackageDataCommand over 2.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out RequestUpdateResponse message, out int bytesConsumed)
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
            message = new RequestUpdateResponse(code, 0, GetPackageDataIntent.WillNotSend, 0);
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

        message = new RequestUpdateResponse(
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
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MetaDataOffset..], FirmwareDeviceMetaDataLength);
        destination[IntentOffset] = (byte)FdWillSendGetPackageData;
        if (EncodedLength == LengthWithTransferSize)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[TransferSizeOffset..], GetPackageDataMaximumTransferSize);
        }

        bytesWritten = EncodedLength;
        return true;
    }
}
