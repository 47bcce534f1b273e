using Rampart.Hal.Peripherals;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Platform.Tests.Simulation;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class I3cBusTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(69)]
    [InlineData(256)]
    public void A_private_write_of_N_bytes_takes_exactly_9N_plus_11_cycles_of_80_ns(int n)
    {
        using var sim = new Simulator(1);
        var bus = new I3cBus(sim);
        var controller = new I3cController(bus);
        var target = new I3cTargetPort(bus, 0x21);
        long elapsed = -1;
        SimHarness.RunOnCore(sim, async () =>
        {
            var start = sim.Now;
            var result = await controller.PrivateWriteAsync(0x21, new byte[n]);
            elapsed = sim.Now - start;
            Assert.Equal(I3cTransferStatus.Ack, result.Status);
        });
        Assert.Equal(80L * ((9L * n) + 11), elapsed);
        Assert.True(target.TryReceive(new byte[1024], out var length));
        Assert.Equal(n, length);
    }

    [Fact]
    public void The_timing_model_follows_the_documented_formula_at_other_clocks()
    {
        Assert.Equal(2_315, I3cTiming.TransferCycles(256));
        Assert.Equal(185_200, new I3cTiming().TransferNanoseconds(256));
        Assert.Equal(20 * 1_000, new I3cTiming(1_000_000).IbiNanoseconds);
        Assert.Equal(34, new I3cTiming(30_000_000).CyclesToNanoseconds(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new I3cTiming(0));
    }

    [Fact]
    public void A_read_takes_the_time_of_the_bytes_the_target_returns_and_unstaged_reads_are_nacked()
    {
        using var sim = new Simulator(1);
        var bus = new I3cBus(sim, new I3cTiming(1_000_000));
        var controller = new I3cController(bus);
        var target = new I3cTargetPort(bus, 0x21);
        SimHarness.RunOnCore(sim, async () =>
        {
            var buffer = new byte[64];
            var start = sim.Now;
            var nack = await controller.PrivateReadAsync(0x21, buffer);
            Assert.Equal(I3cTransferStatus.Nack, nack.Status);
            Assert.Equal(11_000, sim.Now - start);

            Assert.True(target.TryStageResponse([1, 2, 3, 4, 5]));
            Assert.False(target.TryStageResponse([9]));
            start = sim.Now;
            var ack = await controller.PrivateReadAsync(0x21, buffer);
            Assert.Equal(I3cTransferStatus.Ack, ack.Status);
            Assert.Equal(5, ack.Length);
            Assert.Equal((9 * 5 + 11) * 1_000, sim.Now - start);
            Assert.Equal([1, 2, 3, 4, 5], buffer[..5]);

            var missing = await controller.PrivateWriteAsync(0x33, [1]);
            Assert.Equal(I3cTransferStatus.Nack, missing.Status);
        });
        Assert.Equal(1, target.RefusedReads);
        Assert.Equal(1, target.RefusedRequests);
        Assert.Equal(2, bus.Nacks);
    }

    [Fact]
    public void An_IBI_carries_its_mandatory_byte_and_takes_20_cycles()
    {
        using var sim = new Simulator(1);
        var bus = new I3cBus(sim);
        var controller = new I3cController(bus);
        var target = new I3cTargetPort(bus, 0x21);
        SimHarness.RunOnCore(sim, async () =>
        {
            Assert.True(target.TryRaiseIbi(0xAE));
            Assert.False(target.TryRaiseIbi(0xAE));
            await controller.WaitForIbi();
            Assert.True(controller.TryTakeIbi(out var ibi));
            Assert.Equal(0x21, ibi.Address);
            Assert.Equal(0xAE, ibi.MandatoryDataByte);
            Assert.Equal(20 * 80, sim.Now);
        });
        Assert.Equal(1, bus.Ibis);
    }

    [Fact]
    public void A_second_transfer_waits_for_the_bus_and_a_busy_controller_refuses()
    {
        using var sim = new Simulator(1);
        var bus = new I3cBus(sim);
        var controller = new I3cController(bus);
        _ = new I3cTargetPort(bus, 0x21);
        SimHarness.RunOnCore(sim, async () =>
        {
            var first = controller.PrivateWriteAsync(0x21, new byte[10]);
            var refused = await controller.PrivateWriteAsync(0x21, new byte[10]);
            Assert.Equal(I3cTransferStatus.Refused, refused.Status);
            await first;
            Assert.Equal(80 * 101, sim.Now);
        });
        Assert.Equal(1, controller.Refused);
    }

    [Fact]
    public void A_full_receive_ring_nacks_and_counts()
    {
        using var sim = new Simulator(1);
        var bus = new I3cBus(sim);
        var controller = new I3cController(bus);
        var target = new I3cTargetPort(bus, 0x21, queueDepth: 2, maxWriteBytes: 16);
        SimHarness.RunOnCore(sim, async () =>
        {
            Assert.Equal(I3cTransferStatus.Ack, (await controller.PrivateWriteAsync(0x21, [1])).Status);
            Assert.Equal(I3cTransferStatus.Ack, (await controller.PrivateWriteAsync(0x21, [2])).Status);
            Assert.Equal(I3cTransferStatus.Nack, (await controller.PrivateWriteAsync(0x21, [3])).Status);
            Assert.Equal(I3cTransferStatus.Nack, (await controller.PrivateWriteAsync(0x21, new byte[17])).Status);
        });
        Assert.Equal(2, target.RefusedWrites);
        var buffer = new byte[16];
        Assert.True(target.TryReceive(buffer, out _));
        Assert.Equal(1, buffer[0]);
    }

    [Fact]
    public void Fault_injection_drops_and_corrupts_transfers()
    {
        using var sim = new Simulator(3);
        var bus = new I3cBus(sim);
        var controller = new I3cController(bus);
        var target = new I3cTargetPort(bus, 0x21);
        bus.Faults.DropNext = 1;
        SimHarness.RunOnCore(sim, async () =>
        {
            Assert.Equal(I3cTransferStatus.Nack, (await controller.PrivateWriteAsync(0x21, [1, 2, 3, 4])).Status);
            bus.Faults.CorruptNext = 1;
            Assert.Equal(I3cTransferStatus.Ack, (await controller.PrivateWriteAsync(0x21, [1, 2, 3, 4])).Status);
            bus.Faults.StuckHigh = 0x80;
            Assert.Equal(I3cTransferStatus.Ack, (await controller.PrivateWriteAsync(0x21, [0, 0])).Status);
        });
        var buffer = new byte[8];
        Assert.True(target.TryReceive(buffer, out var n));
        Assert.Equal(4, n);
        Assert.NotEqual(new byte[] { 1, 2, 3, 4 }, buffer[..4]);
        Assert.True(target.TryReceive(buffer, out _));
        Assert.Equal([0x80, 0x80], buffer[..2]);
        Assert.Equal(1, bus.Faults.Dropped);
        Assert.Equal(1, bus.Faults.Corrupted);
    }
}
