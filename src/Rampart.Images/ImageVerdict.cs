namespace Rampart.Images;

/// <summary>
/// The one extend-only registry of verdicts for every image format in Rampart.Images
/// (STYLE.md: one registry of error codes, success is not zero). The success value is a
/// hardened constant far in Hamming distance from every failure code, so a flipped bit in a
/// stored verdict never reads as <see cref="Verified"/>. Failure codes are grouped by format
/// in the upper half-word: 0x01 bundle, 0x02 SoC manifest, 0x03 flash image, 0x04 PLDM package.
/// </summary>
public enum ImageVerdict : uint
{
    /// <summary>Every rule passed.</summary>
    Verified = 0xC3A5_5A3C,

    /// <summary>Bundle: the bytes end before the manifest or an image does.</summary>
    BundleTruncated = 0x0001_0001,

    /// <summary>Bundle: the marker is not "CMN2".</summary>
    BundleBadMarker = 0x0001_0002,

    /// <summary>Bundle: the manifest size field is not the manifest's size.</summary>
    BundleBadManifestSize = 0x0001_0003,

    /// <summary>Bundle: the PQC key type is neither ML-DSA (1) nor LMS (3).</summary>
    BundleUnsupportedPqcKeyType = 0x0001_0004,

    /// <summary>Bundle: the PQC key type differs from the fused one.</summary>
    BundlePqcKeyTypeMismatch = 0x0001_0005,

    /// <summary>Bundle: a vendor key descriptor has a wrong version, key type or hash count.</summary>
    BundleKeyDescriptorInvalid = 0x0001_0006,

    /// <summary>Bundle: SHA-384 of the vendor key descriptors differs from the vendor PK hash fuse.</summary>
    BundleVendorPublicKeyHashMismatch = 0x0001_0007,

    /// <summary>Bundle: the active vendor ECC key index is beyond the descriptor's hash count.</summary>
    BundleVendorEccKeyIndexOutOfRange = 0x0001_0008,

    /// <summary>Bundle: the active vendor ECC key index is revoked in fuses.</summary>
    BundleVendorEccKeyRevoked = 0x0001_0009,

    /// <summary>Bundle: the active vendor ECC key's hash differs from the descriptor entry.</summary>
    BundleVendorEccKeyHashMismatch = 0x0001_000A,

    /// <summary>Bundle: the active vendor PQC key index is beyond the descriptor's hash count.</summary>
    BundleVendorPqcKeyIndexOutOfRange = 0x0001_000B,

    /// <summary>Bundle: the active vendor PQC key index is revoked in fuses.</summary>
    BundleVendorPqcKeyRevoked = 0x0001_000C,

    /// <summary>Bundle: the active vendor PQC key's hash differs from the descriptor entry.</summary>
    BundleVendorPqcKeyHashMismatch = 0x0001_000D,

    /// <summary>Bundle: SHA-384 of the owner keys differs from the owner PK hash fuse.</summary>
    BundleOwnerPublicKeyHashMismatch = 0x0001_000E,

    /// <summary>Bundle: the vendor ECC signature over the header does not verify.</summary>
    BundleVendorEccSignatureInvalid = 0x0001_000F,

    /// <summary>Bundle: the vendor PQC (ML-DSA-87 or LMS) signature over the header does not verify.</summary>
    BundleVendorPqcSignatureInvalid = 0x0001_0010,

    /// <summary>Bundle: the owner ECC signature over the header does not verify.</summary>
    BundleOwnerEccSignatureInvalid = 0x0001_0011,

    /// <summary>Bundle: the owner PQC signature over the header does not verify.</summary>
    BundleOwnerPqcSignatureInvalid = 0x0001_0012,

    /// <summary>Bundle: the header's vendor key indices differ from the preamble's.</summary>
    BundleVendorKeyIndexMismatch = 0x0001_0013,

    /// <summary>Bundle: the header's TOC entry count is not 2.</summary>
    BundleTocEntryCountInvalid = 0x0001_0014,

