namespace Rampart.Images.Bundle;

/// <summary>
/// Byte offsets of the Caliptra firmware bundle manifest (caliptra-sw
/// <c>image/types</c> <c>ImageManifest</c>, <c>#[repr(C)]</c>, little-endian). Keys, hashes
/// and signatures are stored as big-endian byte strings (x || y, r || s, digest bytes).
/// <code>
///      0  marker "CMN2"(4) | size(4) | pqc key type(1) | reserved(3)
///     12  preamble:
///           ECC key descriptor: version(2) reserved(1) hash count(1) 4 x SHA-384
///    208    PQC key descriptor: version(2) key type(1) hash count(1) 32 x SHA-384
///   1748    vendor ECC key index(4) | 1752 vendor ECC active key(96)
///   1848    vendor PQC key index(4) | 1852 vendor PQC active key(2592)
///   4444    vendor signatures: ECC(96) | PQC(4628)
///   9168    owner keys: ECC(96) | PQC(2592)
///  11856    owner signatures: ECC(96) | PQC(4628)
///  16580    reserved(8)
///  16588  header (160, signed) | 16748 TOC: FMC(104) | runtime(104) | 16956 images
/// </code>
/// </summary>
public static class BundleLayout
{
    /// <summary>"CMN2" as a little-endian u32.</summary>
    public const uint Marker = 0x324E_4D43;

    /// <summary>Key descriptor version (caliptra-sw KEY_DESCRIPTOR_VERSION).</summary>
    public const ushort KeyDescriptorVersion = 1;

    /// <summary>Vendor ECC keys a descriptor may list.</summary>
    public const int MaxVendorEccKeys = 4;

    /// <summary>SHA-384 digest size.</summary>
    public const int DigestSize = 48;

    /// <summary>Offset of the marker.</summary>
    public const int MarkerOffset = 0;

    /// <summary>Offset of the manifest size.</summary>
    public const int SizeOffset = 4;

    /// <summary>Offset of the PQC key type.</summary>
    public const int PqcKeyTypeOffset = 8;

    /// <summary>Offset of the preamble (and of the vendor key descriptors).</summary>
    public const int PreambleOffset = 12;

    /// <summary>Offset of the ECC key descriptor.</summary>
    public const int EccDescriptorOffset = PreambleOffset;

    /// <summary>Offset of the first ECC key hash.</summary>
    public const int EccDescriptorHashesOffset = EccDescriptorOffset + 4;

    /// <summary>Offset of the PQC key descriptor.</summary>
    public const int PqcDescriptorOffset = EccDescriptorHashesOffset + (MaxVendorEccKeys * DigestSize);

    /// <summary>Offset of the first PQC key hash.</summary>
    public const int PqcDescriptorHashesOffset = PqcDescriptorOffset + 4;

    /// <summary>PQC hash slots in the descriptor (sized for LMS).</summary>
    public const int PqcDescriptorSlots = 32;

    /// <summary>End of the descriptors; SHA-384 of [12, here) is the vendor PK hash fuse.</summary>
    public const int VendorKeyInfoEnd = PqcDescriptorHashesOffset + (PqcDescriptorSlots * DigestSize);

    /// <summary>Length of the vendor key descriptors.</summary>
    public const int VendorKeyInfoLength = VendorKeyInfoEnd - PreambleOffset;

    /// <summary>Offset of the vendor ECC key index.</summary>
    public const int VendorEccIndexOffset = VendorKeyInfoEnd;

    /// <summary>Offset of the active vendor ECC key.</summary>
    public const int VendorEccKeyOffset = VendorEccIndexOffset + 4;

    /// <summary>Offset of the vendor PQC key index.</summary>
    public const int VendorPqcIndexOffset = VendorEccKeyOffset + 96;

    /// <summary>Offset of the active vendor PQC key field.</summary>
    public const int VendorPqcKeyOffset = VendorPqcIndexOffset + 4;

    /// <summary>Offset of the vendor ECC signature.</summary>
    public const int VendorEccSignatureOffset = VendorPqcKeyOffset + 2592;

    /// <summary>Offset of the vendor PQC signature field.</summary>
    public const int VendorPqcSignatureOffset = VendorEccSignatureOffset + 96;

    /// <summary>Offset of the owner ECC key (start of the owner key region).</summary>
    public const int OwnerEccKeyOffset = VendorPqcSignatureOffset + 4628;

    /// <summary>Offset of the owner PQC key field.</summary>
    public const int OwnerPqcKeyOffset = OwnerEccKeyOffset + 96;

    /// <summary>Length of the owner keys; their SHA-384 is the owner PK hash fuse.</summary>
    public const int OwnerKeysLength = 96 + 2592;

    /// <summary>Offset of the owner ECC signature.</summary>
    public const int OwnerEccSignatureOffset = OwnerEccKeyOffset + OwnerKeysLength;

    /// <summary>Offset of the owner PQC signature field.</summary>
    public const int OwnerPqcSignatureOffset = OwnerEccSignatureOffset + 96;

    /// <summary>Offset of the preamble's reserved words.</summary>
    public const int PreambleReservedOffset = OwnerPqcSignatureOffset + 4628;

    /// <summary>Offset of the header.</summary>
    public const int HeaderOffset = PreambleReservedOffset + 8;

    /// <summary>Size of the header.</summary>
    public const int HeaderSize = 160;

    /// <summary>Bytes of the header the vendor signs (all but the owner data).</summary>
    public const int VendorSignedHeaderLength = ImageHeader.OwnerDataOffset;

    /// <summary>Offset of the TOC.</summary>
    public const int TocOffset = HeaderOffset + HeaderSize;

    /// <summary>Size of one TOC entry.</summary>
    public const int TocEntrySize = 104;

    /// <summary>TOC entries: FMC and runtime.</summary>
    public const int TocEntryCount = 2;

    /// <summary>Size of the TOC.</summary>
    public const int TocSize = TocEntrySize * TocEntryCount;

    /// <summary>Size of the whole manifest; the images follow it.</summary>
    public const int ManifestSize = TocOffset + TocSize;
}
