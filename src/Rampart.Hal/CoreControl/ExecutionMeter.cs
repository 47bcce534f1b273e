using System.Runtime.CompilerServices;

namespace Rampart.Hal.CoreControl;

/// <summary>
/// The per-app watchdog counters the code loader wires into instrumented app IL (KERNEL.md,
/// "runaway loops and deep recursion"). Every backward branch calls <see cref="Tick"/>, every
/// method entry <see cref="Enter"/> and its <c>finally</c> <see cref="Exit"/>. One meter per
/// loaded app, never <c>[ThreadStatic]</c>: continuations after an <c>await</c> run elsewhere.
/// Once tripped the meter stays tripped until the kernel calls <see cref="Refuel"/>, so an app
/// that catches the fault cannot keep running: its next tick or call throws again.
/// Apps cannot name this type: the loader refuses references to <c>Rampart.Hal.CoreControl</c>.
/// </summary>
public sealed class ExecutionMeter
{
    private long _fuel;
    private int _depth;
    private int _maxDepth;
    private ExecutionBudget _tripped;

    /// <summary>Creates a meter with no fuel; the kernel refuels it before each entry into app code.</summary>
    public ExecutionMeter(int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        _maxDepth = maxDepth;
    }

    /// <summary>Fuel left in the current slice.</summary>
    public long Fuel => _fuel;

    /// <summary>Instrumented frames currently on the stack.</summary>
    public int Depth => _depth;

    /// <summary>The deepest allowed nesting of instrumented methods.</summary>
    public int MaxDepth => _maxDepth;

    /// <summary>Ticks consumed since the meter was created (monotonic; shows whether an app still uses CPU).</summary>
    public long TotalTicks { get; private set; }

    /// <summary>Which budget ran out, or <see cref="ExecutionBudget.None"/>.</summary>
    public ExecutionBudget Tripped => _tripped;

    /// <summary>Starts a new slice: sets the fuel, clears the depth and the tripped state.</summary>
    public void Refuel(long fuel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fuel);
        _fuel = fuel;
        _depth = 0;
        _tripped = ExecutionBudget.None;
    }

    /// <summary>Empties the meter so any further app code faults at once (used when a process stops).</summary>
    public void Drain()
    {
        _fuel = 0;
        _tripped = ExecutionBudget.Fuel;
    }

    /// <summary>Changes the depth limit (kernel configuration).</summary>
    public void SetMaxDepth(int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        _maxDepth = maxDepth;
    }

    /// <summary>Called by instrumented code on every backward branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tick()
    {
        TotalTicks++;
        if (--_fuel < 0)
        {
            TripFuel();
        }
    }

    /// <summary>Called by instrumented code on method entry, before its protected body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        if (_depth >= _maxDepth || _tripped != ExecutionBudget.None)
        {
            TripDepth();
        }

        _depth++;
    }

    /// <summary>Called by instrumented code in the <c>finally</c> around each method body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit()
    {
        if (_depth > 0)
        {
            _depth--;
        }
    }

    /// <summary>
    /// Called by instrumented code instead of an awaiter's <c>GetResult</c> on an incomplete task:
    /// waiting would block the kernel's one thread, so the app faults (docs/decisions/0160-kernel-cooperative-syscalls.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Blocked()
    {
        _fuel = 0;
        _tripped = ExecutionBudget.Fuel;
        throw new ExecutionBudgetExceededException(ExecutionBudget.Fuel, "the app waited for an incomplete task, which would block the kernel");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void TripFuel()
    {
        _fuel = 0;
        _tripped = ExecutionBudget.Fuel;
        throw new ExecutionBudgetExceededException(ExecutionBudget.Fuel, "the app ran out of fuel (watchdog)");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void TripDepth()
    {
        if (_tripped == ExecutionBudget.None)
        {
            _tripped = ExecutionBudget.Depth;
        }

        throw new ExecutionBudgetExceededException(_tripped, _tripped == ExecutionBudget.Depth
            ? $"the app nested calls deeper than {_maxDepth}"
            : "the app ran out of fuel (watchdog)");
    }
}

/// <summary>Which execution budget an app exhausted.</summary>
public enum ExecutionBudget
{
    /// <summary>No budget ran out.</summary>
    None = 0,

    /// <summary>The fuel of a slice (backward branches) ran out: a runaway loop.</summary>
    Fuel = 1,

    /// <summary>The call depth limit was reached: runaway recursion.</summary>
    Depth = 2,
}

/// <summary>Thrown into app code when its meter trips; the kernel turns it into a fault.</summary>
public sealed class ExecutionBudgetExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExecutionBudgetExceededException(ExecutionBudget budget, string message)
        : base(message)
    {
        Budget = budget;
    }

    /// <summary>Creates the exception (serialization-style constructors are not needed).</summary>
    public ExecutionBudgetExceededException()
        : this(ExecutionBudget.None, "execution budget exceeded")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExecutionBudgetExceededException(string message)
        : this(ExecutionBudget.None, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExecutionBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Which budget ran out.</summary>
    public ExecutionBudget Budget { get; }
}
