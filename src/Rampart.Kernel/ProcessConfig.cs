using Rampart.Hal.CoreControl;

namespace Rampart.Kernel;

/// <summary>How a board describes one app to the kernel.</summary>
/// <param name="Name">A display name.</param>
/// <param name="Image">The app assembly's bytes; each start loads them into a fresh context.</param>
/// <param name="EntryType">The full name of the app's <c>IApp</c> type.</param>
/// <param name="Policy">What happens on a fault.</param>
public sealed record ProcessConfig(string Name, ReadOnlyMemory<byte> Image, string EntryType, FaultPolicy Policy)
{
    /// <summary>Size of the process memory arena (app memory below the break, grants from the top).</summary>
    public int MemorySize { get; init; } = 4096;

    /// <summary>The initial break: bytes the app can reach at start.</summary>
    public int InitialBreak { get; init; } = 2048;

    /// <summary>The syscall filter.</summary>
    public SyscallFilter Permissions { get; init; } = SyscallFilter.AllowAll;

    /// <summary>Loader limits (depth limit, image size).</summary>
    public AppLoadLimits Limits { get; init; } = AppLoadLimits.Default;
}

/// <summary>A process's scheduling state.</summary>
public enum ProcessState
{
    /// <summary>Has work to run or is waiting for upcalls.</summary>
    Running = 1,

    /// <summary>Exited by itself (Exit syscall or its main task finished).</summary>
    Terminated = 2,

    /// <summary>Faulted and stopped by its policy; it never runs again.</summary>
    Faulted = 3,
}

/// <summary>A snapshot of a process for boards, tests and the demo.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Id">Current identity.</param>
/// <param name="State">Scheduling state.</param>
/// <param name="Generation">Restarts so far.</param>
/// <param name="Faults">Faults so far.</param>
/// <param name="LastFault">The most recent fault, as data.</param>
/// <param name="FuelUsed">Fuel consumed over all generations (CPU use).</param>
/// <param name="DroppedUpcalls">Upcalls dropped because the queue was full.</param>
/// <param name="Syscalls">System calls made over all generations.</param>
/// <param name="CompletionCode">The exit completion code, when terminated.</param>
public sealed record ProcessInfo(
    string Name,
    ProcessId Id,
    ProcessState State,
    int Generation,
    int Faults,
    ProcessFault? LastFault,
    long FuelUsed,
    long DroppedUpcalls,
    long Syscalls,
    uint CompletionCode);
