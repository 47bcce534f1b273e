using System.Buffers.Binary;

namespace Rampart.Wire.Doe;

/// <summary>
/// The two-DWORD header of a PCIe Data Object Exchange data object (PCIe 6.x §6.30.1, Figure
/// "DOE Data Object Format"): vendor ID, data object type, and the object's length in DWORDs,
/// header included, in 18 bits (0 stands for 2^18). The data follows, zero-padded to a DWORD.
/// </summary>
/// <param name="VendorId">Vendor ID; 0x0001 is PCI-SIG.</param>
/// <param name="Type">Data object type (meaning set by the vendor ID).</param>
/// <param name="LengthDwords">Total length in DWORDs, 2 … 2^18.</param>
public readonly record struct DoeDataObjectHeader(ushort VendorId, DoeDataObjectType Type, int LengthDwords)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 8;

    /// <summary>The PCI-SIG vendor ID.</summary>
    public const ushort PciSigVendorId = 0x0001;

    /// <summary>Largest length: 2^18 DWORDs, encoded as 0.</summary>
    public const int MaxLengthDwords = 1 << 18;

    // Byte layout (little-endian DWORDs):
    //   DW0: bits 15:0 vendor ID | bits 23:16 data object type | bits 31:24 reserved
    //   DW1: bits 17:0 length in DW (0 = 2^18) | bits 31:18 reserved
    private const int VendorOffset = 0;
    private const int TypeOffset = 2;
    private const int ReservedOffset = 3;
    private const int LengthOffset = 4;
    private const uint LengthMask = MaxLengthDwords - 1;

    /// <summary>The object's size in bytes, header included.</summary>
    public int TotalBytes => LengthDwords * 4;

    /// <summary>A PCI-SIG header for an object with <paramref name="dataLength"/> bytes of data (padded to DWORDs).</summary>
    public static DoeDataObjectHeader ForData(DoeDataObjectType type, int dataLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        var dwords = 2 + ((dataLength + 3) / 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dwords, MaxLengthDwords, nameof(dataLength));
        return new DoeDataObjectHeader(PciSigVendorId, type, dwords);
    }

    /// <summary>
    /// Reads the header. <see cref="WireStatus.Invalid"/> when a reserved bit is set or the length
    /// is below the header's 2 DWORDs.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out DoeDataObjectHeader header)
    {
        header = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        var lengthField = BinaryPrimitives.ReadUInt32LittleEndian(source[LengthOffset..]);
        if (source[ReservedOffset] != 0 || (lengthField & ~LengthMask) != 0)
        {
            return WireStatus.Invalid;
        }

        var length = lengthField == 0 ? MaxLengthDwords : (int)lengthField;
        if (length < 2)
        {
            return WireStatus.Invalid;
        }

        header = new DoeDataObjectHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(source[VendorOffset..]),
            (DoeDataObjectType)source[TypeOffset],
            length);
        return WireStatus.Done;
    }

    /// <summary>Writes the header; throws on a length outside 2 … 2^18 (a caller bug).</summary>
    public bool TryWrite(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LengthDwords, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LengthDwords, MaxLengthDwords);
        if (destination.Length < Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[VendorOffset..], VendorId);
        destination[TypeOffset] = (byte)Type;
        destination[ReservedOffset] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LengthOffset..], (uint)LengthDwords & LengthMask);
        return true;
    }
}
