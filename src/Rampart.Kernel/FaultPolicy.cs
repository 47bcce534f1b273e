namespace Rampart.Kernel;

/// <summary>What the kernel does when a process faults (Tock kernel/src/process_policies.rs).</summary>
public enum FaultPolicyKind
{
    /// <summary>The whole kernel panics (stops scheduling everything).</summary>
    Panic = 1,

    /// <summary>The process stops and stays stopped.</summary>
    Stop = 2,

    /// <summary>The process is restarted every time.</summary>
    Restart = 3,

    /// <summary>Restarted up to a threshold of restarts, then stopped.</summary>
    ThresholdRestart = 4,

    /// <summary>Restarted up to a threshold of restarts, then the kernel panics.</summary>
    ThresholdRestartThenPanic = 5,
}

/// <summary>A fault policy with its threshold.</summary>
/// <param name="Kind">The policy.</param>
/// <param name="Threshold">Restarts allowed for the threshold policies.</param>
public sealed record FaultPolicy(FaultPolicyKind Kind, int Threshold)
{
    /// <summary>Panic the kernel.</summary>
    public static FaultPolicy Panic { get; } = new(FaultPolicyKind.Panic, 0);

    /// <summary>Stop the process.</summary>
    public static FaultPolicy Stop { get; } = new(FaultPolicyKind.Stop, 0);

    /// <summary>Always restart.</summary>
    public static FaultPolicy Restart { get; } = new(FaultPolicyKind.Restart, 0);

    /// <summary>Restart at most <paramref name="restarts"/> times, then stop.</summary>
    public static FaultPolicy ThresholdRestart(int restarts) => new(FaultPolicyKind.ThresholdRestart, NonNegative(restarts));

    /// <summary>Restart at most <paramref name="restarts"/> times, then panic.</summary>
    public static FaultPolicy ThresholdRestartThenPanic(int restarts) => new(FaultPolicyKind.ThresholdRestartThenPanic, NonNegative(restarts));

    /// <summary>The action for a process that has already been restarted <paramref name="restarts"/> times.</summary>
    public FaultAction Decide(int restarts) => Kind switch
    {
        FaultPolicyKind.Panic => FaultAction.Panic,
        FaultPolicyKind.Stop => FaultAction.Stop,
        FaultPolicyKind.Restart => FaultAction.Restart,
        FaultPolicyKind.ThresholdRestart => restarts < Threshold ? FaultAction.Restart : FaultAction.Stop,
        FaultPolicyKind.ThresholdRestartThenPanic => restarts < Threshold ? FaultAction.Restart : FaultAction.Panic,
        _ => FaultAction.Stop,
    };

    /// <inheritdoc />
    public override string ToString() => Kind is FaultPolicyKind.ThresholdRestart or FaultPolicyKind.ThresholdRestartThenPanic
        ? $"{Kind}({Threshold})"
        : Kind.ToString();

    private static int NonNegative(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return value;
    }
}

/// <summary>What a fault policy decided.</summary>
public enum FaultAction
{
    /// <summary>Panic the kernel.</summary>
    Panic = 1,

    /// <summary>Stop the process.</summary>
    Stop = 2,

    /// <summary>Restart the process.</summary>
    Restart = 3,
}
