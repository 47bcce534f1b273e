namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// The active and pending version strings that follow a fixed part whose bytes give each
/// string's type and length: the GetFirmwareParameters response (DSP0267 §10.2) and each
/// component and downstream-device parameter table entry share this shape.
/// </summary>
/// <remarks>
/// <code>
/// [fixed part, holding ActiveTypeOffset/ActiveLengthOffset and PendingTypeOffset/PendingLengthOffset]
/// ActiveVersionString [active length] | PendingVersionString [pending length]
/// </code>
/// </remarks>
internal readonly ref struct ActivePendingVersions
{
    /// <summary>Type of the active version string.</summary>
    public VersionStringType ActiveType { get; init; }

    /// <summary>The active version string.</summary>
    public ReadOnlySpan<byte> Active { get; init; }

    /// <summary>Type of the pending version string.</summary>
    public VersionStringType PendingType { get; init; }

    /// <summary>The pending version string.</summary>
    public ReadOnlySpan<byte> Pending { get; init; }

    /// <summary>Fixed part plus both strings.</summary>
    public int TotalLength { get; init; }

    /// <summary>
    /// Reads both strings after <paramref name="fixedLength"/> bytes (the caller has checked that
    /// many are there). NeedMoreData when the strings run past the end, Invalid when a string
    /// breaks its type's rules.
    /// </summary>
    public static WireStatus TryRead(
        ReadOnlySpan<byte> source, int fixedLength, int activeTypeOffset, int activeLengthOffset, int pendingTypeOffset, int pendingLengthOffset, out ActivePendingVersions versions)
    {
        versions = default;
        int activeLength = source[activeLengthOffset];
        int pendingLength = source[pendingLengthOffset];
        var total = fixedLength + activeLength + pendingLength;
        if (source.Length < total)
        {
            return WireStatus.NeedMoreData;
        }

        var activeType = (VersionStringType)source[activeTypeOffset];
        var pendingType = (VersionStringType)source[pendingTypeOffset];
        var active = source.Slice(fixedLength, activeLength);
        var pending = source.Slice(fixedLength + activeLength, pendingLength);
        if (VersionStrings.Validate(activeType, active) != WireStatus.Done || VersionStrings.Validate(pendingType, pending) != WireStatus.Done)
        {
            return WireStatus.Invalid;
        }

        versions = new ActivePendingVersions { ActiveType = activeType, Active = active, PendingType = pendingType, Pending = pending, TotalLength = total };
        return WireStatus.Done;
    }
}
