using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// One entry of the downstream device parameter table in the GetDownstreamFirmwareParameters
/// response (DSP0267 1.3 Table "Downstream device parameter table entry format").
/// </summary>
public readonly ref struct DownstreamDeviceParameterEntry
{
    // +0  DownstreamDeviceIndex                u16 LE
    // +2  ActiveComponentComparisonStamp       u32 LE
    // +6  ActiveComponentVersionStringType     enum8
    // +7  ActiveComponentVersionStringLength   u8 (a)
    // +8  ActiveComponentReleaseDate           8 bytes
    // +16 PendingComponentComparisonStamp      u32 LE
    // +20 PendingComponentVersionStringType    enum8
    // +21 PendingComponentVersionStringLength  u8 (p)
    // +22 PendingComponentReleaseDate          8 bytes
    // +30 ComponentActivationMethods           bitfield16 LE
    // +32 CapabilitiesDuringUpdate             bitfield32 LE
    // +36 ActiveComponentVersionString         a bytes
    // +36+a PendingComponentVersionString      p bytes

    /// <summary>The fixed part.</summary>
    public const int FixedLength = 36;

    private const int IndexOffset = 0;
    private const int ActiveStampOffset = 2;
    private const int ActiveTypeOffset = 6;
    private const int ActiveLengthOffset = 7;
    private const int ActiveDateOffset = 8;
    private const int PendingStampOffset = 16;
    private const int PendingTypeOffset = 20;
    private const int PendingLengthOffset = 21;
    private const int PendingDateOffset = 22;
    private const int MethodsOffset = 30;
    private const int CapabilitiesOffset = 32;

    /// <summary>An entry.</summary>
    /// <exception cref="ArgumentException">A date is not 8 bytes, or a version string is too long or malformed.</exception>
    public DownstreamDeviceParameterEntry(
        ushort index,
        uint activeComparisonStamp,
        VersionStringType activeVersionType,
        ReadOnlySpan<byte> activeReleaseDate,
        ReadOnlySpan<byte> activeVersion,
        uint pendingComparisonStamp,
        VersionStringType pendingVersionType,
        ReadOnlySpan<byte> pendingReleaseDate,
        ReadOnlySpan<byte> pendingVersion,
        ComponentActivationMethods activationMethods,
        uint capabilitiesDuringUpdate)
    {
        if (activeReleaseDate.Length != ComponentParameterEntry.ReleaseDateLength
            || pendingReleaseDate.Length != ComponentParameterEntry.ReleaseDateLength)
        {
            throw new ArgumentException("Release dates are 8 bytes.", nameof(activeReleaseDate));
        }

        VersionStrings.ThrowIfNotWritable(activeVersionType, activeVersion, nameof(activeVersion));
        VersionStrings.ThrowIfNotWritable(pendingVersionType, pendingVersion, nameof(pendingVersion));
        Index = index;
        ActiveComparisonStamp = activeComparisonStamp;
        ActiveVersionType = activeVersionType;
        ActiveReleaseDate = activeReleaseDate;
        ActiveVersion = activeVersion;
        PendingComparisonStamp = pendingComparisonStamp;
        PendingVersionType = pendingVersionType;
        PendingReleaseDate = pendingReleaseDate;
        PendingVersion = pendingVersion;
        ActivationMethods = activationMethods;
        CapabilitiesDuringUpdate = capabilitiesDuringUpdate;
    }

    /// <summary>The downstream device index.</summary>
    public ushort Index { get; }

    /// <summary>The active image's comparison stamp.</summary>
    public uint ActiveComparisonStamp { get; }

    /// <summary>The active version string's type.</summary>
    public VersionStringType ActiveVersionType { get; }

    /// <summary>The active image's release date (8 bytes).</summary>
    public ReadOnlySpan<byte> ActiveReleaseDate { get; }

    /// <summary>The active version string.</summary>
    public ReadOnlySpan<byte> ActiveVersion { get; }

    /// <summary>The pending image's comparison stamp.</summary>
    public uint PendingComparisonStamp { get; }

    /// <summary>The pending version string's type.</summary>
    public VersionStringType PendingVersionType { get; }

    /// <summary>The pending image's release date (8 bytes).</summary>
    public ReadOnlySpan<byte> PendingReleaseDate { get; }

    /// <summary>The pending version string.</summary>
    public ReadOnlySpan<byte> PendingVersion { get; }

    /// <summary>Activation methods supported.</summary>
    public ComponentActivationMethods ActivationMethods { get; }

    /// <summary>Capabilities during update.</summary>
    public uint CapabilitiesDuringUpdate { get; }

    /// <summary>The encoded size.</summary>
    public int EncodedLength => FixedLength + ActiveVersion.Length + PendingVersion.Length;

    /// <summary>Reads one entry from the start of <paramref name="source"/>; consumes nothing on failure.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out DownstreamDeviceParameterEntry entry, out int bytesConsumed)
    {
        entry = default;
        bytesConsumed = 0;
        if (source.Length < FixedLength)
        {
            return WireStatus.NeedMoreData;
        }

        var status = ActivePendingVersions.TryRead(source, FixedLength, ActiveTypeOffset, ActiveLengthOffset, PendingTypeOffset, PendingLengthOffset, out var versions);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var activeType = versions.ActiveType;
        var active = versions.Active;
        var pendingType = versions.PendingType;
        var pending = versions.Pending;
        var total = versions.TotalLength;

        entry = new DownstreamDeviceParameterEntry(
            BinaryPrimitives.ReadUInt16LittleEndian(source[IndexOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[ActiveStampOffset..]),
            activeType,
            source.Slice(ActiveDateOffset, ComponentParameterEntry.ReleaseDateLength),
            active,
            BinaryPrimitives.ReadUInt32LittleEndian(source[PendingStampOffset..]),
            pendingType,
            source.Slice(PendingDateOffset, ComponentParameterEntry.ReleaseDateLength),
            pending,
            (ComponentActivationMethods)BinaryPrimitives.ReadUInt16LittleEndian(source[MethodsOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[CapabilitiesOffset..]));
        bytesConsumed = total;
        return WireStatus.Done;
    }

    /// <summary>Writes the entry; false if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < EncodedLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[IndexOffset..], Index);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ActiveStampOffset..], ActiveComparisonStamp);
        destination[ActiveTypeOffset] = (byte)ActiveVersionType;
        destination[ActiveLengthOffset] = (byte)ActiveVersion.Length;
        ActiveReleaseDate.CopyTo(destination[ActiveDateOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[PendingStampOffset..], PendingComparisonStamp);
        destination[PendingTypeOffset] = (byte)PendingVersionType;
        destination[PendingLengthOffset] = (byte)PendingVersion.Length;
        PendingReleaseDate.CopyTo(destination[PendingDateOffset..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MethodsOffset..], (ushort)ActivationMethods);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[CapabilitiesOffset..], CapabilitiesDuringUpdate);
        ActiveVersion.CopyTo(destination[FixedLength..]);
        PendingVersion.CopyTo(destination[(FixedLength + ActiveVersion.Length)..]);
        bytesWritten = EncodedLength;
        return true;
    }
}
