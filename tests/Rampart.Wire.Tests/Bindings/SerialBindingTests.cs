using CsCheck;
using Rampart.Wire.Bindings;

namespace Rampart.Wire.Tests.Bindings;

public sealed class SerialBindingTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("01 08 09 C8 00 81 02", "7E 01 07 01 08 09 C8 00 81 02 18 05 7E")] // DSP0253 FCS example 0x1805
    [InlineData("01 08 7E 7D 00 01 02", "7E 01 07 01 08 7D 5E 7D 5D 00 01 02 BE 2D 7E")] // flag and escape escaped
    public void Frames_match_vectors(string packetHex, string frameHex)
    {
        var packet = Hex(packetHex);
        var frame = Hex(frameHex);
        Assert.Equal(frame.Length, SerialFrame.GetEncodedSize(packet));
        var buffer = new byte[frame.Length];
        Assert.True(SerialFrame.TryWrite(packet, buffer, out var written));
        Assert.Equal(frame, buffer[..written]);

        var deframer = new SerialDeframer();
        Assert.Equal(frame.Length, deframer.Feed(frame, out var back));
        Assert.Equal(packet, back.ToArray());
        Assert.Equal(1, deframer.Frames);
    }

    [Fact]
    public void Short_buffer_writes_nothing()
    {
        var buffer = new byte[5];
        Assert.False(SerialFrame.TryWrite(Hex("01 08 09 C8 00"), buffer, out var written));
        Assert.Equal(0, written);
        Assert.Equal(new byte[5], buffer);
    }

    [Theory]
    [InlineData("bad FCS", "7E 01 07 01 08 09 C8 00 81 02 18 06 7E")]
    [InlineData("bad revision", "7E 02 07 01 08 09 C8 00 81 02 18 05 7E")]
    [InlineData("count below a header", "7E 01 03 01 08 09 18 05 7E")]
    [InlineData("flag inside the packet", "7E 01 07 01 08 7E C8 00 81 02 18 05 7E")]
    [InlineData("bad escape", "7E 01 07 01 08 7D 11 C8 00 81 02 18 05 7E")]
    [InlineData("missing end flag", "7E 01 07 01 08 09 C8 00 81 02 18 05 00")]
    [InlineData("truncated", "7E 01 07 01 08 09 C8")]
    public void Bad_frames_deliver_nothing(string name, string hex)
    {
        Assert.NotNull(name);
        var deframer = new SerialDeframer();
        var bytes = Hex(hex);
        Assert.Equal(bytes.Length, deframer.Feed(bytes, out var packet));
        Assert.True(packet.IsEmpty);
        Assert.Equal(0, deframer.Frames);
    }

    [Fact]
    public void Deframer_counts_each_kind_of_bad_frame()
    {
        var deframer = new SerialDeframer();
        deframer.Feed(Hex("7E 01 07 01 08 09 C8 00 81 02 18 06 7E"), out _);
        Assert.Equal(1, deframer.BadFcs);
        deframer.Feed(Hex("02"), out _);
        Assert.Equal(1, deframer.BadRevision);
        deframer.Feed(Hex("7E 01 FF"), out _);
        Assert.Equal(0, deframer.BadLength);
        var small = new SerialDeframer(16);
        small.Feed(Hex("7E 01 20"), out _);
        Assert.Equal(1, small.BadLength);
    }

    [Fact]
    public void Deframer_resynchronises_after_garbage_and_shares_flags()
    {
        var good = Hex("7E 01 07 01 08 09 C8 00 81 02 18 05 7E");
        var stream = Hex("00 11 7D 7E 7E 01 07 01 08 09").Concat(good).Concat(good.Skip(1)).Concat(Hex("55 AA")).ToArray();
        var deframer = new SerialDeframer();
        var packets = 0;
        ReadOnlySpan<byte> rest = stream;
        while (!rest.IsEmpty)
        {
            var used = deframer.Feed(rest, out var packet);
            if (!packet.IsEmpty)
            {
                packets++;
                Assert.True(packet.SequenceEqual(Hex("01 08 09 C8 00 81 02")));
            }

            rest = rest[used..];
        }

        Assert.Equal(2, packets);
        Assert.Equal(1, deframer.Aborted);
        Assert.True(deframer.GarbageBytes >= 3);
    }

    [Fact]
    public void Round_trips_any_packet_and_byte_at_a_time()
    {
        Gen.Byte.Array[4, 255].Sample(packet =>
        {
            var frame = new byte[SerialFrame.GetEncodedSize(packet)];
            Assert.True(SerialFrame.TryWrite(packet, frame, out _));
            var deframer = new SerialDeframer();
            byte[]? got = null;
            foreach (var b in frame)
            {
                deframer.Feed([b], out var p);
                if (!p.IsEmpty)
                {
                    got = p.ToArray();
                }
            }

            Assert.Equal(packet, got);
        });
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        var deframer = new SerialDeframer(64);
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            ReadOnlySpan<byte> rest = bytes;
            while (!rest.IsEmpty)
            {
                var used = deframer.Feed(rest, out var packet);
                Assert.InRange(used, 1, rest.Length);
                Assert.True(packet.Length <= 64);
                rest = rest[used..];
            }
        });
    }
}
