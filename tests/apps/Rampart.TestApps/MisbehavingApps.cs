using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;

namespace Rampart.TestApps;

/// <summary>Throws as soon as it starts, every generation.</summary>
public sealed class ThrowingApp : IApp
{
    /// <inheritdoc />
    public Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        Probe.Report(syscalls, 10, syscalls.Generation);
        throw new InvalidOperationException("generation " + syscalls.Generation + " gives up");
    }
}

/// <summary>Spins in <c>while (true) { }</c>.</summary>
public sealed class SpinnerApp : IApp
{
    /// <inheritdoc />
    public Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        Probe.Report(syscalls, 20, syscalls.Generation);
        Spin();
        return Task.CompletedTask;
    }

    private static void Spin()
    {
        while (true)
        {
        }
    }
}

/// <summary>Spins, catching every exception — including the watchdog's — and spinning again.</summary>
public sealed class StubbornSpinnerApp : IApp
{
    /// <inheritdoc />
    public Task RunAsync(ISyscalls syscalls)
    {
        var turns = 0;
        while (true)
        {
            try
            {
                while (true)
                {
                    turns++;
                }
            }
            catch (Exception)
            {
                turns = -turns;
            }
        }
    }
}

/// <summary>Recurses a million deep.</summary>
public sealed class RecursionApp : IApp
{
    /// <inheritdoc />
    public Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        Probe.Report(syscalls, 30, (uint)Down(1_000_000));
        return Task.CompletedTask;
    }

    private static int Down(int n) => n == 0 ? 0 : 1 + Down(n - 1);
}

/// <summary>The demo's misbehaving app: its first generation throws, later ones spin forever.</summary>
public sealed class ThrowThenSpinApp : IApp
{
    /// <inheritdoc />
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        // Isolation probes: memory beyond its break, and the kernel's grant region, are refused.
        var beyond = syscalls.AllowReadOnly(Probe.Echo, 0, new AppSlice(syscalls.Memory.Length, 16));
        var grants = syscalls.AllowReadWrite(Probe.Echo, 0, new AppSlice(4000, 16));
        Probe.Log(syscalls, $"intruder: allow past my memory -> {beyond.Error}, allow into the grant region -> {grants.Error}");
        await syscalls.YieldAsync();
        if (syscalls.Generation == 0)
        {
            throw new InvalidOperationException("the intruder crashes on purpose");
        }

        Probe.Log(syscalls, "intruder: now spinning forever");
        Spin();
    }

    private static void Spin()
    {
        var x = 0;
        while (true)
        {
            x++;
        }
    }
}