    /// <summary>Bundle: SHA-384 of the TOC differs from the header's TOC digest.</summary>
    BundleTocDigestMismatch = 0x0001_0015,

    /// <summary>Bundle: a TOC entry has the wrong id or type, or an empty image.</summary>
    BundleTocEntryInvalid = 0x0001_0016,

    /// <summary>Bundle: an image's offset and size reach outside the bundle.</summary>
    BundleImageOutOfBounds = 0x0001_0017,

    /// <summary>Bundle: the FMC and runtime images overlap in the bundle or at their load addresses.</summary>
    BundleImagesOverlap = 0x0001_0018,

    /// <summary>Bundle: an entry point lies outside its image's load range.</summary>
    BundleEntryPointInvalid = 0x0001_0019,

    /// <summary>Bundle: bytes follow the last image.</summary>
    BundleTrailingBytes = 0x0001_001A,

    /// <summary>Bundle: SHA-384 of the FMC image differs from its TOC entry.</summary>
    BundleFmcDigestMismatch = 0x0001_001B,

    /// <summary>Bundle: SHA-384 of the runtime image differs from its TOC entry.</summary>
    BundleRuntimeDigestMismatch = 0x0001_001C,

    /// <summary>Bundle: the firmware SVN exceeds 128, the width of the SVN fuse.</summary>
    BundleSvnOutOfRange = 0x0001_001D,

    /// <summary>Bundle: the firmware SVN is below the fused minimum (anti-rollback).</summary>
    BundleSvnRollback = 0x0001_001E,

    /// <summary>Bundle: the FMC load range is not inside the ICCM (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleFmcLoadAddressInvalid = 0x0001_001F,

    /// <summary>Bundle: the FMC load address is not 4-byte aligned (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleFmcLoadAddressUnaligned = 0x0001_0020,

    /// <summary>Bundle: the FMC entry point is not inside the ICCM (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleFmcEntryPointInvalid = 0x0001_0021,

    /// <summary>Bundle: the FMC entry point is not 4-byte aligned (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleFmcEntryPointUnaligned = 0x0001_0022,

    /// <summary>Bundle: the runtime load range is not inside the ICCM (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleRuntimeLoadAddressInvalid = 0x0001_0023,

    /// <summary>Bundle: the runtime load address is not 4-byte aligned (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleRuntimeLoadAddressUnaligned = 0x0001_0024,

    /// <summary>Bundle: the runtime entry point is not inside the ICCM (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleRuntimeEntryPointInvalid = 0x0001_0025,

    /// <summary>Bundle: the runtime entry point is not 4-byte aligned (<see cref="Bundle.BundleMemoryMap"/>).</summary>
    BundleRuntimeEntryPointUnaligned = 0x0001_0026,

    /// <summary>Manifest: the bytes end before the preamble or the entries do.</summary>
    ManifestTruncated = 0x0002_0001,

    /// <summary>Manifest: the marker is not "ATM2".</summary>
    ManifestBadMarker = 0x0002_0002,

    /// <summary>Manifest: the preamble size field is not the preamble's size.</summary>
    ManifestBadPreambleSize = 0x0002_0003,

    /// <summary>Manifest: more entries than the collection holds.</summary>
    ManifestTooManyEntries = 0x0002_0004,

    /// <summary>Manifest: bytes follow the last entry.</summary>
    ManifestTrailingBytes = 0x0002_0005,

    /// <summary>Manifest: two entries share a fw_id.</summary>
    ManifestDuplicateFwId = 0x0002_0006,

    /// <summary>Manifest: the vendor ECC signature over the vendor keys does not verify.</summary>
    ManifestVendorKeysEccSignatureInvalid = 0x0002_0007,

    /// <summary>Manifest: the vendor PQC signature over the vendor keys does not verify.</summary>
    ManifestVendorKeysPqcSignatureInvalid = 0x0002_0008,

    /// <summary>Manifest: the owner ECC signature over the owner keys does not verify.</summary>
    ManifestOwnerKeysEccSignatureInvalid = 0x0002_0009,

