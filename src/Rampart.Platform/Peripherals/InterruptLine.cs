using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// A core's interrupt line: the peripherals' wake-up signals routed into one, plus a timer
/// compare. The firmware's idle loop sleeps on it (<see cref="WaitAsync"/>, a WFI with a
/// deadline) instead of waiting on each peripheral separately, so one sleep costs one pooled
/// promise whatever the number of sources. Wakes may be spurious (a source set while the core
/// was busy latches the line): firmware re-checks its peripherals after every wake, as on
/// hardware.
/// </summary>
public sealed class InterruptLine
{
    private readonly Simulator _simulator;
    private readonly SimSignal _line;
    private readonly SendOrPostCallback _compare;
    private long _armed = long.MaxValue;

    /// <summary>Creates the line named <paramref name="name"/> on <paramref name="simulator"/>.</summary>
    public InterruptLine(Simulator simulator, string name)
    {
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        _line = simulator.CreateSignal(name);
        _compare = Compare;
    }

    /// <summary>Routes <paramref name="source"/> into this line: every set of it raises the line.</summary>
    public void Connect(SimSignal source)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.Route(_line);
    }

    /// <summary>Timer compares that fired.</summary>
    public long CompareWakes { get; private set; }

    /// <summary>
    /// Completes when a connected source is set (or was set since the last wait), or at
    /// <paramref name="deadline"/> (virtual ns; <see cref="long.MaxValue"/> for none), whichever is first.
    /// </summary>
    public ValueTask WaitAsync(long deadline)
    {
        // A deadline already passed still goes through the scheduler (a compare now), so a firmware
        // loop never spins without letting virtual time and the other cores move.
        deadline = Math.Max(deadline, _simulator.Now);
        // One compare armed at a time: a later deadline waits for the earlier compare to fire (the
        // firmware then sleeps again); an earlier one re-arms, and the stale compare does nothing.
        if (deadline < _armed)
        {
            _armed = deadline;
            _simulator.ScheduleAt(deadline, _compare, null);
        }

        return _line.WaitAsync();
    }

    private void Compare(object? state)
    {
        // A compare armed for a later time than the one now armed is stale (at most one fires per arm).
        if (_simulator.Now != _armed)
        {
            return;
        }

        _armed = long.MaxValue;
        CompareWakes++;
        _line.Set();
    }
}
