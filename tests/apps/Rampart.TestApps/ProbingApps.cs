using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;

namespace Rampart.TestApps;

/// <summary>
/// Tries to reach memory that is not its own and reports each answer (tag, error code):
/// 40 allow past the break, 41 allow into the grant region, 42 negative offset, 43 overflowing
/// length, 44 command to an unknown driver, 45 memory span length (its break), 46 echo into too
/// small a buffer, 47 a command the filter forbids.
/// </summary>
public sealed class SnoopApp : IApp
{
    /// <inheritdoc />
    public Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var memory = syscalls.Memory.Length;
        Probe.Report(syscalls, 40, syscalls.AllowReadOnly(Probe.Echo, 0, new AppSlice(memory - 8, 16)));
        Probe.Report(syscalls, 41, syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(4090, 4)));
        Probe.Report(syscalls, 42, syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(-4, 8)));
        Probe.Report(syscalls, 43, syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(8, int.MaxValue)));
        Probe.Report(syscalls, 44, syscalls.Command(0x00DE_AD00, 0, 0, 0));
        Probe.Report(syscalls, 45, (uint)memory);
        syscalls.AllowReadOnly(Probe.Echo, 0, new AppSlice(0, 32));
        syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(64, 8));
        Probe.Report(syscalls, 46, syscalls.Command(Probe.Echo, 1, 32, 0));
        Probe.Report(syscalls, 47, syscalls.Command(Probe.Echo, 2, 0, 0));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Grows its break until memory runs out, then asks the echo capsule for work, whose grant no
/// longer fits: reports 50 sbrk outcome, 51 echo outcome, then keeps running (tag 52 each round).
/// </summary>
public sealed class GreedyApp : IApp
{
    /// <inheritdoc />
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var end = syscalls.Memop(MemopOperation.MemoryEnd, 0).R1;
        syscalls.Memop(MemopOperation.Brk, end);
        Probe.Report(syscalls, 50, syscalls.Memop(MemopOperation.Sbrk, 1));
        syscalls.AllowReadOnly(Probe.Echo, 0, new AppSlice(0, 8));
        syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(8, 8));
        Probe.Report(syscalls, 51, syscalls.Command(Probe.Echo, 1, 8, 0));
        for (uint i = 0; i < 3; i++)
        {
            await syscalls.YieldAsync();
            Probe.Report(syscalls, 52, i);
        }
    }
}

/// <summary>
/// Cancels an awaited echo before its upcall is delivered and reports what was undone:
/// 60 result error, 61 previous upcall after cancel (1 = still subscribed), 62 read-only buffer
/// still allowed (its length), 63 upcalls dropped by a flood (echo refusals).
/// </summary>
public sealed class CancellingApp : IApp
{
    /// <inheritdoc />
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        using var cancel = new CancellationTokenSource();
        var operation = syscalls.CommandAsync(Probe.Echo, 1, 4, 0, 0, new AppSlice(0, 4), new AppSlice(16, 4), cancel.Token);
        cancel.Cancel();
        var result = await operation;
        Probe.Report(syscalls, 60, result.IsSuccess ? 0 : (uint)result.Error!.Value);
        var swapped = syscalls.Subscribe(Probe.Echo, 0, null);
        Probe.Report(syscalls, 61, swapped.Previous is null ? 0u : 1u);
        var allow = syscalls.AllowReadOnly(Probe.Echo, 0, AppSlice.Empty);
        Probe.Report(syscalls, 62, (uint)allow.Previous.Length);

        syscalls.AllowReadOnly(Probe.Echo, 0, new AppSlice(0, 4));
        syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(16, 4));
        uint refused = 0;
        for (var i = 0; i < 12; i++)
        {
            if (!syscalls.Command(Probe.Echo, 1, 4, 0).IsSuccess)
            {
                refused++;
            }
        }

        Probe.Report(syscalls, 63, refused);
    }
}

/// <summary>Exits with completion code 7 through the Exit syscall, then tries another syscall.</summary>
public sealed class ExitingApp : IApp
{
    /// <inheritdoc />
    public Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        syscalls.Exit(ExitKind.Terminate, 7);
        Probe.Report(syscalls, 70, 1);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Exercises the three yields: 80 the echo length handed over by yield-wait-for, 81 the echo count
/// seen by a subscribed upcall delivered by yield no-wait, 82 whether a second no-wait found anything.
/// </summary>
public sealed class YieldingApp : IApp
{
    /// <inheritdoc />
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        syscalls.AllowReadOnly(Probe.Echo, 0, new AppSlice(0, 4));
        syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(16, 4));
        syscalls.Command(Probe.Echo, 1, 4, 0);
        var handed = await syscalls.WaitFor(Probe.Echo, 0);
        Probe.Report(syscalls, 80, handed.IsSuccess ? handed.Args.Arg0 : 999);

        uint seen = 0;
        syscalls.Subscribe(Probe.Echo, 0, args => seen = args.Arg1);
        syscalls.Command(Probe.Echo, 1, 4, 0);
        var delivered = syscalls.Yield();
        Probe.Report(syscalls, 81, delivered ? seen : 999);
        Probe.Report(syscalls, 82, syscalls.Yield() ? 1u : 0u);
    }
}
