using Rampart.Hal.Peripherals;
using Rampart.Host.Recovery;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Protocols.Recovery;
using Rampart.Wire;
using Rampart.Wire.Recovery;

namespace Rampart.Host.Tests.Recovery;

/// <summary>The agent against devices that answer what the protocol does not allow: a result, never an exception.</summary>
public sealed class RecoveryAgentBadDeviceTests
{
    private static readonly byte[] GoodProtCap = [.. "OCP RECV"u8, 1, 1, 0x10, 0x18, 1, 20, 0];

    [Theory]
    [InlineData("bad magic", 0x22, new byte[] { 0x4F, 0x43, 0x50, 0x20, 0x52, 0x45, 0x43, 0x58, 1, 1, 0x10, 0x18, 1, 20, 0 })]
    [InlineData("short PROT_CAP", 0x22, new byte[] { 0x4F, 0x43, 0x50 })]
    [InlineData("version 2", 0x22, new byte[] { 0x4F, 0x43, 0x50, 0x20, 0x52, 0x45, 0x43, 0x56, 2, 0, 0x10, 0x18, 1, 20, 0 })]
    [InlineData("DEVICE_STATUS vendor length beyond the payload", 0x24, new byte[] { 3, 0, 0x12, 0, 0, 0, 9 })]
    [InlineData("INDIRECT_FIFO_STATUS with no FIFO", 0x2E, new byte[] { 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0 })]
    [InlineData("INDIRECT_FIFO_STATUS too short", 0x2E, new byte[] { 1, 1, 0 })]
    public void A_malformed_answer_is_a_protocol_error(string name, byte command, byte[] answer)
    {
        Assert.NotNull(name);
        using var sim = new Simulator(5);
        var bus = new I3cBus(sim);
        var controller = new I3cController(bus);
        var device = new ScriptedDevice(0x3A)
        {
            Answers =
            {
                [0x22] = GoodProtCap,
                [0x24] = [3, 0, 0x12, 0, 0, 0, 0],
                [0x27] = [0x01, 0],
                [0x2E] = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 64, 0, 0, 0],
            },
        };
        device.Answers[command] = answer;
        bus.Attach(device);
        var agent = new RecoveryAgent(controller, 0x3A, sim, sim);
        RecoveryAgentResult? result = null;
        sim.CreateCore("bmc").Start(async () => result = await agent.RunAsync([new byte[64]]));
        sim.RunUntilIdle(1_000_000);

        Assert.NotNull(result);
        Assert.Equal(RecoveryOutcome.ProtocolError, result.Outcome);
    }

    [Fact]
    public void An_undefined_recovery_status_after_activation_is_a_protocol_error()
    {
        using var rig = new StreamingRig();
        IRecoveryInterface block = rig.Block;
        var result = rig.Run([new byte[40]], async () =>
        {
            var received = await rig.Receiver.ReceiveAsync(0, 1024);
            Assert.Equal(RecoveryReceiveStatus.Received, received.Status);
            block.SetRecoveryStatus((RecoveryStatusCode)0x5, 0);
        });

        Assert.Equal(RecoveryOutcome.ProtocolError, result.Outcome);
        Assert.Equal((RecoveryStatusCode)0x5, result.Images[0].RecoveryStatus);
    }

    [Fact]
    public void A_device_that_fails_the_image_is_reported_as_rejected_with_its_statuses()
    {
        using var rig = new StreamingRig();
        var result = rig.Run([new byte[40], new byte[8]], rig.Device(2, i => i == 0 ? RecoveryStatusCode.Failed : null));

        Assert.Equal(RecoveryOutcome.DeviceRejected, result.Outcome);
        Assert.Equal(RecoveryStatusCode.Failed, result.Images[0].RecoveryStatus);
        Assert.Equal(DeviceStatusCode.BootFailure, result.Images[0].DeviceStatus);
    }

    [Fact]
    public void Bad_options_and_arguments_are_refused_up_front()
    {
        using var sim = new Simulator(1);
        var controller = new I3cController(new I3cBus(sim));
        Assert.Throws<ArgumentException>(() => new RecoveryAgent(controller, 0x5A, sim, sim, new RecoveryAgentOptions { MaxWriteBytes = 6 }));
        Assert.Throws<ArgumentException>(() => new RecoveryAgent(controller, 0x5A, sim, sim, new RecoveryAgentOptions { MaxTransferAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecoveryAgent(controller, 0x80, sim, sim));
        var agent = new RecoveryAgent(controller, 0x5A, sim, sim);
        Assert.Throws<ArgumentException>(() => { _ = agent.RunAsync(new ReadOnlyMemory<byte>[17]); });
    }

    /// <summary>A recovery target that answers reads from a table (framed with a good PEC) and accepts every write.</summary>
    private sealed class ScriptedDevice(byte address) : II3cBusDevice
    {
        private byte _pending;

        public Dictionary<byte, byte[]> Answers { get; } = [];

        public byte Address => address;

        public bool OnPrivateWrite(ReadOnlySpan<byte> data)
        {
            _pending = data.Length == RecoveryFrame.ReadRequestSize ? data[0] : (byte)0;
            return true;
        }

        public int OnPrivateRead(Span<byte> buffer)
        {
            if (!Answers.TryGetValue(_pending, out var payload))
            {
                return -1;
            }

            Assert.True(RecoveryFrame.TryWriteReadResponse(address, payload, buffer, out var written));
            return written;
        }
    }
}
