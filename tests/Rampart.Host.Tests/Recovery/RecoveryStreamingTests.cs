using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Host.Recovery;
using Rampart.Platform.Peripherals;
using Rampart.Protocols.Recovery;
using Rampart.Wire.Recovery;
using Xunit.Abstractions;

namespace Rampart.Host.Tests.Recovery;

/// <summary>Stage 1 of streaming boot end to end: agent ↔ OCP recovery block ↔ receiver, in virtual time.</summary>
public sealed class RecoveryStreamingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(5_001, 1_024, 3)]
    [InlineData(1, 0, 7)]
    [InlineData(20_003, 257, 4_096)]
    public void Three_images_arrive_intact_and_the_device_ends_running_the_recovery_image(int size0, int size1, int size2)
    {
        using var rig = new StreamingRig();
        byte[][] images = [StreamingRig.Image(rig.Sim, size0), StreamingRig.Image(rig.Sim, size1), StreamingRig.Image(rig.Sim, size2)];

        var result = rig.Run(images.Select(i => (ReadOnlyMemory<byte>)i).ToArray());

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(3, result.Images.Count);
        for (byte i = 0; i < 3; i++)
        {
            Assert.Equal(RecoveryOutcome.Success, result.Images[i].Outcome);
            Assert.Equal(1, result.Images[i].StreamAttempts);
            Assert.Equal(RecoveryReceiveStatus.Received, rig.Received[i].Status);
            Assert.Equal(StreamingRig.Padded(images[i]), rig.Received[i].Image.ToArray());
        }

        Assert.Equal(DeviceStatusCode.RunningRecoveryImage, result.Images[2].DeviceStatus);
        Assert.Equal(RecoveryStatusCode.Success, result.Images[2].RecoveryStatus);
        Assert.Equal(2, result.Images[2].StatusImageIndex);
        Assert.Equal(RecoveryReason.FlashlessBoot, result.Images[2].Reason);
        Assert.Equal(RecoveryOutcome.Success, result.Outcome);
        Assert.NotNull(result.Capabilities);
        Assert.Equal(0, rig.Block.Counters.CrcErrors + rig.Block.Counters.FifoOverflows + rig.Agent.Counters.Retries);

        // Progress ends at the padded size of each image; FIFO writes are recorded with their bytes.
        Assert.Equal((size2 + 3) & ~3, rig.Progress[^1].BytesSent);
        Assert.Equal(images.Sum(i => (i.Length + 3) & ~3), rig.Transfers.Where(t => t.Command == RecoveryCommand.IndirectFifoData).Sum(t => t.Length));
        Assert.All(rig.Transfers, t => Assert.True(t.EndTime > t.StartTime));
        Assert.All(rig.Transfers.Where(t => t.Command == RecoveryCommand.IndirectFifoData), t => Assert.True(t.Length <= 256));
    }

    [Fact]
    public void The_device_rejecting_image_1_ends_the_run_with_an_authentication_error()
    {
        using var rig = new StreamingRig();
        byte[][] images = [StreamingRig.Image(rig.Sim, 3_000), StreamingRig.Image(rig.Sim, 900), StreamingRig.Image(rig.Sim, 2_000)];

        var result = rig.Run(
            images.Select(i => (ReadOnlyMemory<byte>)i).ToArray(),
            rig.Device(3, i => i == 1 ? RecoveryStatusCode.AuthenticationError : null));

        Assert.Equal(RecoveryOutcome.AuthenticationError, result.Outcome);
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(RecoveryOutcome.Success, result.Images[0].Outcome);
        var rejected = result.Images[1];
        Assert.Equal(RecoveryOutcome.AuthenticationError, rejected.Outcome);
        Assert.Equal(RecoveryStatusCode.AuthenticationError, rejected.RecoveryStatus);
        Assert.Equal(1, rejected.StatusImageIndex);
        Assert.Equal(DeviceStatusCode.BootFailure, rejected.DeviceStatus);
        Assert.False(rig.Received.ContainsKey(2));
    }

    [Fact]
    public void A_FIFO_write_lost_to_a_PEC_error_restarts_the_image_which_then_arrives_intact()
    {
        using var rig = new StreamingRig();
        var image = StreamingRig.Image(rig.Sim, 10_001);
        var corrupted = false;
        var agent = new RecoveryAgent(rig.Controller, rig.Block.Address, rig.Sim, rig.Sim)
        {
            Progress = new Corrupter(p =>
            {
                if (!corrupted && p.BytesSent >= 4_096)
                {
                    rig.Bus.Faults.CorruptNext = 1;
                    corrupted = true;
                }
            }),
        };

        var result = RunWith(rig, agent, [image]);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(2, result.Images[0].StreamAttempts);
        Assert.Equal(1, agent.Counters.ImageRestarts);
        Assert.Equal(1, rig.Block.Counters.CrcErrors);
        Assert.Equal(StreamingRig.Padded(image), rig.Received[0].Image.ToArray());
    }

    [Theory]
    [InlineData(0.05, 0.0)]
    [InlineData(0.0, 0.01)]
    [InlineData(0.03, 0.005)]
    public void Random_drops_and_corruption_are_retried_and_every_image_arrives_intact(double dropRate, double corruptRate)
    {
        using var rig = new StreamingRig(seed: 99, agentOptions: new RecoveryAgentOptions { MaxImageAttempts = 8, MaxTransferAttempts = 8 });
        byte[][] images = [StreamingRig.Image(rig.Sim, 6_001), StreamingRig.Image(rig.Sim, 517), StreamingRig.Image(rig.Sim, 4_098)];
        rig.Bus.Faults.DropRate = dropRate;
        rig.Bus.Faults.CorruptRate = corruptRate;

        var result = rig.Run(images.Select(i => (ReadOnlyMemory<byte>)i).ToArray());

        Assert.True(result.Succeeded, result.Detail);
        for (byte i = 0; i < 3; i++)
        {
            Assert.Equal(StreamingRig.Padded(images[i]), rig.Received[i].Image.ToArray());
        }

        Assert.True(rig.Agent.Counters.Retries + rig.Agent.Counters.ImageRestarts > 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drop {dropRate} corrupt {corruptRate}: retries {rig.Agent.Counters.Retries}, restarts {rig.Agent.Counters.ImageRestarts}, bad responses {rig.Agent.Counters.BadResponses}, device CRC errors {rig.Block.Counters.CrcErrors}"));
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, 1.0)]
    public void A_permanently_broken_bus_ends_in_retries_exhausted_within_bounded_time(double dropRate, double corruptRate)
    {
        using var rig = new StreamingRig();
        rig.Bus.Faults.DropRate = dropRate;
        rig.Bus.Faults.CorruptRate = corruptRate;

        var result = rig.Run([StreamingRig.Image(rig.Sim, 1_000)], rig.Device(1));

        Assert.Equal(RecoveryOutcome.RetriesExhausted, result.Outcome);
        Assert.Empty(result.Images);
        Assert.Contains("ProtCap", result.Detail, StringComparison.Ordinal);
        Assert.True(result.EndTime - result.StartTime < TimeUnits.Millisecond, "gave up within a millisecond of chip time");
        Assert.Equal(rig.Agent.Options.MaxTransferAttempts, rig.Transfers.Count);
        Assert.Equal(RecoveryReceiveStatus.TimedOut, rig.Received[0].Status);
    }

    [Fact]
    public void A_bus_that_breaks_mid_stream_ends_in_retries_exhausted()
    {
        using var rig = new StreamingRig();
        var agent = new RecoveryAgent(rig.Controller, rig.Block.Address, rig.Sim, rig.Sim)
        {
            Progress = new Corrupter(p =>
            {
                if (p.BytesSent >= 2_048)
                {
                    rig.Bus.Faults.DropRate = 1;
                }
            }),
        };

        var result = RunWith(rig, agent, [StreamingRig.Image(rig.Sim, 8_000)]);

        Assert.Equal(RecoveryOutcome.RetriesExhausted, result.Outcome);
        Assert.Single(result.Images);
        Assert.Equal(RecoveryOutcome.RetriesExhausted, result.Images[0].Outcome);
        Assert.True(result.EndTime - result.StartTime < 100 * TimeUnits.Millisecond);
    }

    [Fact]
    public void An_agent_that_activates_early_gets_a_size_mismatch_from_the_device()
    {
        using var rig = new StreamingRig();
        var agent = new RawAgent(rig.Controller, rig.Block.Address);
        rig.Sim.CreateCore("caliptra").Start(rig.Device(1));
        RecoveryStatus status = default;
        DeviceStatusCode device = default;
        var bmc = rig.Sim.CreateCore("bmc");
        bmc.Start(async () =>
        {
            await agent.WriteAsync(RecoveryCommand.IndirectFifoCtrl, [0, 1, 0, 1, 0, 0]); // 256 dwords = 1,024 bytes
            await agent.WriteAsync(RecoveryCommand.IndirectFifoData, new byte[256]);
            await agent.WriteAsync(RecoveryCommand.IndirectFifoData, new byte[256]);
            await agent.WriteAsync(RecoveryCommand.RecoveryCtrl, [0, 1, 0x0F]);
            RecoveryStatus.TryRead(await agent.ReadAsync(RecoveryCommand.RecoveryStatus), out status);
            device = (DeviceStatusCode)(await agent.ReadAsync(RecoveryCommand.DeviceStatus))[0];
        });
        rig.Sim.RunUntilIdle();

        Assert.Equal(Platform.Simulation.SimCoreState.Completed, bmc.State);
        Assert.Equal(RecoveryReceiveStatus.SizeMismatch, rig.Received[0].Status);
        Assert.Contains("1024 bytes announced, 512 streamed", rig.Received[0].Detail, StringComparison.Ordinal);
        Assert.Equal(RecoveryStatusCode.Failed, status.Status);
        Assert.Equal(DeviceStatusCode.BootFailure, device);
    }

    [Fact]
    public void An_image_larger_than_the_device_accepts_is_rejected_by_the_device()
    {
        using var rig = new StreamingRig();
        var result = rig.Run([StreamingRig.Image(rig.Sim, 4_100)], rig.Device(1, maxBytes: 4_096));

        Assert.Equal(RecoveryOutcome.DeviceRejected, result.Outcome);
        Assert.Equal(RecoveryStatusCode.Failed, result.Images[0].RecoveryStatus);
        Assert.Equal(DeviceStatusCode.BootFailure, result.Images[0].DeviceStatus);
        Assert.Equal(RecoveryReceiveStatus.TooLarge, rig.Received[0].Status);
    }

    [Fact]
    public void The_same_seed_gives_the_same_trace_and_transfers()
    {
        static (byte[] Trace, RecoveryTransfer[] Transfers, RecoveryAgentResult Result) RunOnce()
        {
            using var rig = new StreamingRig(seed: 4242, agentOptions: new RecoveryAgentOptions { MaxImageAttempts = 8, MaxTransferAttempts = 8 });
            rig.Bus.Faults.CorruptRate = 0.01;
            rig.Bus.Faults.DropRate = 0.01;
            var images = new[] { 3_001, 1_500, 2_222 }.Select(n => (ReadOnlyMemory<byte>)StreamingRig.Image(rig.Sim, n)).ToArray();
            var result = rig.Run(images);
            return (rig.Sim.Trace.ToBytes(), rig.Transfers.ToArray(), result);
        }

        var first = RunOnce();
        var second = RunOnce();

        Assert.True(first.Result.Succeeded, first.Result.Detail);
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Transfers, second.Transfers);
        Assert.Equal(first.Result.EndTime, second.Result.EndTime);
    }

    [Fact]
    public void A_slow_device_is_never_overrun_and_its_image_arrives_intact()
    {
        using var rig = new StreamingRig();
        var image = StreamingRig.Image(rig.Sim, 3_001);
        var received = new List<byte>();
        IRecoveryInterface device = rig.Block;
        Func<Task> slowDevice = async () =>
        {
            device.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
            device.SetRecoveryStatus(RecoveryStatusCode.AwaitingImage, 0);
            var chunk = new byte[64];
            while (!device.ActivateRequested)
            {
                await rig.Sim.Delay(300 * TimeUnits.Microsecond);
                var n = device.ReadFifo(chunk);
                received.AddRange(chunk.AsSpan(0, n).ToArray());
                if (device.ImageSizeBytes > 0 && received.Count == device.ImageSizeBytes)
                {
                    device.SetDeviceStatus(DeviceStatusCode.RecoveryPending, RecoveryReason.FlashlessBoot);
                }
            }

            device.ClearActivate();
            device.SetRecoveryStatus(RecoveryStatusCode.Success, 0);
        };

        var result = rig.Run([image], slowDevice);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(StreamingRig.Padded(image), received.ToArray());
        Assert.Equal(0, rig.Block.Counters.FifoOverflows);
        Assert.True(rig.Agent.Counters.FifoStatusReads > 10, "the agent waited for room");
        Assert.Equal(0, rig.Agent.Counters.ImageRestarts);
    }

    [Fact]
    public void A_device_without_the_FIFO_capability_is_a_protocol_error()
    {
        using var rig = new StreamingRig(blockOptions: new RecoveryBlockOptions { Capabilities = RecoveryCapabilities.DeviceStatus | RecoveryCapabilities.FlashlessBoot });
        var result = rig.Run([new byte[8]]);

        Assert.Equal(RecoveryOutcome.ProtocolError, result.Outcome);
        Assert.Contains("FifoCms", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_that_never_asks_for_the_next_image_times_out()
    {
        using var rig = new StreamingRig(agentOptions: new RecoveryAgentOptions { StatusTimeoutNanoseconds = 5 * TimeUnits.Millisecond });
        var result = rig.Run([new byte[100], new byte[100]], rig.Device(1));

        Assert.Equal(RecoveryOutcome.Timeout, result.Outcome);
        Assert.Equal(RecoveryOutcome.Success, result.Images[0].Outcome);
        Assert.Equal(RecoveryOutcome.Timeout, result.Images[1].Outcome);
        Assert.Equal(RecoveryStatusCode.Success, result.Images[1].RecoveryStatus);
        Assert.InRange(result.Images[1].EndTime - result.Images[1].StartTime, 5 * TimeUnits.Millisecond, 6 * TimeUnits.Millisecond);
    }

    [Fact]
    public void A_device_in_recovery_for_another_reason_is_a_protocol_error()
    {
        using var rig = new StreamingRig();
        IRecoveryInterface device = rig.Block;
        var result = rig.Run([new byte[4]], () =>
        {
            device.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.ForcedRecovery);
            return Task.CompletedTask;
        });

        Assert.Equal(RecoveryOutcome.ProtocolError, result.Outcome);
        Assert.Contains("0x11", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65_536)]
    [InlineData(0)]
    public void Stage_1_takes_close_to_the_I3C_payload_floor(int speculativeWindow)
    {
        var timing = new I3cTiming();
        using var rig = new StreamingRig(agentOptions: new RecoveryAgentOptions { SpeculativeWindowBytes = speculativeWindow }, timing: timing);
        rig.Sim.Trace.Enabled = false;
        int[] sizes = [114_689, 8_193, 131_074];
        var images = sizes.Select(n => (ReadOnlyMemory<byte>)StreamingRig.Image(rig.Sim, n)).ToArray();

        var result = rig.Run(images);

        Assert.True(result.Succeeded, result.Detail);
        var floor = timing.CyclesToNanoseconds((long)I3cTiming.CyclesPerByte * sizes.Sum());
        var ratio = (double)(result.EndTime - result.StartTime) / floor;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"window {speculativeWindow}: stage 1 {result.EndTime - result.StartTime} ns, floor {floor} ns, ratio {ratio:F4}, FIFO status reads {rig.Agent.Counters.FifoStatusReads}, transfers {rig.Agent.Counters.Transfers}"));
        Assert.True(ratio <= 1.2, $"ratio {ratio}");
    }

    private static RecoveryAgentResult RunWith(StreamingRig rig, RecoveryAgent agent, byte[][] images)
    {
        RecoveryAgentResult? result = null;
        rig.Sim.CreateCore("caliptra").Start(rig.Device(images.Length));
        rig.Sim.CreateCore("bmc").Start(async () => result = await agent.RunAsync(images.Select(i => (ReadOnlyMemory<byte>)i).ToArray()));
        rig.Sim.RunUntilIdle(50_000_000);
        Assert.NotNull(result);
        return result;
    }

    private sealed class Corrupter(Action<RecoveryProgress> onReport) : IProgress<RecoveryProgress>
    {
        public void Report(RecoveryProgress value) => onReport(value);
    }
}
