using System.Buffers.Binary;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Platform.Tests.Simulation;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class DoeMailboxTests
{
    private static uint[] Object(byte type, params uint[] payload) =>
        [0x0001u | ((uint)type << 16), (uint)(payload.Length + 2), .. payload];

    [Fact]
    public void An_object_goes_in_and_the_answer_comes_out_dword_by_dword()
    {
        using var sim = new Simulator(2);
        var doe = new DoeMailbox(sim, maxObjectDwords: 16);
        var firmware = sim.CreateCore("mcu");
        firmware.Start(async () =>
        {
            await doe.WaitForRequest();
            var buffer = new byte[64];
            Assert.True(doe.TryReceive(buffer, out var length));
            Assert.Equal(16, length);
            var answer = new byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(answer, 0x0001_0001);
            BinaryPrimitives.WriteUInt32LittleEndian(answer.AsSpan(4), 3);
            BinaryPrimitives.WriteUInt32LittleEndian(answer.AsSpan(8), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)) + 1);
            Assert.True(doe.TryRespond(answer));
        });
        var words = new List<uint>();
        SimHarness.RunOnCore(sim, async () =>
        {
            foreach (var w in Object(1, 41, 99))
            {
                Assert.True(doe.Write(DoeMailbox.WriteMailboxOffset, w));
            }

            Assert.True(doe.Write(DoeMailbox.ControlOffset, DoeMailbox.GoBit));
            Assert.Equal(DoeMailbox.BusyBit, doe.Read(DoeMailbox.StatusOffset));
            Assert.False(doe.Write(DoeMailbox.WriteMailboxOffset, 1));
            while ((doe.Read(DoeMailbox.StatusOffset) & DoeMailbox.ReadyBit) == 0)
            {
                await sim.Delay(100);
            }

            while ((doe.Read(DoeMailbox.StatusOffset) & DoeMailbox.ReadyBit) != 0)
            {
                words.Add(doe.Read(DoeMailbox.ReadMailboxOffset));
                doe.Write(DoeMailbox.ReadMailboxOffset, 0);
            }
        }, "host");
        Assert.Equal([0x0001_0001u, 3u, 42u], words);
        Assert.Equal(1, doe.Counters.WrongState);
    }

    [Fact]
    public void A_length_mismatch_is_discarded_silently_an_overflow_sets_the_error_bit_and_abort_clears_it()
    {
        using var sim = new Simulator(2);
        var doe = new DoeMailbox(sim, maxObjectDwords: 4);
        doe.Write(DoeMailbox.WriteMailboxOffset, 0x0001_0001);
        doe.Write(DoeMailbox.WriteMailboxOffset, 5);
        doe.Write(DoeMailbox.WriteMailboxOffset, 0);
        Assert.False(doe.Write(DoeMailbox.ControlOffset, DoeMailbox.GoBit));

        // PCIe 6.x §6.30.1: neither Error nor Busy, and nothing for firmware.
        Assert.Equal(0u, doe.Read(DoeMailbox.StatusOffset));
        Assert.False(doe.TryReceive(new byte[64], out _));
        for (var i = 0; i < 5; i++)
        {
            doe.Write(DoeMailbox.WriteMailboxOffset, 0);
        }

        Assert.Equal(DoeMailbox.ErrorBit, doe.Read(DoeMailbox.StatusOffset));
        Assert.Equal(2, doe.Counters.BadLength);
        Assert.True(doe.Write(DoeMailbox.ControlOffset, DoeMailbox.AbortBit));
        Assert.Equal(0u, doe.Read(DoeMailbox.StatusOffset));
        Assert.False(doe.TryReceive(new byte[64], out _));
        Assert.False(doe.TryRespond(new byte[8]));
        Assert.Equal(1, doe.Counters.Aborts);
    }

    [Fact]
    public void Firmware_can_discard_a_request_without_error_and_the_mailbox_takes_the_next()
    {
        using var sim = new Simulator(2);
        var doe = new DoeMailbox(sim, maxObjectDwords: 4);
        Assert.False(doe.TryDiscard());
        foreach (var w in Object(1, 7))
        {
            doe.Write(DoeMailbox.WriteMailboxOffset, w);
        }

        Assert.True(doe.Write(DoeMailbox.ControlOffset, DoeMailbox.GoBit));
        Assert.False(doe.TryDiscard());
        Assert.True(doe.TryReceive(new byte[16], out _));
        Assert.True(doe.TryDiscard());

        Assert.Equal(0u, doe.Read(DoeMailbox.StatusOffset));
        Assert.False(doe.TryRespond(Bytes(Object(1, 8))));
        Assert.False(doe.TryRefuse());
        Assert.Equal(1, doe.Counters.Discarded);
        foreach (var w in Object(1, 9))
        {
            Assert.True(doe.Write(DoeMailbox.WriteMailboxOffset, w));
        }

        Assert.True(doe.Write(DoeMailbox.ControlOffset, DoeMailbox.GoBit));
        Assert.Equal(DoeMailbox.BusyBit, doe.Read(DoeMailbox.StatusOffset));
    }

    private static byte[] Bytes(uint[] dwords)
    {
        var bytes = new byte[dwords.Length * 4];
        for (var i = 0; i < dwords.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), dwords[i]);
        }

        return bytes;
    }
}
