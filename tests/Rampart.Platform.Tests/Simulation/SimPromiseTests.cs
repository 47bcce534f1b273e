using Rampart.Platform.Simulation;

namespace Rampart.Platform.Tests.Simulation;

/// <summary>How awaiting the simulator's pooled promises resumes firmware (<see cref="SimPromise{T}"/>).</summary>
public sealed class SimPromiseTests
{
    [Fact]
    public void A_completed_promise_resumes_its_core_through_the_scheduler_not_inline()
    {
        using var sim = new Simulator(1);
        var signal = sim.CreateSignal("s");
        var order = new List<string>();
        SimHarness.RunOnCore(sim, async () =>
        {
            sim.Schedule(5, _ =>
            {
                signal.Set();
                order.Add("setter returned");
            }, null);
            await signal.WaitAsync();
            order.Add("core resumed at " + sim.Now);
            Assert.NotNull(SynchronizationContext.Current);
        });

        Assert.Equal(["setter returned", "core resumed at 5"], order);
    }

    [Fact]
    public void Awaiting_promises_on_a_core_allocates_nothing_per_completion()
    {
        using var sim = new Simulator(1);
        const int Rounds = 20_000;
        long allocated = 0;
        SimHarness.RunOnCore(sim, async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await sim.Delay(1);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Rounds; i++)
            {
                await sim.Delay(1);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });

        // The runtime's own scheduling-context path made a delegate and a tuple per completion
        // (over 100 bytes each, 2 MB here); what is left is the queue growing once.
        Assert.True(allocated < Rounds, $"{allocated} bytes for {Rounds} awaits");
    }
}
