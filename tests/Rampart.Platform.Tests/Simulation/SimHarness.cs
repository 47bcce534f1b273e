using System.Runtime.ExceptionServices;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Tests.Simulation;

/// <summary>Runs test code as firmware on a simulated core and surfaces its failures.</summary>
internal static class SimHarness
{
    internal static void RunOnCore(Simulator simulator, Func<Task> body, string name = "bmc")
    {
        var core = simulator.CreateCore(name);
        core.Start(body);
        simulator.RunUntilIdle(10_000_000);
        if (core.State == SimCoreState.Faulted)
        {
            ExceptionDispatchInfo.Capture(core.Fault!).Throw();
        }

        Assert.Equal(SimCoreState.Completed, core.State);
    }
}
