using Rampart.Hal.CoreControl;
using Rampart.Kernel.Abi;
using Rampart.Platform.Loading;

namespace Rampart.Kernel.Tests;

public sealed class AbiTests
{
    [Theory]
    [InlineData(ReturnVariant.Failure, 0)]
    [InlineData(ReturnVariant.FailureU32, 1)]
    [InlineData(ReturnVariant.FailureU32U32, 2)]
    [InlineData(ReturnVariant.FailureU64, 3)]
    [InlineData(ReturnVariant.Success, 128)]
    [InlineData(ReturnVariant.SuccessU32, 129)]
    [InlineData(ReturnVariant.SuccessU32U32, 130)]
    [InlineData(ReturnVariant.SuccessU64, 131)]
    [InlineData(ReturnVariant.SuccessU32U32U32, 132)]
    [InlineData(ReturnVariant.SuccessU32U64, 133)]
    public void Return_variants_have_Tocks_numbers(ReturnVariant variant, byte number) => Assert.Equal(number, (byte)variant);

    [Theory]
    [InlineData(ErrorCode.Fail, 1)]
    [InlineData(ErrorCode.Busy, 2)]
    [InlineData(ErrorCode.Already, 3)]
    [InlineData(ErrorCode.Off, 4)]
    [InlineData(ErrorCode.Reserve, 5)]
    [InlineData(ErrorCode.Invalid, 6)]
    [InlineData(ErrorCode.Size, 7)]
    [InlineData(ErrorCode.Cancel, 8)]
    [InlineData(ErrorCode.NoMemory, 9)]
    [InlineData(ErrorCode.NoSupport, 10)]
    [InlineData(ErrorCode.NoDevice, 11)]
    [InlineData(ErrorCode.Uninstalled, 12)]
    [InlineData(ErrorCode.NoAck, 13)]
    public void Error_codes_have_Tocks_numbers(ErrorCode code, uint number) => Assert.Equal(number, (uint)code);

    [Fact]
    public void Sixty_four_bit_values_split_low_word_first()
    {
        var u64 = SyscallReturn.SuccessU64(0x1122_3344_5566_7788);
        Assert.Equal((0x5566_7788u, 0x1122_3344u), (u64.R1, u64.R2));
        Assert.Equal(0x1122_3344_5566_7788UL, u64.U64);

        var u32u64 = SyscallReturn.SuccessU32U64(9, 0xAABB_CCDD_0011_2233);
        Assert.Equal((9u, 0x0011_2233u, 0xAABB_CCDDu), (u32u64.R1, u32u64.R2, u32u64.R3));
        Assert.Equal(0xAABB_CCDD_0011_2233UL, u32u64.U64);

        var failure = SyscallReturn.FailureU64(ErrorCode.Size, 5);
        Assert.False(failure.IsSuccess);
        Assert.Equal(ErrorCode.Size, failure.Error);
        Assert.Equal(5UL, failure.U64);
    }

    [Theory]
    [InlineData("panic", FaultPolicyKind.Panic, 0, 0, FaultAction.Panic)]
    [InlineData("stop", FaultPolicyKind.Stop, 0, 0, FaultAction.Stop)]
    [InlineData("restart", FaultPolicyKind.Restart, 0, 99, FaultAction.Restart)]
    [InlineData("threshold below", FaultPolicyKind.ThresholdRestart, 2, 1, FaultAction.Restart)]
    [InlineData("threshold reached", FaultPolicyKind.ThresholdRestart, 2, 2, FaultAction.Stop)]
    [InlineData("then panic below", FaultPolicyKind.ThresholdRestartThenPanic, 2, 1, FaultAction.Restart)]
    [InlineData("then panic reached", FaultPolicyKind.ThresholdRestartThenPanic, 2, 2, FaultAction.Panic)]
    public void Fault_policies_decide_by_restarts_so_far(string name, FaultPolicyKind kind, int threshold, int restarts, FaultAction expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, new FaultPolicy(kind, threshold).Decide(restarts));
    }

    [Fact]
    public void The_syscall_filter_checks_driver_and_command_bits()
    {
        var filter = SyscallFilter.Only(new Dictionary<uint, ulong> { [7] = 0b101 });

        Assert.True(filter.AllowsDriver(7));
        Assert.False(filter.AllowsDriver(8));
        Assert.True(filter.AllowsCommand(7, 0));
        Assert.False(filter.AllowsCommand(7, 1));
        Assert.True(filter.AllowsCommand(7, 2));
        Assert.False(filter.AllowsCommand(7, 64));
        Assert.False(filter.AllowsCommand(8, 0));
        Assert.True(SyscallFilter.AllowAll.AllowsCommand(12345, 99));
    }

    [Fact]
    public void A_fault_crosses_the_boundary_as_data()
    {
        var fault = ProcessFault.From(new AggregateException(new ExecutionBudgetExceededException(ExecutionBudget.Depth, "deep")));

        Assert.Equal(FaultKind.DepthExceeded, fault.Kind);
        Assert.Equal(typeof(ExecutionBudgetExceededException).FullName, fault.ExceptionType);
        Assert.Equal("deep", fault.Message);
    }

    [Fact]
    public void The_test_apps_pass_the_load_time_check()
    {
        Assert.Equal(LoadRefusal.None, AppCodeLoader.Check(TestBoard.TestApps));
    }

    [Fact]
    public void Restarting_reuses_the_checked_image_but_not_the_context()
    {
        var loader = new AppCodeLoader();
        Assert.True(loader.TryLoadApp(TestBoard.TestApps, AppLoadLimits.Default, out var first, out _));
        Assert.True(loader.TryLoadApp(TestBoard.TestApps, AppLoadLimits.Default, out var second, out _));

        Assert.NotSame(first!.Meter, second!.Meter);
        Assert.NotSame(first.ContextWitness.Target, second.ContextWitness.Target);
        first.Unload();
        second.Unload();
    }
}
