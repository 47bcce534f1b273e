using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>PassComponentTable request (DSP0267 1.3 §"PassComponentTable", UA→FD): one component per request.</summary>
public readonly ref struct PassComponentTableRequest : IPldmMessage<PassComponentTableRequest>
{
    // +0  TransferFlag                 enum8 (Start, Middle, End, StartAndEnd)
    // +1  ComponentClassification      u16 LE
    // +3  ComponentIdentifier          u16 LE
    // +5  ComponentClassificationIndex u8
    // +6  ComponentComparisonStamp     u32 LE
    // +10 ComponentVersionStringType   enum8
    // +11 ComponentVersionStringLength u8 (n)
    // +12 ComponentVersionString       n bytes

    /// <summary>The fixed part.</summary>
    public const int FixedLength = 12;

    private const int FlagOffset = 0;
    private const int ClassificationOffset = 1;
    private const int IdentifierOffset = 3;
    private const int IndexOffset = 5;
    private const int StampOffset = 6;
    private const int StringTypeOffset = 10;
    private const int StringLengthOffset = 11;

    /// <summary>A request.</summary>
    /// <exception cref="ArgumentException">The version string is longer than 255 bytes or malformed.</exception>
    public PassComponentTableRequest(
        TransferFlag transferFlag,
        ComponentClassification classification,
        ushort identifier,
        byte classificationIndex,
        uint comparisonStamp,
        VersionStringType versionType,
        ReadOnlySpan<byte> version)
    {
        VersionStrings.ThrowIfNotWritable(versionType, version, nameof(version));
        TransferFlag = transferFlag;
        Classification = classification;
        Identifier = identifier;
        ClassificationIndex = classificationIndex;
        ComparisonStamp = comparisonStamp;
        VersionType = versionType;
        Version = version;
    }

    /// <summary>Where this entry sits in the table.</summary>
    public TransferFlag TransferFlag { get; }

    /// <summary>The component classification.</summary>
    public ComponentClassification Classification { get; }

    /// <summary>The component identifier.</summary>
    public ushort Identifier { get; }

    /// <summary>The classification index from GetFirmwareParameters.</summary>
    public byte ClassificationIndex { get; }

    /// <summary>The component comparison stamp (0xFFFFFFFF: not used).</summary>
    public uint ComparisonStamp { get; }

    /// <summary>The string type of <see cref="Version"/>.</summary>
    public VersionStringType VersionType { get; }

    /// <summary>The component version string.</summary>
    public ReadOnlySpan<byte> Version { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.PassComponentTable;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => FixedLength + Version.Length;

    /// <summary>Reads the body; Invalid for an undefined TransferFlag or a bad version string.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out PassComponentTableRequest message, out int bytesConsumed)
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

        var flag = (TransferFlag)source[FlagOffset];
        var type = (VersionStringType)source[StringTypeOffset];
        var version = source[FixedLength..];
        if (!TransferFlags.IsDefined(flag) || VersionStrings.Validate(type, version) != WireStatus.Done)
        {
            return WireStatus.Invalid;
        }

        message = new PassComponentTableRequest(
            flag,
            (ComponentClassification)BinaryPrimitives.ReadUInt16LittleEndian(source[ClassificationOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[IdentifierOffset..]),
            source[IndexOffset],
            BinaryPrimitives.ReadUInt32LittleEndian(source[StampOffset..]),
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

        destination[FlagOffset] = (byte)TransferFlag;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ClassificationOffset..], (ushort)Classification);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[IdentifierOffset..], Identifier);
        destination[IndexOffset] = ClassificationIndex;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[StampOffset..], ComparisonStamp);
        destination[StringTypeOffset] = (byte)VersionType;
        destination[StringLengthOffset] = (byte)Version.Length;
        Version.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}

/// <summary>PassComponentTable response (DSP0267 1.3 §"PassComponentTable").</summary>
/// <param name="CompletionCode">The completion code.</param>
/// <param name="ComponentResponse">Whether the component can be updated.</param>
/// <param name="ComponentResponseCode">Why (open: vendor codes 0xD0–0xEF).</param>
public readonly record struct PassComponentTableResponse(
    PldmCompletionCode CompletionCode,
    ComponentResponse ComponentResponse,
    ComponentResponseCode ComponentResponseCode) : IPldmMessage<PassComponentTableResponse>
{
    // +0 CompletionCode        u8
    // +1 ComponentResponse     enum8 (0, 1)
    // +2 ComponentResponseCode enum8

    /// <summary>The body size on success.</summary>
    public const int Length = 3;

    private const int ResponseOffset = 1;
    private const int CodeOffset = 2;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.PassComponentTable;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success ? Length : PldmBody.CompletionCodeLength;

    /// <summary>Reads the body; Invalid for a ComponentResponse over 1 or a reserved response code.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out PassComponentTableResponse message, out int bytesConsumed)
    {
        message = default;
        bytesConsumed = 0;
        var status = PldmBody.ReadCompletionCode(source, out var code, out var errorOnly);
        if (status == WireStatus.Done && !errorOnly)
        {
            status = PldmBody.CheckExact(source, Length);
            if (status == WireStatus.Done
                && (source[ResponseOffset] > (byte)ComponentResponse.MayBeUpdateable
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
            ? new PassComponentTableResponse(code, default, default)
            : new PassComponentTableResponse(code, (ComponentResponse)source[ResponseOffset], (ComponentResponseCode)source[CodeOffset]);
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
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        destination[ResponseOffset] = (byte)ComponentResponse;
        destination[CodeOffset] = (byte)ComponentResponseCode;
        bytesWritten = Length;
        return true;
    }
}
