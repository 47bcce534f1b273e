using CsCheck;
using Rampart.Wire.Bindings;

namespace Rampart.Wire.Tests.Bindings;

public sealed class I3cBindingTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData(0x08, false, "01 08 09 C8 00 81 02", "01 08 09 C8 00 81 02 6B")]
    [InlineData(0x08, true, "01 08 09 C8 00 81 02", "01 08 09 C8 00 81 02 78")]
    [InlineData(0x21, false, "01 09 08 00 02 00 00", "01 09 08 00 02 00 00 8C")]
    public void PEC_covers_the_address_byte_then_the_packet(int address, bool read, string packetHex, string transferHex)
    {
        var packet = Hex(packetHex);
        var buffer = new byte[packet.Length + 1];
        Assert.True(I3cMctpPacket.TryWrite((byte)address, read, packet, buffer, out var written));
        Assert.Equal(Hex(transferHex), buffer[..written]);
        Assert.Equal(WireStatus.Done, I3cMctpPacket.TryRead((byte)address, read, buffer, out var back));
        Assert.Equal(packet, back.ToArray());
    }

    [Theory]
    [InlineData("bad PEC", 0x08, false, "01 08 09 C8 00 81 02 6C")]
    [InlineData("read PEC on a write", 0x08, false, "01 08 09 C8 00 81 02 78")]
    [InlineData("other target's PEC", 0x09, false, "01 08 09 C8 00 81 02 6B")]
    [InlineData("truncated", 0x08, false, "01 08 09 C8")]
    [InlineData("empty", 0x08, false, "")]
    public void Rejects_bad_transfers(string name, int address, bool read, string hex)
    {
        Assert.NotNull(name);
        Assert.NotEqual(WireStatus.Done, I3cMctpPacket.TryRead((byte)address, read, Hex(hex), out var packet));
        Assert.True(packet.IsEmpty);
    }

    [Fact]
    public void Every_single_bit_flip_is_caught()
    {
        var transfer = Hex("01 08 09 C8 00 81 02 6B");
        for (var bit = 0; bit < transfer.Length * 8; bit++)
        {
            var tampered = (byte[])transfer.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(WireStatus.Invalid, I3cMctpPacket.TryRead(0x08, false, tampered, out _));
        }
    }

    [Fact]
    public void Address_above_7_bits_is_a_caller_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => I3cMctpPacket.AddressByte(0x80, false));
        Assert.Equal(0x11, I3cMctpPacket.AddressByte(0x08, true));
    }

    [Fact]
    public void IBI_mandatory_data_byte_is_0xAE()
    {
        var buffer = new byte[1];
        Assert.True(I3cIbi.TryWrite(buffer, out _));
        Assert.Equal(0xAE, buffer[0]);
        Assert.Equal(WireStatus.Done, I3cIbi.TryRead(buffer));
        Assert.Equal(WireStatus.Unsupported, I3cIbi.TryRead([0xAF]));
        Assert.Equal(WireStatus.NeedMoreData, I3cIbi.TryRead([]));
    }

    [Fact]
    public void Round_trips_and_arbitrary_bytes_never_throw()
    {
        Gen.Select(Gen.Byte[0, 0x7F], Gen.Bool, Gen.Byte.Array[4, 80]).Sample((address, read, packet) =>
        {
            var buffer = new byte[packet.Length + 1];
            Assert.True(I3cMctpPacket.TryWrite(address, read, packet, buffer, out _));
            Assert.Equal(WireStatus.Done, I3cMctpPacket.TryRead(address, read, buffer, out var back));
            Assert.True(back.SequenceEqual(packet));
            I3cMctpPacket.TryRead(address, read, packet, out _);
        });
    }
}
