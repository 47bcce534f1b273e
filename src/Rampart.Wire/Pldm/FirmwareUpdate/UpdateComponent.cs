using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>UpdateComponent request (DSP0267 1.3 §"UpdateComponent", UA→FD): starts one component's transfer.</summary>
public readonly ref struct UpdateComponentRequest : IPldmMessage<UpdateComponentRequest>
{
    // +0  ComponentClassification      u16 LE
    // +2  ComponentIdentifier          u16 LE
    // +4  ComponentClassificationIndex u8
    // +5  ComponentComparisonStamp     u32 LE
    // +9  ComponentImageSize           u32 LE
    // +13 UpdateOptionFlags            bitfield32 LE
    // +17 ComponentVersionStringType   enum8
    // +18 ComponentVersionStringLength u8 (n)
    // +19 ComponentVersionString       n bytes

    /// <summary>The fixed part.</summary>
    public const int FixedLength = 19;

    private const int ClassificationOffset = 0;
    private const int IdentifierOffset = 2;
    private const int IndexOffset = 4;
    private const int StampOffset = 5;
    private const int SizeOffset = 9;
    private const int FlagsOffset = 13;
    private const int StringTypeOffset = 17;
    private const int StringLengthOffset = 18;

    /// <summary>A request.</summary>
    /// <exception cref="ArgumentException">The version string is longer than 255 bytes or malformed.</exception>
    public UpdateComponentRequest(
        ComponentClassification classification,
        ushort identifier,
        byte classificationIndex,
        uint comparisonStamp,
        uint imageSize,
        UpdateOptionFlags updateOptionFlags,
        VersionStringType versionType,
        ReadOnlySpan<byte> version)
    {
        VersionStrings.ThrowIfNotWritable(versionType, version, nameof(version));
        Classification = classification;
        Identifier = identifier;
        ClassificationIndex = classificationIndex;
        ComparisonStamp = comparisonStamp;
        ImageSize = imageSize;
        UpdateOptionFlags = updateOptionFlags;
        VersionType = versionType;
        Version = version;
    }

    /// <summary>The component classification.</summary>
    public ComponentClassification Classification { get; }

    /// <summary>The component identifier.</summary>
    public ushort Identifier { get; }

    /// <summary>The classification index from GetFirmwareParameters.</summary>
    public byte ClassificationIndex { get; }

    /// <summary>The component comparison stamp.</summary>
    public uint ComparisonStamp { get; }

    /// <summary>The component image size in bytes.</summary>
    public uint ImageSize { get; }

    /// <summary>Requested update options.</summary>
    public UpdateOptionFlags UpdateOptionFlags { get; }

    /// <summary>The string type of <see cref="Version"/>.</summary>
    public VersionStringType VersionType { get; }

    /// <summary>The component version string.</summary>
    public ReadOnlySpan<byte> Version { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.UpdateComponent;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => FixedLength + Version.Length;

    /// <summary>Reads the body; Invalid for a bad version string.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out UpdateComponentRequest message, out int bytesConsumed)
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

        var type = (VersionStringType)source[StringTypeOffset];
        var version = source[FixedLength..];
        if (VersionStrings.Validate(type, version) != WireStatus.Done)
        {
            return WireStatus.Invalid;
        }

        message = new UpdateComponentRequest(
            (ComponentClassification)BinaryPrimitives.ReadUInt16LittleEndian(source[ClassificationOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[IdentifierOffset..]),
            source[IndexOffset],
            BinaryPrimitives.ReadUInt32LittleEndian(source[StampOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[SizeOffset..]),
            (UpdateOptionFlags)BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
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

        BinaryPrimitives.WriteUInt16LittleEndian(destination[ClassificationOffset..], (ushort)Classification);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[IdentifierOffset..], Identifier);
        destination[IndexOffset] = ClassificationIndex;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[StampOffset..], ComparisonStamp);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOffset..], ImageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], (uint)UpdateOptionFlags);
        destination[StringTypeOffset] = (byte)VersionType;
        destination[StringLengthOffset] = (byte)Version.Length;
        Version.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}

