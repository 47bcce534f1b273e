using CsCheck;
using Rampart.Wire.Mctp;

namespace Rampart.Wire.Tests.Mctp;

public sealed class MctpTransportHeaderTests
{
    [Theory]
    [InlineData("01 08 0A C8", 0x08, 0x0A, true, true, 0, true, 0)]
    [InlineData("01 0A 08 40", 0x0A, 0x08, false, true, 0, false, 0)]
    [InlineData("01 FF 00 B7", 0xFF, 0x00, true, false, 3, false, 7)]
    [InlineData("01 1D 1E 2D", 0x1D, 0x1E, false, false, 2, true, 5)]
    public void Reads_spec_layout(string hex, int dest, int src, bool som, bool eom, int seq, bool to, int tag)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(WireStatus.Done, MctpTransportHeader.TryRead(bytes, out var header));
        Assert.Equal(new MctpTransportHeader((byte)dest, (byte)src, som, eom, (byte)seq, to, (byte)tag), header);
        var written = new byte[4];
        Assert.True(header.TryWrite(written));
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("empty", "", WireStatus.NeedMoreData)]
    [InlineData("truncated", "01 08 0A", WireStatus.NeedMoreData)]
    [InlineData("reserved bits set", "11 08 0A C8", WireStatus.Invalid)]
    [InlineData("header version 2", "02 08 0A C8", WireStatus.Unsupported)]
    [InlineData("header version 0", "00 08 0A C8", WireStatus.Unsupported)]
    public void Rejects_bad_headers(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(expected, MctpTransportHeader.TryRead(bytes, out var header));
        Assert.Equal(default, header);
    }

    [Fact]
    public void Size_is_four_bytes_as_in_DSP0236_table_1()
    {
        Assert.Equal(4, MctpTransportHeader.Size);
    }

    [Fact]
    public void Round_trips()
    {
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Bool, Gen.Bool, Gen.Byte[0, 3], Gen.Bool, Gen.Byte[0, 7]).Sample((d, s, som, eom, seq, to, tag) =>
        {
            var header = new MctpTransportHeader(d, s, som, eom, seq, to, tag);
            Span<byte> buffer = stackalloc byte[4];
            Assert.True(header.TryWrite(buffer));
            Assert.Equal(WireStatus.Done, MctpTransportHeader.TryRead(buffer, out var read));
            Assert.Equal(header, read);
        });
    }

    [Fact]
    public void Message_header_carries_IC_and_type()
    {
        Assert.Equal(WireStatus.Done, MctpMessageHeader.TryRead([0x85], out var header));
        Assert.True(header.IntegrityCheck);
        Assert.Equal(MctpMessageType.Spdm, header.Type);
        Assert.Equal(0x85, new MctpMessageHeader(true, MctpMessageType.Spdm).ToByte());
        Assert.Equal(WireStatus.NeedMoreData, MctpMessageHeader.TryRead([], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MctpMessageHeader(false, (MctpMessageType)0x80).ToByte());
    }

    [Fact]
    public void Header_fields_out_of_range_are_caller_bugs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MctpTransportHeader(1, 2, true, true, 4, false, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MctpTransportHeader(1, 2, true, true, 0, false, 8));
    }
}
