namespace Rampart.Images.Manifest;

/// <summary>
/// Offsets of the SoC authorization manifest (caliptra-sw <c>auth-manifest/types</c>,
/// <c>AuthorizationManifest</c>), little-endian:
/// <code>
///     0 marker "ATM2"(4) | size(4) = 24292 | version(4) | SVN(4) | flags(4): bit 0 vendor signature required
///    20 vendor keys: ECC(96) PQC(2592)                   -- signed with [8, 2708) by the firmware vendor key
///  2708 vendor-keys signatures: ECC(96) PQC(4628)
///  7432 owner keys: ECC(96) PQC(2592)                    -- signed by the firmware owner key
/// 10120 owner-keys signatures: ECC(96) PQC(4628)
/// 14844 vendor image-metadata signatures: ECC(96) PQC(4628)   -- by the manifest's vendor keys
/// 19568 owner image-metadata signatures: ECC(96) PQC(4628)    -- by the manifest's owner keys
/// 24292 entry count(4) | entries (80 bytes each, up to 80)   -- the signed image metadata
/// </code>
/// Rampart writes only the entries counted (no zero padding to 80).
/// </summary>
public static class SocManifestLayout
{
    /// <summary>"ATM2" as a little-endian u32.</summary>
    public const uint Marker = 0x324D_5441;

    /// <summary>Size of the preamble (the value of the size field).</summary>
    public const int PreambleSize = 24292;

    /// <summary>Entries a manifest may hold.</summary>
    public const int MaxEntries = 80;

    /// <summary>Flags bit 0: the vendor image-metadata signature is checked.</summary>
    public const uint VendorSignatureRequired = 0x1;

    /// <summary>Offset of the marker.</summary>
    public const int MarkerOffset = 0;

    /// <summary>Offset of the size.</summary>
    public const int SizeOffset = 4;

    /// <summary>Offset of the version (start of the vendor-signed data).</summary>
    public const int VersionOffset = 8;

    /// <summary>Offset of the SVN.</summary>
    public const int SvnOffset = 12;

    /// <summary>Offset of the flags.</summary>
    public const int FlagsOffset = 16;

    /// <summary>Offset of the vendor keys.</summary>
    public const int VendorKeysOffset = 20;

    /// <summary>Size of an ECC + PQC key pair.</summary>
    public const int KeysSize = 96 + 2592;

    /// <summary>Size of an ECC + PQC signature pair.</summary>
    public const int SignaturesSize = 96 + 4628;

    /// <summary>Offset of the vendor-keys signatures.</summary>
    public const int VendorKeysSignaturesOffset = VendorKeysOffset + KeysSize;

    /// <summary>Offset of the owner keys.</summary>
    public const int OwnerKeysOffset = VendorKeysSignaturesOffset + SignaturesSize;

    /// <summary>Offset of the owner-keys signatures.</summary>
    public const int OwnerKeysSignaturesOffset = OwnerKeysOffset + KeysSize;

    /// <summary>Offset of the vendor image-metadata signatures.</summary>
    public const int VendorMetadataSignaturesOffset = OwnerKeysSignaturesOffset + SignaturesSize;

    /// <summary>Offset of the owner image-metadata signatures.</summary>
    public const int OwnerMetadataSignaturesOffset = VendorMetadataSignaturesOffset + SignaturesSize;

    /// <summary>Offset of the entry count.</summary>
    public const int EntryCountOffset = OwnerMetadataSignaturesOffset + SignaturesSize;

    /// <summary>Offset of the first entry.</summary>
    public const int EntriesOffset = EntryCountOffset + 4;

    /// <summary>The length of the vendor-signed range [version, end of vendor keys).</summary>
    public const int VendorSignedLength = VendorKeysSignaturesOffset - VersionOffset;

    /// <summary>Encoded size with <paramref name="entries"/> entries.</summary>
    public static int SizeWith(int entries) => EntriesOffset + (entries * ImageMetadataEntry.EncodedSize);
}
