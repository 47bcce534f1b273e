using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// One entry of the component parameter table in the GetFirmwareParameters response
/// (DSP0267 1.3 Table "Component parameter table entry format"). Strings and dates are
/// slices of the caller's buffer.
/// </summary>
public readonly ref struct ComponentParameterEntry
{
    // +0  ComponentClassification             u16 LE
    // +2  ComponentIdentifier                 u16 LE
    // +4  ComponentClassificationIndex        u8
    // +5  ActiveComponentComparisonStamp      u32 LE
    // +9  ActiveComponentVersionStringType    enum8
    // +10 ActiveComponentVersionStringLength  u8 (a)
    // +11 ActiveComponentReleaseDate          8 bytes (YYYYMMDD)
    // +19 PendingComponentComparisonStamp     u32 LE
    // +23 PendingComponentVersionStringType   enum8
    // +24 PendingComponentVersionStringLength u8 (p)
    // +25 PendingComponentReleaseDate         8 bytes
    // +33 ComponentActivationMethods          bitfield16 LE
    // +35 CapabilitiesDuringUpdate            bitfield32 LE
    // +39 ActiveComponentVersionString        a bytes
    // +39+a PendingComponentVersionString     p bytes

    /// <summary>The fixed part.</summary>
    public const int FixedLength = 39;

    /// <summary>The size of a release date.</summary>
    public const int ReleaseDateLength = 8;

    private const int ClassificationOffset = 0;
    private const int IdentifierOffset = 2;
    private const int IndexOffset = 4;
    private const int ActiveStampOffset = 5;
    private const int ActiveTypeOffset = 9;
    private const int ActiveLengthOffset = 10;
    private const int ActiveDateOffset = 11;
    private const int PendingStampOffset = 19;
    private const int PendingTypeOffset = 23;
    private const int PendingLengthOffset = 24;
    private const int PendingDateOffset = 25;
    private const int MethodsOffset = 33;
    private const int CapabilitiesOffset = 35;

    /// <summary>An entry.</summary>
    /// <exception cref="ArgumentException">A date is not 8 bytes, or a version string is too long or malformed.</exception>
    public ComponentParameterEntry(
        ComponentClassification classification,
        ushort identifier,
        byte classificationIndex,
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
        if (activeReleaseDate.Length != ReleaseDateLength || pendingReleaseDate.Length != ReleaseDateLength)
        {
            throw new ArgumentException("Release dates are 8 bytes.", nameof(activeReleaseDate));
        }

        VersionStrings.ThrowIfNotWritable(activeVersionType, activeVersion, nameof(activeVersion));
        VersionStrings.ThrowIfNotWritable(pendingVersionType, pendingVersion, nameof(pendingVersion));
        Classification = classification;
        Identifier = identifier;
        ClassificationIndex = classificationIndex;
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

    /// <summary>The component classification.</summary>
    public ComponentClassification Classification { get; }

    /// <summary>The component identifier.</summary>
    public ushort Identifier { get; }

    /// <summary>The classification index.</summary>
    public byte ClassificationIndex { get; }

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

    /// <summary>The pending version string (empty when nothing is pending).</summary>
    public ReadOnlySpan<byte> PendingVersion { get; }

    /// <summary>Activation methods the component supports.</summary>
    public ComponentActivationMethods ActivationMethods { get; }

    /// <summary>The component's capabilities during update.</summary>
    public uint CapabilitiesDuringUpdate { get; }

    /// <summary>The encoded size.</summary>
    public int EncodedLength => FixedLength + ActiveVersion.Length + PendingVersion.Length;

    /// <summary>
    /// Reads one entry from the start of <paramref name="source"/> (which may hold more).
    /// NeedMoreData if it stops early, Invalid for a bad version string. Consumes nothing on failure.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ComponentParameterEntry entry, out int bytesConsumed)
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

        entry = new ComponentParameterEntry(
            (ComponentClassification)BinaryPrimitives.ReadUInt16LittleEndian(source[ClassificationOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(source[IdentifierOffset..]),
            source[IndexOffset],
            BinaryPrimitives.ReadUInt32LittleEndian(source[ActiveStampOffset..]),
            activeType,
            source.Slice(ActiveDateOffset, ReleaseDateLength),
            active,
            BinaryPrimitives.ReadUInt32LittleEndian(source[PendingStampOffset..]),
            pendingType,
            source.Slice(PendingDateOffset, ReleaseDateLength),
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

        BinaryPrimitives.WriteUInt16LittleEndian(destination[ClassificationOffset..], (ushort)Classification);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[IdentifierOffset..], Identifier);
        destination[IndexOffset] = ClassificationIndex;
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

/// <summary>A checked run of <see cref="ComponentParameterEntry"/> values, enumerated without allocation.</summary>
public readonly ref struct ComponentParameterTable
{
    private ComponentParameterTable(ReadOnlySpan<byte> bytes, int count)
    {
        Bytes = bytes;
        Count = count;
    }

    /// <summary>The encoded entries.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>How many entries there are.</summary>
    public int Count { get; }

    /// <summary>Reads <paramref name="count"/> entries from the start of <paramref name="source"/>; consumes nothing on failure.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, int count, out ComponentParameterTable table, out int bytesConsumed)
    {
        table = default;
        bytesConsumed = 0;
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var status = ComponentParameterEntry.TryRead(source[offset..], out _, out var used);
            if (status != WireStatus.Done)
            {
                return status;
            }

            offset += used;
        }

        table = new ComponentParameterTable(source[..offset], count);
        bytesConsumed = offset;
        return WireStatus.Done;
    }

    /// <summary>Enumerates the entries.</summary>
    public Enumerator GetEnumerator() => new(Bytes, Count);

    /// <summary>Walks a checked table.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;
        private int _left;

        internal Enumerator(ReadOnlySpan<byte> bytes, int count)
        {
            _rest = bytes;
            _left = count;
            Current = default;
        }

        /// <summary>The current entry.</summary>
        public ComponentParameterEntry Current { get; private set; }

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext()
        {
            if (_left == 0 || ComponentParameterEntry.TryRead(_rest, out var next, out var used) != WireStatus.Done)
            {
                return false;
            }

            Current = next;
            _rest = _rest[used..];
            _left--;
            return true;
        }
    }
}
