using Rampart.Hal.Peripherals;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Platform.Tests.Simulation;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class DmaAndStreamingTests
{
    [Fact]
    public void Memory_to_memory_and_mailbox_copies_take_virtual_time()
    {
        using var sim = new Simulator(9);
        var faults = new FaultInjector(sim.Random);
        var map = new MemoryMap();
        var sram = new SramRegion("mcu-sram", 0x1000_0000, 4096, faults);
        var rom = new SramRegion("rom", 0x0, 1024, faults, readOnly: true);
        map.Add(sram);
        map.Add(rom);
        var mailbox = new SocMailbox(sim, [1], capacityBytes: 4096);
        IDmaEngine dma = new DmaEngine(sim, map, mailbox: mailbox, nanosecondsPerDword: 5);
        sram.Load(0, Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray());
        SimHarness.RunOnCore(sim, async () =>
        {
            Assert.True(dma.TryStart(DmaEndpoint.Memory(0x1000_0000), DmaEndpoint.Mailbox, 1000));
            Assert.False(dma.TryStart(DmaEndpoint.Memory(0x1000_0000), DmaEndpoint.Mailbox, 4));
            var start = sim.Now;
            await dma.WaitForCompletion();
            Assert.Equal(DmaState.Done, dma.State);
            Assert.Equal(250 * 5, sim.Now - start);
            Assert.True(dma.TryStart(new DmaEndpoint(DmaEndpointKind.Mailbox, 0), DmaEndpoint.Memory(0x1000_0800), 1000));
            await dma.WaitForCompletion();
        });
        var back = new byte[1000];
        Assert.True(sram.TryRead(0x800, back));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray(), back);
        Assert.False(dma.TryStart(DmaEndpoint.Memory(0x1000_0000), DmaEndpoint.Memory(0x0), 16));
        Assert.False(dma.TryStart(DmaEndpoint.Memory(0x1000_0F00), DmaEndpoint.Memory(0x1000_0000), 512));
        Assert.False(dma.TryStart(DmaEndpoint.Memory(0x1000_0000), DmaEndpoint.RecoveryFifo, 4));
        Assert.Equal(4, ((DmaEngine)dma).Refused);
    }

    [Fact]
    public void An_image_streamed_over_I3C_reaches_SRAM_through_the_FIFO_and_DMA()
    {
        using var sim = new Simulator(21);
        var bus = new I3cBus(sim);
        var controller = new I3cController(bus);
        var block = new RecoveryRegisterBlock(bus);
        var map = new MemoryMap();
        var sram = new SramRegion("mcu-sram", 0x2000_0000, 8192, new FaultInjector(sim.Random));
        map.Add(sram);
        var dma = new DmaEngine(sim, map, block);
        var image = new byte[5000];
        sim.Random.NextBytes(image);
        IRecoveryInterface device = block;

        var rom = sim.CreateCore("caliptra-rom");
        rom.Start(async () =>
        {
            device.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
            device.SetRecoveryStatus(RecoveryStatusCode.AwaitingImage, 0);
            while (device.ImageSizeBytes == 0)
            {
                await device.WaitForChange();
            }

            Assert.True(dma.TryStart(DmaEndpoint.RecoveryFifo, DmaEndpoint.Memory(0x2000_0000), image.Length));
            await dma.WaitForCompletion();
            Assert.Equal(DmaState.Done, dma.State);
            device.SetDeviceStatus(DeviceStatusCode.RecoveryPending, RecoveryReason.FlashlessBoot);
            while (!device.ActivateRequested)
            {
                await device.WaitForChange();
            }

            device.ClearActivate();
            device.SetRecoveryStatus(RecoveryStatusCode.Success, 0);
        });

        var agent = new TestAgent(controller, block.Address);
        SimHarness.RunOnCore(sim, async () =>
        {
            var size = (uint)((image.Length + 3) / 4);
            Assert.Equal(I3cTransferStatus.Ack, await agent.WriteAsync(RecoveryCommand.IndirectFifoCtrl, [0, 1, (byte)size, (byte)(size >> 8), 0, 0]));
            for (var offset = 0; offset < image.Length;)
            {
                var chunk = image.AsSpan(offset, Math.Min(256, image.Length - offset)).ToArray();
                var result = await agent.WriteAsync(RecoveryCommand.IndirectFifoData, chunk);
                if (result == I3cTransferStatus.Ack)
                {
                    offset += chunk.Length;
                }
            }

            while (true)
            {
                Assert.Equal(WireStatus.Done, DeviceStatus.TryRead(await agent.ReadAsync(RecoveryCommand.DeviceStatus), out var status));
                if (status.Status == DeviceStatusCode.RecoveryPending)
                {
                    break;
                }
            }

            await agent.WriteAsync(RecoveryCommand.RecoveryCtrl, [0, 1, 0x0F]);
            Assert.Equal(WireStatus.Done, RecoveryStatus.TryRead(await agent.ReadAsync(RecoveryCommand.RecoveryStatus), out var done));
            Assert.Equal(RecoveryStatusCode.Success, done.Status);
        }, "bmc");

        Assert.Equal(SimCoreState.Completed, rom.State);
        var copied = new byte[image.Length];
        Assert.True(sram.TryRead(0, copied));
        Assert.Equal(image, copied);
        Assert.True(sim.Now > 20 * 256 * 9 * 80, "streaming takes at least the bus time of the image");
    }

    [Fact]
    public void A_lost_DMA_chunk_fails_the_transfer()
    {
        using var sim = new Simulator(9);
        var map = new MemoryMap();
        var sram = new SramRegion("sram", 0x0, 4096, new FaultInjector(sim.Random));
        map.Add(sram);
        var dma = new DmaEngine(sim, map);
        dma.Faults.DropNext = 1;
        Assert.True(dma.TryStart(DmaEndpoint.Memory(0), DmaEndpoint.Memory(2048), 1024));
        sim.RunUntilIdle();
        Assert.Equal(DmaState.Error, dma.State);
        Assert.Equal(0, dma.BytesTransferred);
        Assert.True(dma.TryStart(DmaEndpoint.Memory(0), DmaEndpoint.Memory(2048), 1024));
        dma.Abort();
        sim.RunUntilIdle();
        Assert.Equal(DmaState.Error, dma.State);
    }
}
