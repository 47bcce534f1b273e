using Rampart.Kernel.Abi;

namespace Rampart.Kernel.Tests;

public sealed class FaultTests
{
    [Fact]
    public void A_throwing_app_restarts_up_to_its_threshold_then_stops_and_others_never_notice()
    {
        var board = new TestBoard();
        board.Load("thrower", "ThrowingApp", FaultPolicy.ThresholdRestart(2));
        board.Load("ping", "PingApp");
        board.Run();

        var info = board.Info("thrower");
        Assert.Equal([0u, 1u, 2u], board.Reports("thrower", 10));
        Assert.Equal(ProcessState.Faulted, info.State);
        Assert.Equal(2, info.Generation);
        Assert.Equal(3, info.Faults);
        Assert.Equal(FaultKind.Exception, info.LastFault!.Kind);
        Assert.Equal("System.InvalidOperationException", info.LastFault.ExceptionType);
        Assert.Equal("generation 2 gives up", info.LastFault.Message);
        Assert.Equal([3u], board.Reports("ping", 1));
        Assert.Null(board.Kernel.Panic);
    }

    [Fact]
    public void Threshold_restart_then_panic_panics_the_kernel()
    {
        var board = new TestBoard();
        board.Load("thrower", "ThrowingApp", FaultPolicy.ThresholdRestartThenPanic(1));
        board.Run();

        Assert.Equal([0u, 1u], board.Reports("thrower", 10));
        Assert.NotNull(board.Kernel.Panic);
        Assert.Equal("thrower", board.Kernel.Panic!.Process);
        Assert.False(board.Kernel.Step(board.Capabilities.MainLoop));
    }

    [Fact]
    public void Stop_policy_stops_at_the_first_fault()
    {
        var board = new TestBoard();
        board.Load("thrower", "ThrowingApp", FaultPolicy.Stop);
        board.Run();

        Assert.Equal([0u], board.Reports("thrower", 10));
        Assert.Equal(ProcessState.Faulted, board.Info("thrower").State);
    }

    [Fact]
    public void Restart_policy_keeps_restarting()
    {
        var board = new TestBoard();
        board.Load("thrower", "ThrowingApp", FaultPolicy.Restart);
        board.Run(maxSteps: 6);

        Assert.True(board.Info("thrower").Generation >= 5);
        Assert.Equal(ProcessState.Running, board.Info("thrower").State);
    }

    [Fact]
    public void A_restart_gives_a_new_identity_and_the_stale_one_is_refused()
    {
        var board = new TestBoard();
        var first = board.Load("thrower", "ThrowingApp", FaultPolicy.ThresholdRestart(1));
        board.Kernel.Step(board.Capabilities.MainLoop);

        var second = board.Info("thrower").Id;
        Assert.NotEqual(first, second);
        Assert.Null(board.Kernel.Find(first));
        Assert.Equal(ReturnVariant.Failure, board.Echo.Command(first, 1, 4, 0).Variant);
        Assert.Equal(ErrorCode.Uninstalled, board.Echo.Command(first, 1, 4, 0).Error);
    }

    [Theory]
    [InlineData("spinner", "SpinnerApp", FaultKind.OutOfFuel)]
    [InlineData("stubborn spinner", "StubbornSpinnerApp", FaultKind.OutOfFuel)]
    [InlineData("million-deep recursion", "RecursionApp", FaultKind.DepthExceeded)]
    public void A_runaway_app_is_faulted_stops_using_cpu_and_others_keep_running(string name, string type, FaultKind expected)
    {
        var board = new TestBoard();
        board.Load(name, type, FaultPolicy.Stop);
        board.Load("ping", "PingApp");
        board.Run();

        var info = board.Info(name);
        Assert.Equal(ProcessState.Faulted, info.State);
        Assert.Equal(expected, info.LastFault!.Kind);
        Assert.Equal([3u], board.Reports("ping", 1));

        var used = info.FuelUsed;
        for (var i = 0; i < 10; i++)
        {
            board.Kernel.Step(board.Capabilities.MainLoop);
        }

        Assert.Equal(used, board.Info(name).FuelUsed);
    }

    [Fact]
    public void A_spinner_under_threshold_restart_is_stopped_by_the_watchdog_each_generation()
    {
        var board = new TestBoard(new KernelOptions { SliceFuel = 50_000 });
        board.Load("spinner", "SpinnerApp", FaultPolicy.ThresholdRestart(2));
        board.Run();

        var info = board.Info("spinner");
        Assert.Equal([0u, 1u, 2u], board.Reports("spinner", 20));
        Assert.Equal(ProcessState.Faulted, info.State);
        Assert.Equal(3, info.Faults);
        Assert.InRange(info.FuelUsed, 3 * 50_000, (3 * 50_000) + 3);
    }

    [Fact]
    public void Contexts_of_stopped_and_restarted_apps_are_collected()
    {
        var board = new TestBoard();
        board.Load("thrower", "ThrowingApp", FaultPolicy.ThresholdRestart(2));
        board.Run();

        var retired = board.Kernel.RetiredContexts;
        Assert.Equal(3, retired.Count);
        for (var i = 0; i < 40 && retired.Any(w => w.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.All(retired, w => Assert.False(w.IsAlive));
    }
}
