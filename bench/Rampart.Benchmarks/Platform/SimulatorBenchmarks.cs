using BenchmarkDotNet.Attributes;
using Rampart.Platform.Simulation;

namespace Rampart.Benchmarks.Platform;

/// <summary>Simulator throughput: raw scheduled events, and a core awaiting timer events.</summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    private const int Events = 10_000;
    private static readonly SendOrPostCallback Nop = static _ => { };
    private Simulator _sim = null!;

    [IterationSetup]
    public void Setup() => _sim = new Simulator(1, new SimulatorOptions { TraceEnabled = false });

    [IterationCleanup]
    public void Cleanup() => _sim.Dispose();

    /// <summary>Schedules and runs 10,000 callback events (per-event cost).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long ScheduledEvents()
    {
        for (var i = 0; i < Events; i++)
        {
            _sim.Schedule(i & 63, Nop, null);
        }

        return _sim.RunUntilIdle();
    }

    /// <summary>A firmware core awaits a 1 ns delay 10,000 times (per-await cost).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long CoreDelayAwaits()
    {
        var core = _sim.CreateCore("fw");
        core.Start(async () =>
        {
            for (var i = 0; i < Events; i++)
            {
                await _sim.Delay(1);
            }
        });
        return _sim.RunUntilIdle();
    }
}
