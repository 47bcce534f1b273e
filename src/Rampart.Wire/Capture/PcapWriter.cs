using System.Buffers.Binary;
using Rampart.Wire.Mctp;

namespace Rampart.Wire.Capture;

/// <summary>
/// Writes a classic little-endian pcap file with microsecond timestamps taken from the caller's
/// (virtual) clock, so the same run gives the same bytes. Records are written through a
/// per-writer scratch buffer; writing allocates nothing.
/// </summary>
public sealed class PcapWriter
{
    /// <summary>The default snap length: large enough for any MCTP packet or DOE object Rampart sends.</summary>
    public const int DefaultSnapLength = 0x40000;

    /// <summary>Size of a record header.</summary>
    public const int RecordHeaderSize = 16;

    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[RecordHeaderSize + Sll2Header.Size];

    /// <summary>Writes the file header to <paramref name="stream"/>.</summary>
    public PcapWriter(Stream stream, PcapLinkType linkType, int snapLength = DefaultSnapLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapLength, 1);
        _stream = stream;
        LinkType = linkType;
        SnapLength = snapLength;
        Span<byte> header = stackalloc byte[PcapFileHeader.Size];
        new PcapFileHeader(false, false, (uint)snapLength, linkType).TryWrite(header);
        _stream.Write(header);
    }

    /// <summary>The file's link type.</summary>
    public PcapLinkType LinkType { get; }

    /// <summary>The file's snap length.</summary>
    public int SnapLength { get; }

    /// <summary>Records written.</summary>
    public long Records { get; private set; }

    /// <summary>
    /// Writes one MCTP packet (4-byte transport header and payload, no binding bytes). For
    /// <see cref="PcapLinkType.LinuxSll2"/> an SLL2 header with protocol 0x00FA goes first;
    /// <paramref name="direction"/> says whether this host sent or received it.
    /// </summary>
    public void WriteMctpPacket(long timestampMicroseconds, ReadOnlySpan<byte> packet, Sll2PacketType direction = Sll2PacketType.Host)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packet.Length, MctpTransportHeader.Size, nameof(packet));
        switch (LinkType)
        {
            case PcapLinkType.LinuxSll2:
                Sll2Header.ForMctp(direction).TryWrite(_scratch.AsSpan(RecordHeaderSize));
                WriteRecord(timestampMicroseconds, _scratch.AsSpan(RecordHeaderSize, Sll2Header.Size), packet);
                break;
            case PcapLinkType.Mctp:
                WriteRecord(timestampMicroseconds, default, packet);
                break;
            default:
                throw new InvalidOperationException($"A {LinkType} capture holds no MCTP packets.");
        }
    }

    /// <summary>Writes one DOE data object; the file must be <see cref="PcapLinkType.PciDoe"/>.</summary>
    public void WriteDoeObject(long timestampMicroseconds, ReadOnlySpan<byte> dataObject)
    {
        if (LinkType != PcapLinkType.PciDoe)
        {
            throw new InvalidOperationException($"A {LinkType} capture holds no DOE objects.");
        }

        WriteRecord(timestampMicroseconds, default, dataObject);
    }

    /// <summary>Writes one record whose data is <paramref name="prefix"/> then <paramref name="data"/>, cut to the snap length.</summary>
    public void WriteRecord(long timestampMicroseconds, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestampMicroseconds);
        var seconds = timestampMicroseconds / 1_000_000;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(seconds, uint.MaxValue, nameof(timestampMicroseconds));
        var original = prefix.Length + data.Length;
        var captured = Math.Min(original, SnapLength);
        var header = _scratch.AsSpan(0, RecordHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(timestampMicroseconds % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)captured);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)original);
        _stream.Write(header);
        var fromPrefix = Math.Min(prefix.Length, captured);
        _stream.Write(prefix[..fromPrefix]);
        _stream.Write(data[..(captured - fromPrefix)]);
        Records++;
    }

    /// <summary>Flushes the stream.</summary>
    public void Flush() => _stream.Flush();
}
