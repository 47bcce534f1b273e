namespace Rampart.Kernel;

/// <summary>Scheduling limits of the kernel loop.</summary>
public sealed record KernelOptions
{
    /// <summary>Backward branches an app may take in one slice before the watchdog faults it.</summary>
    public long SliceFuel { get; init; } = 200_000;

    /// <summary>Work items (continuations, upcalls) run for one process in one slice.</summary>
    public int MaxWorkPerSlice { get; init; } = 64;

    /// <summary>Trace events kept; later ones are counted, not stored.</summary>
    public int TraceCapacity { get; init; } = 4096;

    /// <summary>Whether to record trace events at all (benchmarks turn it off).</summary>
    public bool Trace { get; init; } = true;
}

/// <summary>One line of the kernel's deterministic trace.</summary>
/// <param name="Step">The loop step it happened in.</param>
/// <param name="Process">The process name.</param>
/// <param name="Id">The process identity at that moment.</param>
/// <param name="Message">What happened.</param>
public sealed record KernelEvent(long Step, string Process, ProcessId Id, string Message);

/// <summary>A kernel panic: the process whose fault policy said Panic, and the fault.</summary>
/// <param name="Process">The process name.</param>
/// <param name="Fault">Its fault.</param>
public sealed record KernelPanic(string Process, ProcessFault Fault);
