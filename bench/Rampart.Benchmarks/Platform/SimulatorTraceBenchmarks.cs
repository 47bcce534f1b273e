using System.Globalization;
using BenchmarkDotNet.Attributes;
using Rampart.Platform.Simulation;

namespace Rampart.Benchmarks.Platform;

/// <summary>
/// Simulator events per second with the trace off and on (issue 5, performance). Each
/// invocation schedules 100,000 events on a fresh simulator and runs them to idle; the result
/// is per event. <see cref="PlainEvents"/> does nothing in its callback (the scheduler alone:
/// priority queue, clock, dispatch), so the trace setting only shows that the simulator itself
/// records nothing per event. <see cref="RecordingEvents"/> records one trace entry per event the
/// way a peripheral does (check <see cref="EventTrace.Enabled"/>, then format the detail), which
/// is what the trace costs on the chip's paths. Both keep all 100,000 events pending at once;
/// <see cref="ChainedEvents"/> keeps the queue as short as the chip's (16 chains, each event
/// recording like a peripheral and scheduling its successor).
/// </summary>
[MemoryDiagnoser]
public class SimulatorTraceBenchmarks
{
    private const int Events = 100_000;
    private static readonly SendOrPostCallback Nop = static _ => { };
    private Simulator _sim = null!;
    private const int Chains = 16;
    private SendOrPostCallback _record = null!;
    private SendOrPostCallback _chain = null!;
    private int _remaining;

    /// <summary>Whether the simulator's trace records.</summary>
    [Params(false, true)]
    public bool Trace { get; set; }

    [IterationSetup]
    public void Setup()
    {
        _sim = new Simulator(1, new SimulatorOptions { TraceEnabled = Trace });
        var trace = _sim.Trace;
        _record = state =>
        {
            if (trace.Enabled)
            {
                trace.Record("bench", "event", ((int)state!).ToString("X8", CultureInfo.InvariantCulture));
            }
        };
        _chain = state =>
        {
            if (trace.Enabled)
            {
                trace.Record("bench", "event", ((int)state!).ToString("X8", CultureInfo.InvariantCulture));
            }

            if (--_remaining >= Chains)
            {
                _sim.Schedule(80, _chain, state);
            }
        };
    }

    [IterationCleanup]
    public void Cleanup() => _sim.Dispose();

    /// <summary>Schedules and runs 100,000 events with an empty callback.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long PlainEvents()
    {
        for (var i = 0; i < Events; i++)
        {
            _sim.Schedule(i & 63, Nop, null);
        }

        return _sim.RunUntilIdle();
    }

    /// <summary>Schedules and runs 100,000 events, each recording one trace entry when the trace is on.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long RecordingEvents()
    {
        var state = (object)0x5A5A;
        for (var i = 0; i < Events; i++)
        {
            _sim.Schedule(i & 63, _record, state);
        }

        return _sim.RunUntilIdle();
    }

    /// <summary>Runs 100,000 events as 16 self-rescheduling chains (short queue), each recording one trace entry when the trace is on.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long ChainedEvents()
    {
        _remaining = Events;
        var state = (object)0x5A5A;
        for (var i = 0; i < Chains; i++)
        {
            _sim.Schedule(i, _chain, state);
        }

        return _sim.RunUntilIdle();
    }
}