/// <summary>
/// UpdateComponent response (DSP0267 1.3 §"UpdateComponent"). When the FD enables
/// <see cref="UpdateOptionFlags.ComponentOpaqueData"/>, a 1.3 field follows: the largest part of
/// the component's opaque data it will ask for with GetComponentOpaqueData (docs/decisions/0120).
/// </summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="CompatibilityResponse">Whether the component can be updated.</param>
/// <param name="CompatibilityResponseCode">Why (shares the PassComponentTable code table).</param>
/// <param name="UpdateOptionFlagsEnabled">The requested options the FD will honour.</param>
/// <param name="TimeBeforeRequestFirmwareData">Seconds until the FD's first RequestFirmwareData.</param>
/// <param name="OpaqueDataMaximumTransferSize">GetComponentOpaqueDataMaximumTransferSize; written only when <paramref name="UpdateOptionFlagsEnabled"/> has bit 1, read as 0 otherwise.</param>
public readonly record struct UpdateComponentResponse(
    PldmCompletionCode CompletionCode,
    ComponentCompatibilityResponse CompatibilityResponse,
    ComponentResponseCode CompatibilityResponseCode,
    UpdateOptionFlags UpdateOptionFlagsEnabled,
    ushort TimeBeforeRequestFirmwareData,
    uint OpaqueDataMaximumTransferSize = 0) : IPldmMessage<UpdateComponentResponse>
{
    // +0 CompletionCode                          u8
    // +1 ComponentCompatibilityResponse          enum8 (0, 1)
    // +2 ComponentCompatibilityResponseCode      enum8
    // +3 UpdateOptionFlagsEnabled                bitfield32 LE
    // +7 EstimatedTimeBeforeSendingRequestFirmwareData u16 LE (seconds)
    // +9 GetComponentOpaqueDataMaximumTransferSize     u32 LE (only when +3 has bit 1)

    /// <summary>The body size on success without the opaque-data field.</summary>
    public const int Length = 9;

    /// <summary>The body size on success with the opaque-data field.</summary>
    public const int LengthWithOpaqueData = Length + 4;

    private const int ResponseOffset = 1;
    private const int CodeOffset = 2;
    private const int FlagsOffset = 3;
    private const int TimeOffset = 7;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.UpdateComponent;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode != PldmCompletionCode.Success ? PldmBody.CompletionCodeLength
        : HasOpaqueDataField(UpdateOptionFlagsEnabled) ? LengthWithOpaqueData : Length;

    /// <summary>Reads the body; Invalid for a compatibility response over 1 or a reserved response code.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out UpdateComponentResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckAtLeast(source, Length);
            if (status == WireStatus.Done)
            {
                var flags = (UpdateOptionFlags)BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]);
                status = PldmBody.CheckExact(source, HasOpaqueDataField(flags) ? LengthWithOpaqueData : Length);
            }

            if (status == WireStatus.Done
                && (source[ResponseOffset] > (byte)ComponentCompatibilityResponse.CannotBeUpdated
                    || !ComponentResults.IsDefined((ComponentResponseCode)source[CodeOffset])))
            {
                status = WireStatus.Invalid;
            }
        }

        if (status != WireStatus.Done)
        {
            return status;
        }

        message = errorOnly
            ? new UpdateComponentResponse(code, default, default, default, 0)
            : new UpdateComponentResponse(
                code,
                (ComponentCompatibilityResponse)source[ResponseOffset],
                (ComponentResponseCode)source[CodeOffset],
                (UpdateOptionFlags)BinaryPrimitives.ReadUInt32LittleEndian(source[FlagsOffset..]),
                BinaryPrimitives.ReadUInt16LittleEndian(source[TimeOffset..]),
                source.Length == LengthWithOpaqueData ? BinaryPrimitives.ReadUInt32LittleEndian(source[Length..]) : 0);
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
        var length = EncodedLength;
        if (destination.Length < length)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        destination[ResponseOffset] = (byte)CompatibilityResponse;
        destination[CodeOffset] = (byte)CompatibilityResponseCode;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], (uint)UpdateOptionFlagsEnabled);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[TimeOffset..], TimeBeforeRequestFirmwareData);
        if (length == LengthWithOpaqueData)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[Length..], OpaqueDataMaximumTransferSize);
        }

        bytesWritten = length;
        return true;
    }

    private static bool HasOpaqueDataField(UpdateOptionFlags flags) => (flags & UpdateOptionFlags.ComponentOpaqueData) != 0;
}
