using System.Runtime.CompilerServices;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Capsules;

namespace Rampart.Kernel.Tests;

public sealed class IsolationTests
{
    [Fact]
    public void Two_echo_apps_each_get_their_own_bytes_back()
    {
        var board = new TestBoard();
        board.Load("a", "PingApp");
        board.Load("b", "PongApp");
        board.Run();

        Assert.Equal([3u], board.Reports("a", 1));
        Assert.Equal([3u], board.Reports("b", 1));
        Assert.Equal(ProcessState.Terminated, board.Info("a").State);
        Assert.Contains(board.Console.Lines, l => l.Text == "ping from app A: round 3 echoed intact");
        Assert.Contains(board.Console.Lines, l => l.Text == "pong from app B: round 3 echoed intact");
        Assert.DoesNotContain(board.Console.Lines, l => l.Text.Contains("CORRUPTED", StringComparison.Ordinal));
    }

    [Fact]
    public void An_app_cannot_allow_memory_outside_its_own_or_reach_the_kernels()
    {
        var board = new TestBoard();
        board.Load("ping", "PingApp");
        board.Load("snoop", "SnoopApp", permissions: SyscallFilter.Only(new Dictionary<uint, ulong>
        {
            [EchoCapsule.DriverNumber] = 0b011,
            [TestBoard.RecorderDriver] = 0b010,
        }));
        board.Run();

        Assert.Equal([(uint)ErrorCode.Invalid], board.Reports("snoop", 40));
        Assert.Equal([(uint)ErrorCode.Invalid], board.Reports("snoop", 41));
        Assert.Equal([(uint)ErrorCode.Invalid], board.Reports("snoop", 42));
        Assert.Equal([(uint)ErrorCode.Invalid], board.Reports("snoop", 43));
        Assert.Equal([(uint)ErrorCode.NoDevice], board.Reports("snoop", 44));
        Assert.Equal([2048u], board.Reports("snoop", 45));
        Assert.Equal([(uint)ErrorCode.Size], board.Reports("snoop", 46));
        Assert.Equal([(uint)ErrorCode.NoSupport], board.Reports("snoop", 47));
        Assert.Equal([3u], board.Reports("ping", 1));
    }

    [Fact]
    public void A_forged_capability_is_refused()
    {
        var board = new TestBoard();
        var forged = (ProcessManagementCapability)RuntimeHelpers.GetUninitializedObject(typeof(ProcessManagementCapability));
        var config = new ProcessConfig("x", TestBoard.TestApps, "Rampart.TestApps.PingApp", FaultPolicy.Stop);

        Assert.Throws<UnauthorizedAccessException>(() => board.Kernel.TryLoadProcess(config, forged, out _, out _));
        var forgedLoop = (MainLoopCapability)RuntimeHelpers.GetUninitializedObject(typeof(MainLoopCapability));
        Assert.Throws<UnauthorizedAccessException>(() => board.Kernel.Step(forgedLoop));
        var forgedMemory = (MemoryAllocationCapability)RuntimeHelpers.GetUninitializedObject(typeof(MemoryAllocationCapability));
        Assert.Throws<UnauthorizedAccessException>(() => board.Kernel.CreateGrant<object>(5, 8, forgedMemory));
        Assert.Throws<UnauthorizedAccessException>(() => board.Kernel.Step(null!));
        Assert.Empty(board.Kernel.Processes);
    }

    [Fact]
    public void Another_kernels_capability_is_refused()
    {
        var board = new TestBoard();
        var other = new TestBoard();
        var config = new ProcessConfig("x", TestBoard.TestApps, "Rampart.TestApps.PingApp", FaultPolicy.Stop);

        Assert.Throws<UnauthorizedAccessException>(() => board.Kernel.TryLoadProcess(config, other.Capabilities.ProcessManagement, out _, out _));
        Assert.True(board.Kernel.TryLoadProcess(config, board.Capabilities.ProcessManagement, out _, out _));
    }

    [Fact]
    public void An_app_exhausting_its_memory_gets_NOMEM_and_the_others_keep_running()
    {
        var board = new TestBoard();
        board.Load("greedy", "GreedyApp");
        board.Load("ping", "PingApp");
        board.Run();

        Assert.Equal([(uint)ErrorCode.NoMemory], board.Reports("greedy", 50));
        Assert.Equal([(uint)ErrorCode.NoMemory], board.Reports("greedy", 51));
        Assert.Equal([0u, 1u, 2u], board.Reports("greedy", 52));
        Assert.Equal([3u], board.Reports("ping", 1));
        Assert.Equal(ProcessState.Terminated, board.Info("greedy").State);
    }

    [Fact]
    public void Drivers_answer_present_and_unknown_drivers_answer_NODEVICE()
    {
        var board = new TestBoard();
        var id = board.Load("snoop", "SnoopApp");
        board.Run();

        Assert.Equal(ReturnVariant.Success, board.Echo.Command(id, 0, 0, 0).Variant);
        Assert.Equal(ReturnVariant.Success, board.Console.Command(id, 0, 0, 0).Variant);
        Assert.Equal([(uint)ErrorCode.NoDevice], board.Reports("snoop", 44));
    }

    [Fact]
    public void Cancelling_an_await_unsubscribes_and_unallows_and_a_flood_of_upcalls_is_bounded()
    {
        var board = new TestBoard();
        board.Load("cancel", "CancellingApp");
        board.Run();

        Assert.Equal([(uint)ErrorCode.Cancel], board.Reports("cancel", 60));
        Assert.Equal([0u], board.Reports("cancel", 61));
        Assert.Equal([0u], board.Reports("cancel", 62));
        Assert.Equal([2u], board.Reports("cancel", 63));
        Assert.Equal(2, board.Info("cancel").DroppedUpcalls);
    }

    [Fact]
    public void Exit_terminates_with_its_completion_code_and_later_syscalls_fail()
    {
        var board = new TestBoard();
        board.Load("exit", "ExitingApp");
        board.Run();

        var info = board.Info("exit");
        Assert.Equal(ProcessState.Terminated, info.State);
        Assert.Equal(7u, info.CompletionCode);
        Assert.Empty(board.Reports("exit", 70));
    }

    [Fact]
    public void An_ordinary_app_with_lambdas_linq_async_and_span_constants_runs()
    {
        var board = new TestBoard();
        board.Load("ordinary", "OrdinaryApp");
        board.Run();

        // Values 3,1,4,1,5,9,2,6; those above 1 plus 10 each: 89; doubled: 178.
        Assert.Equal([178u], board.Reports("ordinary", 2));
        Assert.Equal(ProcessState.Terminated, board.Info("ordinary").State);
    }

    [Fact]
    public void Yield_wait_for_hands_over_the_upcall_and_yield_no_wait_delivers_one()
    {
        var board = new TestBoard();
        board.Load("yielder", "YieldingApp");
        board.Run();

        Assert.Equal([4u], board.Reports("yielder", 80));
        Assert.Equal([2u], board.Reports("yielder", 81));
        Assert.Equal([0u], board.Reports("yielder", 82));
    }
}
