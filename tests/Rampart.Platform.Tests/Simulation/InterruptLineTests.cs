using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Tests.Simulation;

/// <summary>A core's interrupt line (<see cref="InterruptLine"/>) and signal routing (<see cref="SimSignal.Route"/>).</summary>
public sealed class InterruptLineTests
{
    [Fact]
    public void A_routed_source_wakes_the_sleeping_core_at_the_moment_it_is_set()
    {
        using var sim = new Simulator(1);
        var line = new InterruptLine(sim, "irq");
        var i3c = sim.CreateSignal("i3c");
        var mailbox = sim.CreateSignal("mailbox");
        line.Connect(i3c);
        line.Connect(mailbox);
        sim.Schedule(300, _ => i3c.Set(), null);
        sim.Schedule(700, _ => mailbox.Set(), null);
        var wakes = new List<long>();
        SimHarness.RunOnCore(sim, async () =>
        {
            await line.WaitAsync(long.MaxValue);
            wakes.Add(sim.Now);
            await line.WaitAsync(long.MaxValue);
            wakes.Add(sim.Now);
        });

        Assert.Equal([300L, 700L], wakes);
        Assert.Equal(0, line.CompareWakes);
    }

    [Fact]
    public void The_deadline_wakes_the_core_and_a_stale_compare_does_not_wake_it_again()
    {
        using var sim = new Simulator(1);
        var line = new InterruptLine(sim, "irq");
        var source = sim.CreateSignal("source");
        line.Connect(source);
        sim.Schedule(1_000, _ => source.Set(), null);
        var wakes = new List<long>();
        SimHarness.RunOnCore(sim, async () =>
        {
            await line.WaitAsync(5_000);
            wakes.Add(sim.Now);

            // An earlier deadline re-arms; the compare still pending for 5,000 is then stale.
            await line.WaitAsync(2_000);
            wakes.Add(sim.Now);
            await line.WaitAsync(9_000);
            wakes.Add(sim.Now);
        });

        Assert.Equal([1_000L, 2_000L, 9_000L], wakes);
        Assert.Equal(2, line.CompareWakes);
    }

    [Fact]
    public void A_source_set_while_the_core_is_busy_latches_and_a_passed_deadline_still_yields()
    {
        using var sim = new Simulator(1);
        var line = new InterruptLine(sim, "irq");
        var source = sim.CreateSignal("source");
        line.Connect(source);
        var events = new List<string>();
        SimHarness.RunOnCore(sim, async () =>
        {
            sim.Schedule(0, _ => events.Add("other core"), null);
            source.Set();
            await line.WaitAsync(long.MaxValue);
            events.Add("latched wake at " + sim.Now);
            await line.WaitAsync(0);
            events.Add("passed deadline at " + sim.Now);
        });

        Assert.Equal(["latched wake at 0", "other core", "passed deadline at 0"], events);
    }

    [Fact]
    public void Routing_that_would_make_a_loop_is_refused()
    {
        using var sim = new Simulator(1);
        var a = sim.CreateSignal("a");
        var b = sim.CreateSignal("b");
        var c = sim.CreateSignal("c");
        a.Route(b);
        b.Route(c);

        Assert.Throws<ArgumentException>(() => c.Route(a));
        Assert.Throws<ArgumentException>(() => a.Route(a));
        var woken = 0;
        SimHarness.RunOnCore(sim, async () =>
        {
            sim.Schedule(10, _ => a.Set(), null);
            await c.WaitAsync();
            woken++;
        });
        Assert.Equal(1, woken);
    }
}
