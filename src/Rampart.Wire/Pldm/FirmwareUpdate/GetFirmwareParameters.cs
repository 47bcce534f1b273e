using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>GetFirmwareParameters request (DSP0267 1.3 §"GetFirmwareParameters"): no body.</summary>
public readonly record struct GetFirmwareParametersRequest : IPldmMessage<GetFirmwareParametersRequest>
{
    /// <summary>The body size.</summary>
    public const int Length = 0;

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetFirmwareParameters;

    /// <inheritdoc/>
    public static bool IsResponse => false;

    /// <inheritdoc/>
    public int EncodedLength => Length;

    /// <inheritdoc/>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetFirmwareParametersRequest message, out int bytesConsumed)
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

/// <summary>
/// GetFirmwareParameters response (DSP0267 1.3 §"GetFirmwareParameters"): capabilities, the
/// active and pending image set versions and the component parameter table.
/// </summary>
public readonly ref struct GetFirmwareParametersResponse : IPldmMessage<GetFirmwareParametersResponse>
{
    // +0  CompletionCode                               u8
    // +1  CapabilitiesDuringUpdate                     bitfield32 LE
    // +5  ComponentCount                               u16 LE
    // +7  ActiveComponentImageSetVersionStringType     enum8
    // +8  ActiveComponentImageSetVersionStringLength   u8 (a, ≥ 1)
    // +9  PendingComponentImageSetVersionStringType    enum8
    // +10 PendingComponentImageSetVersionStringLength  u8 (p, 0 when nothing is pending)
    // +11 ActiveComponentImageSetVersionString         a bytes
    // +11+a PendingComponentImageSetVersionString      p bytes
    // ...   ComponentParameterTable                    ComponentCount entries

    /// <summary>The fixed part of a successful body.</summary>
    public const int FixedLength = 11;

    private const int CapabilitiesOffset = 1;
    private const int CountOffset = 5;
    private const int ActiveTypeOffset = 7;
    private const int ActiveLengthOffset = 8;
    private const int PendingTypeOffset = 9;
    private const int PendingLengthOffset = 10;

    /// <summary>A response.</summary>
    /// <exception cref="ArgumentException">A version string is too long or malformed.</exception>
    public GetFirmwareParametersResponse(
        PldmCompletionCode completionCode,
        uint capabilitiesDuringUpdate,
        VersionStringType activeVersionType,
        ReadOnlySpan<byte> activeVersion,
        VersionStringType pendingVersionType,
        ReadOnlySpan<byte> pendingVersion,
        ComponentParameterTable components)
    {
        VersionStrings.ThrowIfNotWritable(activeVersionType, activeVersion, nameof(activeVersion));
        VersionStrings.ThrowIfNotWritable(pendingVersionType, pendingVersion, nameof(pendingVersion));
        CompletionCode = completionCode;
        CapabilitiesDuringUpdate = capabilitiesDuringUpdate;
        ActiveVersionType = activeVersionType;
        ActiveVersion = activeVersion;
        PendingVersionType = pendingVersionType;
        PendingVersion = pendingVersion;
        Components = components;
    }

    /// <summary>The completion code.</summary>
    public PldmCompletionCode CompletionCode { get; }

    /// <summary>The FD's capabilities during update.</summary>
    public uint CapabilitiesDuringUpdate { get; }

    /// <summary>The active image set version string type.</summary>
    public VersionStringType ActiveVersionType { get; }

    /// <summary>The active image set version string.</summary>
    public ReadOnlySpan<byte> ActiveVersion { get; }

    /// <summary>The pending image set version string type.</summary>
    public VersionStringType PendingVersionType { get; }

    /// <summary>The pending image set version string (empty: nothing pending).</summary>
    public ReadOnlySpan<byte> PendingVersion { get; }

    /// <summary>The component parameter table.</summary>
    public ComponentParameterTable Components { get; }

    /// <inheritdoc/>
    public static PldmType Type => PldmType.FirmwareUpdate;

    /// <inheritdoc/>
    public static byte Command => (byte)FirmwareUpdateCommand.GetFirmwareParameters;

    /// <inheritdoc/>
    public static bool IsResponse => true;

    /// <inheritdoc/>
    public int EncodedLength => CompletionCode == PldmCompletionCode.Success
        ? FixedLength + ActiveVersion.Length + PendingVersion.Length + Components.Bytes.Length
        : PldmBody.CompletionCodeLength;

    /// <summary>
    /// Reads the body. Invalid for a bad version string, a malformed entry, or bytes left over
    /// after ComponentCount entries.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetFirmwareParametersResponse message, out int bytesConsumed)
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
            message = new GetFirmwareParametersResponse(code, 0, VersionStringType.Unknown, default, VersionStringType.Unknown, default, default);
            bytesConsumed = source.Length;
            return WireStatus.Done;
        }

        status = PldmBody.CheckAtLeast(source, FixedLength);
        if (status != WireStatus.Done)
        {
            return status;
        }

        status = ActivePendingVersions.TryRead(source, FixedLength, ActiveTypeOffset, ActiveLengthOffset, PendingTypeOffset, PendingLengthOffset, out var versions);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var activeType = versions.ActiveType;
        var active = versions.Active;
        var pendingType = versions.PendingType;
        var pending = versions.Pending;
        var tableBytes = source[versions.TotalLength..];
        int count = BinaryPrimitives.ReadUInt16LittleEndian(source[CountOffset..]);
        status = ComponentParameterTable.TryRead(tableBytes, count, out var table, out var used);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (used != tableBytes.Length)
        {
            return WireStatus.Invalid;
        }

        message = new GetFirmwareParametersResponse(
            code, BinaryPrimitives.ReadUInt32LittleEndian(source[CapabilitiesOffset..]), activeType, active, pendingType, pending, table);
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
        if (destination.Length < EncodedLength || Components.Count > ushort.MaxValue)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CapabilitiesOffset..], CapabilitiesDuringUpdate);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CountOffset..], (ushort)Components.Count);
        destination[ActiveTypeOffset] = (byte)ActiveVersionType;
        destination[ActiveLengthOffset] = (byte)ActiveVersion.Length;
        destination[PendingTypeOffset] = (byte)PendingVersionType;
        destination[PendingLengthOffset] = (byte)PendingVersion.Length;
        ActiveVersion.CopyTo(destination[FixedLength..]);
        PendingVersion.CopyTo(destination[(FixedLength + ActiveVersion.Length)..]);
        Components.Bytes.CopyTo(destination[(FixedLength + ActiveVersion.Length + PendingVersion.Length)..]);
        bytesWritten = EncodedLength;
        return true;
    }
}