    /// <summary>Manifest: the owner PQC signature over the owner keys does not verify.</summary>
    ManifestOwnerKeysPqcSignatureInvalid = 0x0002_000A,

    /// <summary>Manifest: the vendor ECC signature over the image metadata does not verify.</summary>
    ManifestVendorMetadataEccSignatureInvalid = 0x0002_000B,

    /// <summary>Manifest: the vendor PQC signature over the image metadata does not verify.</summary>
    ManifestVendorMetadataPqcSignatureInvalid = 0x0002_000C,

    /// <summary>Manifest: the owner ECC signature over the image metadata does not verify.</summary>
    ManifestOwnerMetadataEccSignatureInvalid = 0x0002_000D,

    /// <summary>Manifest: the owner PQC signature over the image metadata does not verify.</summary>
    ManifestOwnerMetadataPqcSignatureInvalid = 0x0002_000E,

    /// <summary>Manifest: the SVN exceeds 128, the width of the SoC manifest SVN fuse.</summary>
    ManifestSvnOutOfRange = 0x0002_000F,

    /// <summary>Manifest: the SVN is below the fused minimum (anti-rollback).</summary>
    ManifestSvnRollback = 0x0002_0010,

    /// <summary>Manifest: no entry has the requested fw_id.</summary>
    ManifestFwIdNotFound = 0x0002_0011,

    /// <summary>Manifest: an image's SHA-384 differs from its entry.</summary>
    ManifestImageDigestMismatch = 0x0002_0012,

    /// <summary>Flash image: the bytes end before the header, TOC or an image does.</summary>
    FlashTruncated = 0x0003_0001,

    /// <summary>Flash image: the magic, version or header fields are wrong.</summary>
    FlashHeaderInvalid = 0x0003_0002,

    /// <summary>Flash image: the header/TOC checksum does not match.</summary>
    FlashChecksumMismatch = 0x0003_0003,

    /// <summary>Flash image: an entry's offset and size reach outside the image or overlap another.</summary>
    FlashEntryOutOfBounds = 0x0003_0004,

    /// <summary>Flash image: an image's CRC-32 does not match its entry.</summary>
    FlashImageChecksumMismatch = 0x0003_0005,

    /// <summary>Flash image: bytes follow the last image.</summary>
    FlashTrailingBytes = 0x0003_0006,

    /// <summary>PLDM package: the bytes end before the header or a component does.</summary>
    PackageTruncated = 0x0004_0001,

    /// <summary>PLDM package: the header identifier is not one of the four DSP0267 UUIDs, or disagrees with the format revision.</summary>
    PackageUnknownIdentifier = 0x0004_0002,

    /// <summary>PLDM package: a header field breaks a DSP0267 rule.</summary>
    PackageHeaderInvalid = 0x0004_0003,

    /// <summary>PLDM package: the header checksum does not match.</summary>
    PackageHeaderChecksumMismatch = 0x0004_0004,

    /// <summary>PLDM package: the payload checksum (format 1.3) does not match.</summary>
    PackagePayloadChecksumMismatch = 0x0004_0005,

    /// <summary>PLDM package: a component's location reaches outside the package.</summary>
    PackageComponentOutOfBounds = 0x0004_0006,

    /// <summary>PLDM package: bytes follow the last component image.</summary>
    PackageTrailingBytes = 0x0004_0007,

    /// <summary>PLDM package: a version string or descriptor title is malformed for its string type.</summary>
    PackageStringInvalid = 0x0004_0008,

    /// <summary>PLDM package: a descriptor's length does not fit its type, or a record length disagrees with its fields.</summary>
    PackageRecordInvalid = 0x0004_0009,
}

/// <summary>Helpers for <see cref="ImageVerdict"/>.</summary>
public static class ImageVerdictExtensions
{
    /// <summary>True only for exactly <see cref="ImageVerdict.Verified"/>.</summary>
    public static bool IsVerified(this ImageVerdict verdict) => verdict == ImageVerdict.Verified;
}
