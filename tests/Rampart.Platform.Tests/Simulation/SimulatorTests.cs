using System.Diagnostics;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Tests.Simulation;

public sealed class SimulatorTests
{
    [Fact]
    public void Events_run_in_time_order_and_ties_in_insertion_order()
    {
        using var sim = new Simulator(1);
        var order = new List<string>();
        sim.Schedule(20, s => order.Add((string)s!), "c");
        sim.Schedule(10, s => order.Add((string)s!), "a");
        sim.Schedule(10, s => order.Add((string)s!), "b");
        sim.Schedule(0, s => order.Add((string)s!), "first");
        sim.RunUntilIdle();
        Assert.Equal(["first", "a", "b", "c"], order);
        Assert.Equal(20, sim.Now);
        Assert.Equal(4, sim.EventsExecuted);
    }

    [Fact]
    public void RunUntil_stops_at_the_deadline_and_sets_the_clock()
    {
        using var sim = new Simulator(1);
        var ran = 0;
        sim.Schedule(100, _ => ran++, null);
        sim.Schedule(101, _ => ran++, null);
        sim.RunUntil(100);
        Assert.Equal(1, ran);
        Assert.Equal(100, sim.Now);
        Assert.Equal(1, sim.PendingEvents);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(99, _ => { }, null));
    }

    [Fact]
    public void A_core_awaiting_a_delay_resumes_at_exactly_that_time_on_the_scheduler_thread()
    {
        using var sim = new Simulator(1);
        var thread = Environment.CurrentManagedThreadId;
        var times = new List<long>();
        SimHarness.RunOnCore(sim, async () =>
        {
            times.Add(sim.Now);
            await sim.Delay(1_234);
            times.Add(sim.Now);
            Assert.Equal(thread, Environment.CurrentManagedThreadId);
            await sim.DelayUntil(5_000);
            times.Add(sim.Now);
            await sim.Delay(0);
            times.Add(sim.Now);
        });
        Assert.Equal([0L, 1_234L, 5_000L, 5_000L], times);
    }

    [Fact]
    public void Cores_interleave_through_signals_and_a_faulting_core_does_not_stop_the_others()
    {
        using var sim = new Simulator(7);
        var ping = sim.CreateSignal("ping");
        var pong = sim.CreateSignal("pong");
        var log = new List<string>();
        var a = sim.CreateCore("a");
        var b = sim.CreateCore("b");
        var bad = sim.CreateCore("bad");
        a.Start(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await sim.Delay(10);
                log.Add($"a{i}@{sim.Now}");
                ping.Set();
                await pong.WaitAsync();
            }
        });
        b.Start(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await ping.WaitAsync();
                log.Add($"b{i}@{sim.Now}");
                pong.Set();
            }
        });
        bad.Start(async () =>
        {
            await sim.Delay(15);
            throw new InvalidOperationException("firmware bug");
        });
        sim.RunUntilIdle();
        Assert.Equal(["a0@10", "b0@10", "a1@20", "b1@20", "a2@30", "b2@30"], log);
        Assert.Equal(SimCoreState.Completed, a.State);
        Assert.Equal(SimCoreState.Completed, b.State);
        Assert.Equal(SimCoreState.Faulted, bad.State);
        Assert.IsType<InvalidOperationException>(bad.Fault);
        Assert.Contains(sim.Trace.Events, e => e.Source == "bad" && e.Kind == "core" && e.Detail.StartsWith("fault", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_seed_gives_identical_trace_bytes_and_another_seed_differs()
    {
        var first = RandomisedRun(42);
        var second = RandomisedRun(42);
        var other = RandomisedRun(43);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.True(first.Length > 100);
    }

    private static byte[] RandomisedRun(ulong seed)
    {
        using var sim = new Simulator(seed);
        for (var c = 0; c < 3; c++)
        {
            var core = sim.CreateCore("core" + c);
            core.Start(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    await sim.Delay(sim.Random.NextInt(1_000));
                    sim.Trace.Record(core.Name, "tick", sim.Random.NextUInt64().ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
                }
            });
        }

        sim.RunUntilIdle();
        return sim.Trace.ToBytes();
    }

    [Fact]
    public void Trace_lines_have_a_fixed_format_and_the_trace_is_bounded()
    {
        using var sim = new Simulator(1, new SimulatorOptions { TraceCapacity = 2 });
        sim.Trace.Record("x", "k", "d1");
        sim.RunFor(5);
        sim.Trace.Record("y", "k", "d2");
        sim.Trace.Record("z", "k", "d3");
        Assert.Equal("000000000000 x k d1\n000000000005 y k d2\n", System.Text.Encoding.UTF8.GetString(sim.Trace.ToBytes()));
        Assert.Equal(1, sim.Trace.Dropped);
    }

    [Fact]
    public void Real_time_mode_paces_virtual_time_and_runs_work_posted_from_other_threads()
    {
        const long duration = 100 * Hal.Time.TimeUnits.Millisecond;
        using var sim = new Simulator(1);
        long postedAt = -1;
        long timerAt = -1;
        sim.Schedule(20 * Hal.Time.TimeUnits.Millisecond, _ => timerAt = sim.Now, null);
        using var running = new ManualResetEventSlim();
        using var posted = new ManualResetEventSlim();
        sim.Schedule(0, _ => running.Set(), null);

        // On a loaded machine the poster thread may start late: hold the run half-way until its
        // work is queued, so it always lands inside the run (the wall-clock pacing is what is tested).
        sim.Schedule(50 * Hal.Time.TimeUnits.Millisecond, _ => posted.Wait(TimeSpan.FromSeconds(30)), null);
        var poster = new Thread(() =>
        {
            running.Wait();
            sim.Post(() => postedAt = sim.Now);
            posted.Set();
        });
        var wall = Stopwatch.StartNew();
        poster.Start();
        sim.RunRealTime(duration);
        poster.Join();
        Assert.True(wall.ElapsedMilliseconds >= 95, $"took only {wall.ElapsedMilliseconds} ms");
        Assert.Equal(20 * Hal.Time.TimeUnits.Millisecond, timerAt);
        Assert.InRange(postedAt, 0, duration);
        Assert.Equal(duration, sim.Now);
    }

    [Fact]
    public void SimRandom_is_deterministic_per_seed()
    {
        var a = new SimRandom(5);
        var b = new SimRandom(5);
        var c = new SimRandom(6);
        var sa = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()).ToArray());
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(a.NextInt(7), 0, 6);
            Assert.InRange(a.NextDouble(), 0.0, 0.9999999999);
        }
    }
}
