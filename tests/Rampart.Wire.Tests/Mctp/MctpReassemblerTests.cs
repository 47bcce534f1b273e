using CsCheck;
using Rampart.Wire.Mctp;

namespace Rampart.Wire.Tests.Mctp;

public sealed class MctpReassemblerTests
{
    private const int Mtu = MctpPacketizer.BaselineTransmissionUnit;

    private static List<byte[]> Packetize(byte[] message, int mtu = Mtu, byte source = 0x0A, byte tag = 3, bool to = true, byte firstSeq = 0)
    {
        var packets = new List<byte[]>();
        var packetizer = new MctpPacketizer(message, mtu, 0x08, source, to, tag, firstSeq);
        var buffer = new byte[mtu + MctpTransportHeader.Size];
        while (packetizer.HasMore)
        {
            Assert.True(packetizer.TryWriteNext(buffer, out var written));
            packets.Add(buffer[..written]);
        }

        return packets;
    }

    private static byte[] Message(int length)
    {
        var message = new byte[length];
        for (var i = 0; i < length; i++)
        {
            message[i] = (byte)(i * 7);
        }

        message[0] = 0x05;
        return message;
    }

    [Theory]
    [InlineData(1, 64, 1)]
    [InlineData(64, 64, 1)]
    [InlineData(65, 64, 2)]
    [InlineData(4096, 64, 64)]
    [InlineData(4097, 64, 65)]
    [InlineData(300, 250, 2)]
    public void Packet_count_follows_the_MTU(int length, int mtu, int expected)
    {
        Assert.Equal(expected, MctpPacketizer.PacketCount(length, mtu));
        Assert.Equal(expected, Packetize(Message(length), mtu).Count);
    }

    [Fact]
    public void Packets_carry_SOM_EOM_and_a_modulo_4_sequence()
    {
        var packets = Packetize(Message(64 * 5 + 1), firstSeq: 2);
        Assert.Equal(6, packets.Count);
        for (var i = 0; i < packets.Count; i++)
        {
            Assert.Equal(WireStatus.Done, MctpTransportHeader.TryRead(packets[i], out var h));
            Assert.Equal(i == 0, h.StartOfMessage);
            Assert.Equal(i == packets.Count - 1, h.EndOfMessage);
            Assert.Equal((byte)((2 + i) % 4), h.Sequence);
            Assert.True(h.TagOwner);
            Assert.Equal(3, h.Tag);
            Assert.Equal(i == packets.Count - 1 ? 5 : 68, packets[i].Length);
        }
    }

