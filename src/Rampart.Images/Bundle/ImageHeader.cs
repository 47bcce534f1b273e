using Rampart.Wire;

namespace Rampart.Images.Bundle;

/// <summary>
/// The signed header of a Caliptra firmware bundle (caliptra-sw <c>ImageHeader</c>). The
/// vendor signs bytes [0, 120); the owner signs all 160.
/// <code>
///   0 revision(8) | 8 vendor ECC key index(4) | 12 vendor PQC key index(4) | 16 flags(4)
///  20 TOC entry count(4) | 24 PL0 PAUSER(4) | 28 TOC SHA-384(48) | 76 firmware SVN(4)
///  80 vendor data: not before(15, ASN.1 GeneralizedTime) not after(15) reserved(10)
/// 120 owner data:  not before(15) not after(15) reserved(10)
/// </code>
/// </summary>
/// <param name="Revision">Eight bytes of revision.</param>
/// <param name="VendorEccKeyIndex">Must equal the preamble's.</param>
/// <param name="VendorPqcKeyIndex">Must equal the preamble's.</param>
/// <param name="Flags">Bit 0: the PL0 PAUSER field is meaningful.</param>
/// <param name="TocEntryCount">Always 2.</param>
/// <param name="Pl0Pauser">The PAUSER with PL0 privileges.</param>
/// <param name="TocDigest">SHA-384 of the TOC.</param>
/// <param name="Svn">The firmware security version number.</param>
/// <param name="VendorNotBefore">15 bytes, e.g. "20250101000000Z".</param>
/// <param name="VendorNotAfter">15 bytes.</param>
/// <param name="OwnerNotBefore">15 bytes (zero: use the vendor's).</param>
/// <param name="OwnerNotAfter">15 bytes.</param>
public sealed record ImageHeader(
    ulong Revision,
    uint VendorEccKeyIndex,
    uint VendorPqcKeyIndex,
    uint Flags,
    uint TocEntryCount,
    uint Pl0Pauser,
    ReadOnlyMemory<byte> TocDigest,
    uint Svn,
    ReadOnlyMemory<byte> VendorNotBefore,
    ReadOnlyMemory<byte> VendorNotAfter,
    ReadOnlyMemory<byte> OwnerNotBefore,
    ReadOnlyMemory<byte> OwnerNotAfter)
{
    /// <summary>Size of the header.</summary>
    public const int EncodedSize = BundleLayout.HeaderSize;

    /// <summary>Size of a validity time field.</summary>
    public const int TimeSize = 15;

    /// <summary>Offset of the vendor ECC key index.</summary>
    public const int VendorEccKeyIndexOffset = 8;

    /// <summary>Offset of the vendor PQC key index.</summary>
    public const int VendorPqcKeyIndexOffset = 12;

    /// <summary>Offset of the TOC entry count.</summary>
    public const int TocEntryCountOffset = 20;

    /// <summary>Offset of the TOC digest.</summary>
    public const int TocDigestOffset = 28;

    /// <summary>Offset of the SVN.</summary>
    public const int SvnOffset = 76;

    /// <summary>Offset of the vendor data.</summary>
    public const int VendorDataOffset = 80;

    /// <summary>Offset of the owner data (the end of what the vendor signs).</summary>
    public const int OwnerDataOffset = 120;

    private const int SignedDataReserved = 10;

    /// <summary>Reads a header from <see cref="EncodedSize"/> bytes.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ImageHeader? header)
    {
        header = null;
        if (source.Length < EncodedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = new WireReader(source[..EncodedSize]);
        reader.TryReadU64(out var revision);
        reader.TryReadU32(out var eccIndex);
        reader.TryReadU32(out var pqcIndex);
        reader.TryReadU32(out var flags);
        reader.TryReadU32(out var tocCount);
        reader.TryReadU32(out var pauser);
        reader.TryReadBytes(BundleLayout.DigestSize, out var tocDigest);
        reader.TryReadU32(out var svn);
        reader.TryReadBytes(TimeSize, out var vendorNotBefore);
        reader.TryReadBytes(TimeSize, out var vendorNotAfter);
        reader.TrySkip(SignedDataReserved);
        reader.TryReadBytes(TimeSize, out var ownerNotBefore);
        reader.TryReadBytes(TimeSize, out var ownerNotAfter);
        header = new ImageHeader(
            revision, eccIndex, pqcIndex, flags, tocCount, pauser, tocDigest.ToArray(), svn,
            vendorNotBefore.ToArray(), vendorNotAfter.ToArray(), ownerNotBefore.ToArray(), ownerNotAfter.ToArray());
        return WireStatus.Done;
    }

    /// <summary>Writes the header into <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        if (TocDigest.Length != BundleLayout.DigestSize)
        {
            throw new InvalidOperationException("The TOC digest is 48 bytes.");
        }

        var writer = new WireWriter(destination[..EncodedSize]);
        writer.TryWriteU64(Revision);
        writer.TryWriteU32(VendorEccKeyIndex);
        writer.TryWriteU32(VendorPqcKeyIndex);
        writer.TryWriteU32(Flags);
        writer.TryWriteU32(TocEntryCount);
        writer.TryWriteU32(Pl0Pauser);
        writer.TryWriteBytes(TocDigest.Span);
        writer.TryWriteU32(Svn);
        WriteTime(ref writer, VendorNotBefore);
        WriteTime(ref writer, VendorNotAfter);
        writer.TryWriteZeros(SignedDataReserved);
        WriteTime(ref writer, OwnerNotBefore);
        WriteTime(ref writer, OwnerNotAfter);
        writer.TryWriteZeros(SignedDataReserved);
    }

    private static void WriteTime(ref WireWriter writer, ReadOnlyMemory<byte> time)
    {
        if (time.Length > TimeSize)
        {
            throw new InvalidOperationException("A validity time is at most 15 bytes.");
        }

        writer.TryWriteBytes(time.Span);
        writer.TryWriteZeros(TimeSize - time.Length);
    }
}
