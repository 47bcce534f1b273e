using Rampart.Hal.Peripherals;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Platform.Tests.Simulation;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class RecoveryRegisterBlockTests
{
    private sealed class Rig : IDisposable
    {
        public Rig(RecoveryBlockOptions? options = null)
        {
            Sim = new Simulator(11);
            Bus = new I3cBus(Sim);
            Controller = new I3cController(Bus);
            Block = new RecoveryRegisterBlock(Bus, options);
            Agent = new TestAgent(Controller, Block.Address);
        }

        public Simulator Sim { get; }

        public I3cBus Bus { get; }

        public I3cController Controller { get; }

        public RecoveryRegisterBlock Block { get; }

        public TestAgent Agent { get; }

        public void Run(Func<Task> body) => SimHarness.RunOnCore(Sim, body);

        public void Dispose() => Sim.Dispose();
    }

    [Fact]
    public void Every_readable_command_answers_with_a_well_formed_payload()
    {
        var region = new SramRegion("window", 0x1000, 64, new FaultInjector(new SimRandom(1)));
        using var rig = new Rig(new RecoveryBlockOptions
        {
            Capabilities = new RecoveryBlockOptions().Capabilities | RecoveryCapabilities.IndirectMemory,
            IndirectRegions = new Dictionary<byte, IMemoryRegion> { [1] = region },
            CmsCount = 2,
        });
        IRecoveryInterface device = rig.Block;
        device.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
        device.SetRecoveryStatus(RecoveryStatusCode.AwaitingImage, 2);
        device.SetHardwareStatus(HwStatusFlags.SoftError, 40);
        rig.Run(async () =>
        {
            var cap = await rig.Agent.ReadAsync(RecoveryCommand.ProtCap);
            Assert.Equal(WireStatus.Done, ProtCap.TryRead(cap, out var protCap));
            Assert.True(protCap.Capabilities.HasFlag(RecoveryCapabilities.FifoCms));
            Assert.Equal(1, protCap.MinorVersion);

            Assert.Equal(WireStatus.Done, DeviceId.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.DeviceId), out var id));
            Assert.Equal("Rampart"u8.ToArray(), id.VendorString.ToArray());

            Assert.Equal(WireStatus.Done, DeviceStatus.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.DeviceStatus), out var status));
            Assert.Equal(DeviceStatusCode.RecoveryMode, status.Status);
            Assert.Equal(RecoveryReason.FlashlessBoot, status.Reason);

            Assert.Equal(WireStatus.Done, ResetControl.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.Reset), out _));
            Assert.Equal(WireStatus.Done, RecoveryCtrl.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.RecoveryCtrl), out _));

            Assert.Equal(WireStatus.Done, RecoveryStatus.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.RecoveryStatus), out var recovery));
            Assert.Equal(RecoveryStatusCode.AwaitingImage, recovery.Status);
            Assert.Equal(2, recovery.ImageIndex);

            Assert.Equal(WireStatus.Done, HwStatus.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.HwStatus), out var hw));
            Assert.Equal(HwStatusFlags.SoftError, hw.Flags);
            Assert.Equal(40, hw.Temperature);

            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.IndirectCtrl, [1, 0, 0, 0, 0, 0]));
            Assert.Equal(WireStatus.Done, IndirectCtrl.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.IndirectCtrl), out var ictrl));
            Assert.Equal(1, ictrl.Cms);
            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.IndirectData, [0xDE, 0xAD, 0xBE, 0xEF]));
            Assert.Equal(WireStatus.Done, IndirectStatus.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.IndirectStatus), out var istatus));
            Assert.Equal(CmsRegionType.CodeSpace, istatus.RegionType);
            Assert.Equal(16u, istatus.SizeInDwords);
            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.IndirectCtrl, [1, 0, 0, 0, 0, 0]));
            var window = await rig.Agent.ReadAsync(RecoveryCommand.IndirectData);
            Assert.Equal(64, window!.Length);
            Assert.Equal([0xDE, 0xAD, 0xBE, 0xEF], window[..4]);

            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.Vendor, [7, 8, 9]));
            Assert.Equal([7, 8, 9], await rig.Agent.ReadAsync(RecoveryCommand.Vendor));

            Assert.Equal(WireStatus.Done, IndirectFifoCtrl.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.IndirectFifoCtrl), out _));
            Assert.Equal(WireStatus.Done, IndirectFifoStatus.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.IndirectFifoStatus), out var fifo));
            Assert.Equal(FifoStatusFlags.Empty, fifo.Flags);
            Assert.Equal(256u, fifo.FifoSizeInDwords);
            Assert.Equal(64u, fifo.MaxTransferInDwords);

            Assert.Null(await rig.Agent.ReadAsync(RecoveryCommand.IndirectFifoData));
            Assert.Equal(RecoveryProtocolError.UnsupportedCommand, await rig.Agent.ProtocolErrorAsync());
        });
        Assert.Equal(0, rig.Block.Counters.CrcErrors + rig.Block.Counters.LengthErrors);
    }

    [Fact]
    public void A_bad_PEC_reports_protocol_error_4_and_reading_DEVICE_STATUS_clears_it()
    {
        using var rig = new Rig();
        rig.Run(async () =>
        {
            var frame = new byte[16];
            RecoveryFrame.TryWriteWrite(rig.Block.Address, (byte)RecoveryCommand.RecoveryCtrl, [0, 1, 0x0F], frame, out var n);
            frame[n - 1] ^= 0x01;
            await rig.Agent.SendFrameAsync(frame[..n]);
            Assert.Equal(RecoveryProtocolError.CrcError, await rig.Agent.ProtocolErrorAsync());
            Assert.Equal(RecoveryProtocolError.None, await rig.Agent.ProtocolErrorAsync());
            Assert.False(rig.Block.ActivateRequested);

            var request = new byte[] { (byte)RecoveryCommand.ProtCap, 0x00 };
            await rig.Agent.SendFrameAsync(request);
            Assert.Equal(RecoveryProtocolError.CrcError, await rig.Agent.ProtocolErrorAsync());
        });
        Assert.Equal(2, rig.Block.Counters.CrcErrors);
    }

    [Fact]
    public void A_corrupted_transfer_on_the_bus_is_caught_by_the_PEC()
    {
        using var rig = new Rig();
        rig.Run(async () =>
        {
            rig.Bus.Faults.CorruptNext = 1;
            await rig.Agent.WriteAsync(RecoveryCommand.RecoveryCtrl, [0, 1, 0x0F]);
            Assert.Equal(RecoveryProtocolError.CrcError, await rig.Agent.ProtocolErrorAsync());
        });
    }

    [Theory]
    [InlineData("length field larger than the data", 3, 2)]
    [InlineData("RESET with two bytes", 2, 2)]
    [InlineData("RESET with four bytes", 4, 4)]
    public void Bad_lengths_report_protocol_error_3(string name, int declared, int carried)
    {
        Assert.NotNull(name);
        using var rig = new Rig();
        rig.Run(async () =>
        {
            var frame = new byte[3 + carried + 1];
            frame[0] = (byte)RecoveryCommand.Reset;
            frame[1] = (byte)declared;
            frame[^1] = RecoveryFrame.Pec(RecoveryFrame.WriteAddressByte(rig.Block.Address), frame.AsSpan(0, frame.Length - 1));
            await rig.Agent.SendFrameAsync(frame);
            Assert.Equal(RecoveryProtocolError.LengthError, await rig.Agent.ProtocolErrorAsync());
        });
        Assert.Equal(1, rig.Block.Counters.LengthErrors);
    }

    [Theory]
    [InlineData("unknown command 0x30 written", 0x30, true)]
    [InlineData("unknown command 0x21 read", 0x21, false)]
    [InlineData("PROT_CAP is read only", 0x22, true)]
    [InlineData("INDIRECT_FIFO_DATA is write only", 0x2F, false)]
    [InlineData("INDIRECT_CTRL without the capability", 0x29, true)]
    public void Unknown_unsupported_and_wrong_direction_commands_report_protocol_error_1(string name, byte command, bool write)
    {
        Assert.NotNull(name);
        using var rig = new Rig();
        rig.Run(async () =>
        {
            if (write)
            {
                await rig.Agent.WriteRawAsync(command, new byte[6]);
            }
            else
            {
                Assert.Null(await rig.Agent.ReadRawAsync(command));
            }

            Assert.Equal(RecoveryProtocolError.UnsupportedCommand, await rig.Agent.ProtocolErrorAsync());
        });
        Assert.Equal(1, rig.Block.Counters.UnsupportedCommands);
    }

    [Theory]
    [InlineData("activate value 5", RecoveryCommand.RecoveryCtrl, new byte[] { 0, 1, 5 })]
    [InlineData("CMS out of range", RecoveryCommand.RecoveryCtrl, new byte[] { 3, 1, 0x0F })]
    [InlineData("reset control 3", RecoveryCommand.Reset, new byte[] { 3, 0, 0 })]
    [InlineData("FIFO reset value 2", RecoveryCommand.IndirectFifoCtrl, new byte[] { 0, 2, 0, 0, 0, 0 })]
    public void Bad_parameters_report_protocol_error_2(string name, RecoveryCommand command, byte[] payload)
    {
        Assert.NotNull(name);
        using var rig = new Rig();
        rig.Run(async () =>
        {
            await rig.Agent.WriteAsync(command, payload);
            Assert.Equal(RecoveryProtocolError.UnsupportedParameter, await rig.Agent.ProtocolErrorAsync());
        });
        Assert.False(rig.Block.ActivateRequested);
    }

    [Fact]
    public void Streaming_an_image_fills_the_FIFO_refuses_overflow_and_activation_is_write_1_to_clear()
    {
        using var rig = new Rig();
        IRecoveryInterface device = rig.Block;
        ResetControl? reset = null;
        rig.Block.ResetHandler = r => reset = r;
        rig.Run(async () =>
        {
            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.IndirectFifoCtrl, [0, 1, 0x00, 0x02, 0, 0]));
            var chunk = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.IndirectFifoData, chunk));
            }

            Assert.Equal(WireStatus.Done, IndirectFifoStatus.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.IndirectFifoStatus), out var full));
            Assert.Equal(FifoStatusFlags.Full, full.Flags);
            Assert.Equal(I3cTransferStatus.Nack, await rig.Agent.WriteAsync(RecoveryCommand.IndirectFifoData, chunk));
            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.IndirectFifoData, new byte[257]));
            Assert.Equal(RecoveryProtocolError.LengthError, await rig.Agent.ProtocolErrorAsync());

            Assert.Equal(512 * 4, device.ImageSizeBytes);
            var drained = new byte[300];
            Assert.Equal(300, device.ReadFifo(drained));
            Assert.Equal(chunk[..256], drained[..256]);
            Assert.Equal(724, device.FifoCount);
            Assert.Equal(WireStatus.Done, IndirectFifoStatus.TryRead(await rig.Agent.ReadAsync(RecoveryCommand.IndirectFifoStatus), out var partial));
            Assert.Equal(FifoStatusFlags.None, partial.Flags);
            Assert.Equal(75u, partial.ReadIndex);
            Assert.Equal(0u, partial.WriteIndex);

            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.RecoveryCtrl, [0, 1, 0x0F]));
            Assert.True(device.ActivateRequested);
            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.RecoveryCtrl, [0, 1, 0]));
            Assert.True(device.ActivateRequested);
            rig.Block.WriteRegister(RecoveryRegisterBlock.RecoveryCtrlOffset, 0x0F << 16);
            Assert.False(device.ActivateRequested);

            Assert.Equal(I3cTransferStatus.Ack, await rig.Agent.WriteAsync(RecoveryCommand.Reset, [1, 0x0F, 1]));
        });
        Assert.Equal(1, rig.Block.Counters.FifoOverflows);
        Assert.Equal(DeviceResetControl.ResetDevice, reset!.Value.Reset);
        Assert.Equal(ForcedRecoveryMode.EnterRecovery, rig.Block.LastReset.ForcedRecovery);
    }

    [Fact]
    public void The_device_register_window_mirrors_the_payloads_and_refuses_unknown_offsets()
    {
        using var rig = new Rig();
        var block = rig.Block;
        Assert.Equal(0x2050434Fu, block.ReadRegister(RecoveryRegisterBlock.ProtCapOffset));
        Assert.Equal(0x56434552u, block.ReadRegister(RecoveryRegisterBlock.ProtCapOffset + 4));
        block.WriteRegister(RecoveryRegisterBlock.DeviceStatusOffset, 0x0012_0003);
        Assert.Equal(0x0012_0003u, block.ReadRegister(RecoveryRegisterBlock.DeviceStatusOffset));
        block.WriteRegister(RecoveryRegisterBlock.RecoveryStatusOffset, 0x11);
        Assert.Equal(0x11u, block.ReadRegister(RecoveryRegisterBlock.RecoveryStatusOffset) & 0xFF);
        Assert.Equal(0x01u, block.ReadRegister(RecoveryRegisterBlock.IndirectFifoStatusOffset) & 0xFF);
        Assert.Equal(0u, block.ReadRegister(0x200));
        block.WriteRegister(RecoveryRegisterBlock.ProtCapOffset, 1);
        Assert.Equal(2, block.Counters.DeviceAccessesRefused);
        block.Faults.StuckHigh = 0x8000_0000;
        Assert.Equal(0x8012_0003u, block.ReadRegister(RecoveryRegisterBlock.DeviceStatusOffset));
    }

    [Fact]
    public void The_heartbeat_counts_periods_of_virtual_time()
    {
        using var rig = new Rig();
        Assert.Equal(0u, rig.Block.ReadRegister(RecoveryRegisterBlock.DeviceStatusOffset + 4) & 0xFFFF);
        rig.Sim.RunUntil(3 * 1_024_000);
        Assert.Equal(3u, rig.Block.ReadRegister(RecoveryRegisterBlock.DeviceStatusOffset + 4) & 0xFFFF);
    }
}
