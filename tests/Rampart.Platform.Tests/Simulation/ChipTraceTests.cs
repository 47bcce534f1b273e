using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Tests.Simulation;

public sealed class ChipTraceTests
{
    [Fact]
    public void A_faulty_bus_session_gives_the_same_trace_bytes_for_the_same_seed()
    {
        var a = Session(1234);
        var b = Session(1234);
        var c = Session(4321);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    private static byte[] Session(ulong seed)
    {
        using var sim = new Simulator(seed);
        var bus = new I3cBus(sim);
        bus.Faults.CorruptRate = 0.2;
        bus.Faults.DropRate = 0.1;
        var controller = new I3cController(bus);
        var block = new RecoveryRegisterBlock(bus);
        var core = sim.CreateCore("bmc");
        core.Start(async () =>
        {
            var frame = new byte[300];
            var payload = new byte[64];
            for (var i = 0; i < 40; i++)
            {
                sim.Random.NextBytes(payload);
                RecoveryFrame.TryWriteWrite(block.Address, (byte)RecoveryCommand.Vendor, payload, frame, out var n);
                await controller.PrivateWriteAsync(block.Address, frame.AsSpan(0, n));
                RecoveryFrame.TryWriteReadRequest(block.Address, (byte)RecoveryCommand.DeviceStatus, frame, out n);
                await controller.PrivateWriteAsync(block.Address, frame.AsSpan(0, n));
                await controller.PrivateReadAsync(block.Address, new byte[64]);
                await sim.Delay(sim.Random.NextInt(500));
            }
        });
        sim.RunUntilIdle();
        Assert.Equal(SimCoreState.Completed, core.State);
        return sim.Trace.ToBytes();
    }
}