    [Fact]
    public void MTU_below_baseline_is_a_caller_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MctpPacketizer(new byte[10], 63, 1, 2, true, 0));
        Assert.Throws<ArgumentException>(() => new MctpPacketizer([], 64, 1, 2, true, 0));
    }

    [Fact]
    public void Packetizer_writes_nothing_into_a_short_buffer()
    {
        var packetizer = new MctpPacketizer(Message(100), Mtu, 1, 2, true, 0);
        var small = new byte[10];
        Assert.False(packetizer.TryWriteNext(small, out var written));
        Assert.Equal(0, written);
        Assert.Equal(new byte[10], small);
        Assert.Equal(0, packetizer.NextSequence);
    }

    [Fact]
    public void Round_trips_any_message_at_any_MTU()
    {
        Gen.Select(Gen.Byte.Array[1, 1200], Gen.Int[64, 300], Gen.Byte[0, 7], Gen.Bool, Gen.Byte[0, 3]).Sample((message, mtu, tag, to, seq) =>
        {
            var reassembler = new MctpReassembler(2, 1200, 1000);
            var complete = 0;
            foreach (var packet in Packetize(message, mtu, 0x0A, tag, to, seq))
            {
                var result = reassembler.Accept(packet, 0, out var header, out var output);
                if (result == MctpReassemblyResult.Complete)
                {
                    complete++;
                    Assert.Equal(message, output.ToArray());
                    Assert.Equal(tag, header.Tag);
                    Assert.Equal(to, header.TagOwner);
                    Assert.Equal(0x0A, header.Source);
                }
                else
                {
                    Assert.Equal(MctpReassemblyResult.InProgress, result);
                }
            }

            Assert.Equal(1, complete);
            Assert.Equal(0, reassembler.Counters.TotalDropped);
        });
    }

    [Fact]
    public void Interleaved_messages_from_different_keys_reassemble()
    {
        var a = Message(200);
        var b = Message(150);
        b[1] = 0xEE;
        var pa = Packetize(a, source: 0x10, tag: 1);
        var pb = Packetize(b, source: 0x10, tag: 1, to: false);
        var reassembler = new MctpReassembler(4, 256, 100);
        var done = new List<byte[]>();
        for (var i = 0; i < Math.Max(pa.Count, pb.Count); i++)
        {
            foreach (var list in new[] { pa, pb })
            {
                if (i < list.Count && reassembler.Accept(list[i], i, out _, out var msg) == MctpReassemblyResult.Complete)
                {
                    done.Add(msg.ToArray());
                }
            }
        }

        Assert.Equal(2, done.Count);
        Assert.Contains(done, m => m.AsSpan().SequenceEqual(a));
        Assert.Contains(done, m => m.AsSpan().SequenceEqual(b));
    }

    [Fact]
    public void Out_of_sequence_packet_drops_the_message()
    {
        var packets = Packetize(Message(200));
        var reassembler = new MctpReassembler(2, 256, 100);
        Assert.Equal(MctpReassemblyResult.InProgress, reassembler.Accept(packets[0], 0, out _, out _));
        Assert.Equal(MctpReassemblyResult.DroppedOutOfSequence, reassembler.Accept(packets[2], 0, out _, out _));
        Assert.Equal(1, reassembler.Counters.OutOfSequence);
        Assert.Equal(MctpReassemblyResult.DroppedMissingStartOfMessage, reassembler.Accept(packets[3], 0, out _, out _));
        Assert.Equal(1, reassembler.Counters.MissingStartOfMessage);
        Assert.Equal(0, reassembler.InProgress);
    }

    [Fact]
    public void Middle_packet_without_SOM_is_dropped()
    {
        var packets = Packetize(Message(200));
        var reassembler = new MctpReassembler(2, 256, 100);
        Assert.Equal(MctpReassemblyResult.DroppedMissingStartOfMessage, reassembler.Accept(packets[1], 0, out _, out _));
        Assert.Equal(1, reassembler.Counters.MissingStartOfMessage);
    }

    [Fact]
    public void Oversize_message_is_dropped_and_counted()
    {
        var reassembler = new MctpReassembler(2, 100, 100);
        var packets = Packetize(Message(200));
        Assert.Equal(MctpReassemblyResult.InProgress, reassembler.Accept(packets[0], 0, out _, out _));
        Assert.Equal(MctpReassemblyResult.DroppedOversize, reassembler.Accept(packets[1], 0, out _, out _));
        Assert.Equal(1, reassembler.Counters.Oversize);
        var small = new MctpReassembler(1, 10, 100);
        Assert.Equal(MctpReassemblyResult.DroppedOversize, small.Accept(Packetize(Message(20))[0], 0, out _, out _));
    }

    [Fact]
    public void SOM_for_a_message_in_progress_counts_a_duplicate_and_restarts()
    {
        var message = Message(150);
        var packets = Packetize(message);
        var reassembler = new MctpReassembler(2, 256, 100);
        reassembler.Accept(packets[0], 0, out _, out _);
        reassembler.Accept(packets[1], 0, out _, out _);
        Assert.Equal(MctpReassemblyResult.InProgress, reassembler.Accept(packets[0], 0, out _, out _));
        Assert.Equal(1, reassembler.Counters.Duplicate);
        reassembler.Accept(packets[1], 0, out _, out _);
        Assert.Equal(MctpReassemblyResult.Complete, reassembler.Accept(packets[2], 0, out _, out var output));
        Assert.Equal(message, output.ToArray());
    }

    [Fact]
    public void Stale_message_times_out()
    {
        var packets = Packetize(Message(150));
        var reassembler = new MctpReassembler(2, 256, 100);
        reassembler.Accept(packets[0], 0, out _, out _);
        Assert.Equal(MctpReassemblyResult.InProgress, reassembler.Accept(packets[1], 100, out _, out _));
        Assert.Equal(MctpReassemblyResult.DroppedMissingStartOfMessage, reassembler.Accept(packets[2], 201, out _, out _));
        Assert.Equal(1, reassembler.Counters.TimedOut);
    }

    [Fact]
    public void Full_slots_drop_a_new_message()
    {
        var reassembler = new MctpReassembler(1, 256, 100);
        reassembler.Accept(Packetize(Message(150), tag: 1)[0], 0, out _, out _);
        Assert.Equal(MctpReassemblyResult.DroppedNoFreeSlot, reassembler.Accept(Packetize(Message(150), tag: 2)[0], 0, out _, out _));
        Assert.Equal(1, reassembler.Counters.NoFreeSlot);
    }

    [Theory]
    [InlineData("header only", "01 08 0A C8")]
    [InlineData("truncated header", "01 08")]
    [InlineData("reserved bits", "F1 08 0A C8 05")]
    [InlineData("version 2", "02 08 0A C8 05")]
    public void Malformed_packets_are_counted(string name, string hex)
    {
        Assert.NotNull(name);
        var reassembler = new MctpReassembler(1, 64, 100);
        Assert.Equal(MctpReassemblyResult.DroppedMalformed, reassembler.Accept(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), 0, out var header, out var message));
        Assert.Equal(default, header);
        Assert.True(message.IsEmpty);
        Assert.Equal(1, reassembler.Counters.Malformed);
    }

    [Fact]
    public void Arbitrary_packets_never_throw_and_memory_stays_bounded()
    {
        var reassembler = new MctpReassembler(4, 512, 50);
        long now = 0;
        Gen.Byte.Array[0, 80].Array[1, 40].Sample(packets =>
        {
            foreach (var packet in packets)
            {
                if (packet.Length > 0)
                {
                    packet[0] = (byte)((packet[0] & 1) == 0 ? 1 : packet[0]);
                }

                var result = reassembler.Accept(packet, now++, out _, out var message);
                Assert.True(message.Length <= 512);
                Assert.True(Enum.IsDefined(result));
            }

            Assert.True(reassembler.InProgress <= 4);
        });
        Assert.True(reassembler.Counters.Packets > 0);
    }

    [Fact]
    public void Steady_state_accept_allocates_nothing()
    {
        var packets = Packetize(Message(4096));
        var reassembler = new MctpReassembler(2, 4096, 100);
        foreach (var p in packets)
        {
            reassembler.Accept(p, 0, out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10; round++)
        {
            foreach (var p in packets)
            {
                reassembler.Accept(p, round, out _, out _);
            }
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(11, reassembler.Counters.Messages);
    }
}
