using System.Buffers.Binary;

namespace Rampart.Wire.Capture;

/// <summary>
/// The 24-byte global header of a classic pcap file (draft-ietf-opsawg-pcap §4): magic, version
/// 2.4, two zero fields, snap length and link type. The magic also gives the byte order and the
/// timestamp resolution (0xA1B2C3D4 microseconds, 0xA1B23C4D nanoseconds). Rampart writes
/// little-endian microsecond files and reads either byte order and resolution.
/// </summary>
/// <param name="BigEndian">The file's byte order.</param>
/// <param name="Nanoseconds">Record timestamps' second fraction is in nanoseconds.</param>
/// <param name="SnapLength">Largest captured length of a record.</param>
/// <param name="LinkType">Link-layer header type of every record.</param>
public readonly record struct PcapFileHeader(bool BigEndian, bool Nanoseconds, uint SnapLength, PcapLinkType LinkType)
{
    /// <summary>Header size.</summary>
    public const int Size = 24;

    /// <summary>Magic of a microsecond-resolution file.</summary>
    public const uint MicrosecondMagic = 0xA1B2C3D4;

    /// <summary>Magic of a nanosecond-resolution file.</summary>
    public const uint NanosecondMagic = 0xA1B23C4D;

    /// <summary>Major version.</summary>
    public const ushort VersionMajor = 2;

    /// <summary>Minor version.</summary>
    public const ushort VersionMinor = 4;

    // +0 [ magic u32 ]  +4 [ major u16 ]  +6 [ minor u16 ]  +8 [ reserved1 u32 ]  +12 [ reserved2 u32 ]
    // +16 [ snap length u32 ]  +20 [ link type u32 (FCS bits 31:28 ignored) ]
    private const int MagicOffset = 0;
    private const int MajorOffset = 4;
    private const int MinorOffset = 6;
    private const int SnapOffset = 16;
    private const int LinkTypeOffset = 20;
    private const uint LinkTypeMask = 0x0FFF_FFFF;

    /// <summary>
    /// Reads the header. <see cref="WireStatus.Invalid"/> on an unknown magic;
    /// <see cref="WireStatus.Unsupported"/> on a major version other than 2.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out PcapFileHeader header)
    {
        header = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(source[MagicOffset..]);
        bool bigEndian;
        bool nanoseconds;
        if (magic is MicrosecondMagic or NanosecondMagic)
        {
            bigEndian = false;
            nanoseconds = magic == NanosecondMagic;
        }
        else
        {
            magic = BinaryPrimitives.ReverseEndianness(magic);
            if (magic is not (MicrosecondMagic or NanosecondMagic))
            {
                return WireStatus.Invalid;
            }

            bigEndian = true;
            nanoseconds = magic == NanosecondMagic;
        }

        var major = ReadU16(source[MajorOffset..], bigEndian);
        if (major != VersionMajor)
        {
            return WireStatus.Unsupported;
        }

        header = new PcapFileHeader(
            bigEndian,
            nanoseconds,
            ReadU32(source[SnapOffset..], bigEndian),
            (PcapLinkType)(ReadU32(source[LinkTypeOffset..], bigEndian) & LinkTypeMask));
        return WireStatus.Done;
    }

    /// <summary>Writes a little-endian header (the only kind Rampart writes).</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        if (BigEndian)
        {
            throw new InvalidOperationException("Rampart writes little-endian pcap files only.");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[MagicOffset..], Nanoseconds ? NanosecondMagic : MicrosecondMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MajorOffset..], VersionMajor);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[MinorOffset..], VersionMinor);
        destination[8..16].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SnapOffset..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[LinkTypeOffset..], (uint)LinkType);
        return true;
    }

    internal static uint ReadU32(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    internal static ushort ReadU16(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);
}
