namespace Rampart.Platform.Simulation;

/// <summary>
/// A wake-up line between simulated hardware and firmware: <see cref="Set"/> wakes every
/// current waiter, or, when nobody waits, latches so the next <see cref="WaitAsync"/> returns
/// at once. Firmware re-checks its condition after waking (level semantics live in registers).
/// </summary>
public sealed class SimSignal
{
    private readonly Simulator _simulator;
    private readonly List<SimPromise<bool>> _waiters = [];
    private SimSignal[] _routes = [];
    private bool _latched;

    internal SimSignal(Simulator simulator, string name)
    {
        _simulator = simulator;
        Name = name;
    }

    /// <summary>The signal's name (for traces).</summary>
    public string Name { get; }

    /// <summary>
    /// Routes this signal to <paramref name="line"/> as well: every <see cref="Set"/> of this one
    /// then also sets <paramref name="line"/> (a peripheral's request wired into an interrupt line).
    /// </summary>
    public void Route(SimSignal line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Reaches(this))
        {
            throw new ArgumentException($"routing {Name} to {line.Name} would make a loop", nameof(line));
        }

        _routes = [.. _routes, line];
    }

    /// <summary>Wakes all waiters, or latches if there are none; then sets the lines this signal is routed to.</summary>
    public void Set()
    {
        SetOwn();
        foreach (var line in _routes)
        {
            line.Set();
        }
    }

    /// <summary>Clears a pending latch (a new operation starts; an old completion must not count).</summary>
    public void Reset() => _latched = false;

    /// <summary>Completes at the next <see cref="Set"/> (or at once if latched, clearing the latch).</summary>
    public ValueTask WaitAsync()
    {
        if (_latched)
        {
            _latched = false;
            return ValueTask.CompletedTask;
        }

        var promise = _simulator.RentPromise<bool>();
        _waiters.Add(promise);
        return promise.UntypedTask;
    }

    private bool Reaches(SimSignal target) => this == target || _routes.Any(r => r.Reaches(target));

    private void SetOwn()
    {
        if (_waiters.Count == 0)
        {
            _latched = true;
            return;
        }

        // Complete a snapshot: a woken waiter may wait again while we iterate.
        var count = _waiters.Count;
        var snapshot = _simulator.BorrowWaiterList();
        snapshot.AddRange(_waiters);
        _waiters.Clear();
        for (var i = 0; i < count; i++)
        {
            snapshot[i].SetResult(true);
        }

        _simulator.ReturnWaiterList(snapshot);
    }
}
