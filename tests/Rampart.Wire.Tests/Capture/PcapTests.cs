using CsCheck;
using Rampart.Wire.Capture;

namespace Rampart.Wire.Tests.Capture;

public sealed class PcapTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static readonly byte[] GetEidRequest = Hex("01 08 0A C8 00 81 02");

    [Fact]
    public void File_header_is_classic_little_endian_microseconds()
    {
        using var stream = new MemoryStream();
        _ = new PcapWriter(stream, PcapLinkType.LinuxSll2, 65535);
        Assert.Equal(Hex("D4 C3 B2 A1 02 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 14 01 00 00"), stream.ToArray());
    }

    [Fact]
    public void Sll2_record_carries_protocol_0x00FA_and_ARPHRD_290()
    {
        using var stream = new MemoryStream();
        var writer = new PcapWriter(stream, PcapLinkType.LinuxSll2);
        writer.WriteMctpPacket(1_000_002, GetEidRequest, Sll2PacketType.Outgoing);
        var record = stream.ToArray()[PcapFileHeader.Size..];
        Assert.Equal(Hex("01 00 00 00 02 00 00 00 1B 00 00 00 1B 00 00 00"), record[..16]);
        Assert.Equal(Hex("00 FA 00 00 00 00 00 01 01 22 04 00 00 00 00 00 00 00 00 00"), record[16..36]);
        Assert.Equal(GetEidRequest, record[36..]);
        Assert.Equal(WireStatus.Done, Sll2Header.TryRead(record[16..], out var sll));
        Assert.Equal(Sll2Header.ForMctp(Sll2PacketType.Outgoing), sll);
    }

    [Theory]
    [InlineData(PcapLinkType.LinuxSll2)]
    [InlineData(PcapLinkType.Mctp)]
    [InlineData(PcapLinkType.PciDoe)]
    public void Round_trips_records(PcapLinkType linkType)
    {
        Gen.Select(Gen.Byte.Array[4, 100], Gen.Long[0, 100_000_000_000]).List[0, 8].Sample(records =>
        {
            using var stream = new MemoryStream();
            var writer = new PcapWriter(stream, linkType);
            var prefix = linkType == PcapLinkType.LinuxSll2 ? Sll2Header.Size : 0;
            foreach (var (data, time) in records)
            {
                if (linkType == PcapLinkType.PciDoe)
                {
                    writer.WriteDoeObject(time, data);
                }
                else
                {
                    writer.WriteMctpPacket(time, data);
                }
            }

            var reader = new PcapReader(stream.ToArray());
            Assert.Null(reader.Error);
            Assert.Equal(linkType, reader.Header.LinkType);
            var i = 0;
            while (reader.TryReadNext(out var record))
            {
                Assert.Equal(i, record.Index);
                Assert.Equal(records[i].Item2, record.TimestampMicroseconds);
                Assert.True(record.Data.Span[prefix..].SequenceEqual(records[i].Item1));
                i++;
            }

            Assert.Null(reader.Error);
            Assert.Equal(records.Count, i);
        });
    }

    [Fact]
    public void Snap_length_cuts_records_and_keeps_the_original_length()
    {
        using var stream = new MemoryStream();
        var writer = new PcapWriter(stream, PcapLinkType.Mctp, 5);
        writer.WriteMctpPacket(0, GetEidRequest);
        var reader = new PcapReader(stream.ToArray());
        Assert.True(reader.TryReadNext(out var record));
        Assert.Equal(5, record.Data.Length);
        Assert.Equal(7, record.OriginalLength);
        Assert.True(record.Truncated);
    }

    [Fact]
    public void Reads_big_endian_nanosecond_files()
    {
        var file = Hex("A1 B2 3C 4D 00 02 00 04 00 00 00 00 00 00 00 00 00 00 FF FF 00 00 01 23"
            + "00 00 00 02 00 00 07 D0 00 00 00 07 00 00 00 07" + "01 08 0A C8 00 81 02");
        var reader = new PcapReader(file);
        Assert.Null(reader.Error);
        Assert.Equal(PcapLinkType.Mctp, reader.Header.LinkType);
        Assert.True(reader.TryReadNext(out var record));
        Assert.Equal(2_000_002, record.TimestampMicroseconds);
        Assert.Equal(GetEidRequest, record.Data.ToArray());
    }

    [Theory]
    [InlineData("short file", "D4 C3 B2 A1 02 00", -1, 6)]
    [InlineData("bad magic", "00 11 22 33 02 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 23 01 00 00", -1, 0)]
    [InlineData("version 3", "D4 C3 B2 A1 03 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 23 01 00 00", -1, 4)]
    [InlineData("truncated record header", "D4 C3 B2 A1 02 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 23 01 00 00 00 00 00 00", 0, 24)]
    [InlineData("truncated record data", "D4 C3 B2 A1 02 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 23 01 00 00 00 00 00 00 00 00 00 00 07 00 00 00 07 00 00 00 01 08 0A", 0, 43)]
    [InlineData("fraction over a second", "D4 C3 B2 A1 02 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 23 01 00 00 00 00 00 00 40 42 0F 00 00 00 00 00 00 00 00 00", 0, 28)]
    [InlineData("captured above original", "D4 C3 B2 A1 02 00 04 00 00 00 00 00 00 00 00 00 FF FF 00 00 23 01 00 00 00 00 00 00 00 00 00 00 02 00 00 00 01 00 00 00 00 00", 0, 32)]
    public void Garbled_files_name_the_record_and_byte(string name, string hex, int record, long offset)
    {
        Assert.NotNull(name);
        var reader = new PcapReader(Hex(hex));
        Assert.False(reader.TryReadNext(out var r));
        Assert.Equal(default, r);
        Assert.NotNull(reader.Error);
        Assert.Equal(record, reader.Error!.RecordIndex);
        Assert.Equal(offset, reader.Error.ByteOffset);
    }

    [Fact]
    public void Arbitrary_files_never_throw()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            if (bytes.Length >= 4)
            {
                bytes[0] = 0xD4;
                bytes[1] = 0xC3;
                bytes[2] = 0xB2;
                bytes[3] = 0xA1;
            }

            var reader = new PcapReader(bytes);
            var count = 0;
            while (reader.TryReadNext(out var record))
            {
                Assert.True(record.Data.Length <= bytes.Length);
                count++;
            }

            Assert.True(count <= bytes.Length / 16);
            Sll2Header.TryRead(bytes, out _);
        });
    }

    [Fact]
    public void Wrong_record_kind_for_the_link_type_is_a_caller_bug()
    {
        using var stream = new MemoryStream();
        var writer = new PcapWriter(stream, PcapLinkType.PciDoe);
        Assert.Throws<InvalidOperationException>(() => writer.WriteMctpPacket(0, GetEidRequest));
        var mctp = new PcapWriter(new MemoryStream(), PcapLinkType.Mctp);
        Assert.Throws<InvalidOperationException>(() => mctp.WriteDoeObject(0, new byte[8]));
    }
}
