using BenchmarkDotNet.Attributes;
using Rampart.Host.Recovery;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Protocols.Recovery;

namespace Rampart.Benchmarks.Platform;

/// <summary>
/// Wall time and allocations of streaming one 1 MiB recovery image through the BMC's
/// <see cref="RecoveryAgent"/>, the simulated I3C bus and OCP recovery block, and the device's
/// <see cref="RecoveryImageReceiver"/> (one operation = one MiB, start to verdict).
/// Each iteration is one stream on a fresh simulator, so the default few warm-up iterations
/// measured code still being tiered up (8–11 ms a MiB instead of ~3.2); 150 warm-up streams
/// reach the steady state (docs/performance.md).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(150)]
[IterationCount(30)]
public class RecoveryStreamingBenchmarks
{
    private const int ImageBytes = 1 << 20;
    private readonly ReadOnlyMemory<byte>[] _images = [new byte[ImageBytes]];
    private Simulator _sim = null!;
    private RecoveryAgent _agent = null!;
    private RecoveryImageReceiver _receiver = null!;

    [IterationSetup]
    public void Setup()
    {
        _sim = new Simulator(1, new SimulatorOptions { TraceEnabled = false });
        var bus = new I3cBus(_sim);
        var block = new RecoveryRegisterBlock(bus);
        _agent = new RecoveryAgent(new I3cController(bus), block.Address, _sim, _sim);
        _receiver = new RecoveryImageReceiver(block, _sim);
    }

    [IterationCleanup]
    public void Cleanup() => _sim.Dispose();

    /// <summary>Streams 1 MiB as image 0 and returns the chip time it took.</summary>
    [Benchmark]
    public long StreamOneMiB()
    {
        RecoveryAgentResult? result = null;
        _sim.CreateCore("caliptra").Start(async () =>
        {
            var received = await _receiver.ReceiveAsync(0, ImageBytes);
            if (received.Status == RecoveryReceiveStatus.Received)
            {
                _receiver.ReportSuccess(0, lastImage: true);
            }
        });
        _sim.CreateCore("bmc").Start(async () => result = await _agent.RunAsync(_images));
        _sim.RunUntilIdle();
        return result is { Succeeded: true } ? result.EndTime - result.StartTime : -1;
    }
}
