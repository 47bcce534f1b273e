using System.Collections.Concurrent;
using System.Diagnostics;
using Rampart.Hal.Time;

namespace Rampart.Platform.Simulation;

/// <summary>Settings of a <see cref="Simulator"/>.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Most trace entries kept.</summary>
    public int TraceCapacity { get; init; } = 1_000_000;

    /// <summary>Whether the trace records at all (benchmarks turn it off).</summary>
    public bool TraceEnabled { get; init; } = true;
}

/// <summary>
/// The discrete-event simulator at the heart of the virtual chip. Time is virtual (one tick
/// is one nanosecond, a <see cref="long"/>); events run in time order, ties in insertion
/// order; every random choice comes from <see cref="Random"/>, seeded. So the same seed and
/// inputs give the same event order and the same trace bytes. Cores are cooperative
/// (<see cref="SimCore"/>); peripherals schedule events. <see cref="RunRealTime"/> paces
/// virtual time to the wall clock for sessions with real peers, who inject work through
/// the thread-safe <see cref="Post"/>.
/// </summary>
public sealed class Simulator : IClock, IChipTimer, IDisposable
{
    private readonly PriorityQueue<ScheduledEvent, EventKey> _queue = new();
    private readonly ConcurrentQueue<Action> _external = new();
    private readonly AutoResetEvent _externalArrived = new(false);
    private readonly Dictionary<Type, object> _promisePools = [];
    private readonly Stack<List<SimPromise<bool>>> _waiterLists = new();
    private readonly List<SimCore> _cores = [];
    private long _sequence;
    private int _schedulerThread;

    /// <summary>Creates a simulator at time zero.</summary>
    public Simulator(ulong seed, SimulatorOptions? options = null)
    {
        options ??= new SimulatorOptions();
        Seed = seed;
        Random = new SimRandom(seed);
        Trace = new EventTrace(() => Now, options.TraceCapacity) { Enabled = options.TraceEnabled };
        _schedulerThread = Environment.CurrentManagedThreadId;
    }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; }

    /// <summary>Virtual time in nanoseconds.</summary>
    public long Now { get; private set; }

    /// <summary>The deterministic random source for simulation choices.</summary>
    public SimRandom Random { get; }

    /// <summary>The event trace.</summary>
    public EventTrace Trace { get; }

    /// <summary>Events executed so far.</summary>
    public long EventsExecuted { get; private set; }

    /// <summary>Events waiting.</summary>
    public int PendingEvents => _queue.Count;

    /// <summary>The cores created so far.</summary>
    public IReadOnlyList<SimCore> Cores => _cores;

    /// <summary>Creates a core named <paramref name="name"/>.</summary>
    public SimCore CreateCore(string name)
    {
        var core = new SimCore(this, name);
        _cores.Add(core);
        return core;
    }

    /// <summary>Creates a wake-up signal.</summary>
    public SimSignal CreateSignal(string name) => new(this, name);

    /// <summary>Schedules <paramref name="callback"/> after <paramref name="delay"/> ns (on <paramref name="core"/> if given).</summary>
    public void Schedule(long delay, SendOrPostCallback callback, object? state, SimCore? core = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delay);
        ScheduleAt(checked(Now + delay), callback, state, core);
    }

    /// <summary>Schedules <paramref name="callback"/> at absolute time <paramref name="time"/> (not in the past).</summary>
    public void ScheduleAt(long time, SendOrPostCallback callback, object? state, SimCore? core = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfLessThan(time, Now);
        _queue.Enqueue(new ScheduledEvent(callback, state, core), new EventKey(time, _sequence++));
    }

    /// <inheritdoc/>
    public ValueTask Delay(long nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanoseconds);
        return DelayUntil(Now + nanoseconds);
    }

    /// <inheritdoc/>
    public ValueTask DelayUntil(long deadline)
    {
        var promise = RentPromise<bool>();
        ScheduleAt(Math.Max(deadline, Now), static p => ((SimPromise<bool>)p!).SetResult(true), promise);
        return promise.UntypedTask;
    }

    /// <summary>Runs the next event; false if none is left.</summary>
    public bool Step()
    {
        DrainExternal();
        if (!_queue.TryDequeue(out var ev, out var key))
        {
            return false;
        }

        Now = key.Time;
        Execute(ev);
        return true;
    }

    /// <summary>Runs until no event is left or <paramref name="maxEvents"/> ran; returns the count run.</summary>
    public long RunUntilIdle(long maxEvents = long.MaxValue)
    {
        long count = 0;
        while (count < maxEvents && Step())
        {
            count++;
        }

        return count;
    }

    /// <summary>Runs every event up to and including <paramref name="time"/>, then sets the clock to it.</summary>
    public void RunUntil(long time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(time, Now);
        while (true)
        {
            DrainExternal();
            if (!_queue.TryPeek(out _, out var key) || key.Time > time)
            {
                break;
            }

            Step();
        }

        Now = time;
    }

    /// <summary>Runs for <paramref name="duration"/> ns of virtual time.</summary>
    public void RunFor(long duration) => RunUntil(checked(Now + duration));

    /// <summary>
    /// Thread-safe: queues <paramref name="action"/> to run on the scheduler at the current
    /// virtual time (how real peers and sockets feed a real-time run).
    /// </summary>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _external.Enqueue(action);
        _externalArrived.Set();
    }

    /// <summary>
    /// Real-time mode: runs for <paramref name="duration"/> ns of virtual time, executing each
    /// event no earlier than its wall-clock moment (virtual time × <paramref name="scale"/> =
    /// wall time), and running <see cref="Post"/>ed work as it arrives.
    /// </summary>
    public void RunRealTime(long duration, CancellationToken cancellationToken = default, double scale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(duration);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        var start = Now;
        var end = checked(start + duration);
        var wall = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            var wallVirtual = start + (long)(wall.Elapsed.Ticks * 100 / scale);
            var hasNext = _queue.TryPeek(out _, out var key);
            if (hasNext && key.Time <= Math.Min(wallVirtual, end))
            {
                Step();
                continue;
            }

            // Nothing is due: the clock follows the wall clock, and posted work runs at that moment.
            Now = Math.Max(Now, Math.Min(wallVirtual, end));
            if (!_external.IsEmpty)
            {
                DrainExternal();
                continue;
            }

            if (wallVirtual >= end)
            {
                return;
            }

            var nextDue = hasNext ? Math.Min(key.Time, end) : end;
            var waitTicks = (long)((nextDue - wallVirtual) * scale / 100);
            _externalArrived.WaitOne(TimeSpan.FromTicks(Math.Clamp(waitTicks, 0, TimeSpan.TicksPerSecond)));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _externalArrived.Dispose();

    internal SimPromise<T> RentPromise<T>()
    {
        if (!_promisePools.TryGetValue(typeof(T), out var pool))
        {
            pool = new Stack<SimPromise<T>>();
            _promisePools.Add(typeof(T), pool);
        }

        return SimPromise<T>.Rent((Stack<SimPromise<T>>)pool);
    }

    internal List<SimPromise<bool>> BorrowWaiterList() => _waiterLists.TryPop(out var list) ? list : [];

    internal void ReturnWaiterList(List<SimPromise<bool>> list)
    {
        list.Clear();
        _waiterLists.Push(list);
    }

    internal void PostToCore(SimCore core, SendOrPostCallback callback, object? state)
    {
        if (Environment.CurrentManagedThreadId == _schedulerThread)
        {
            Schedule(0, callback, state, core);
        }
        else
        {
            PostFromOtherThread(core, callback, state);
        }
    }

    // Apart from PostToCore so the closure is only allocated on this rare path, not on every post.
    private void PostFromOtherThread(SimCore core, SendOrPostCallback callback, object? state) =>
        Post(() => Schedule(0, callback, state, core));

    private void DrainExternal()
    {
        while (_external.TryDequeue(out var action))
        {
            action();
        }
    }

    private void Execute(ScheduledEvent ev)
    {
        EventsExecuted++;
        _schedulerThread = Environment.CurrentManagedThreadId;
        if (ev.Core is null)
        {
            ev.Callback(ev.State);
        }
        else
        {
            ev.Core.Run(ev.Callback, ev.State);
        }
    }

    private readonly record struct ScheduledEvent(SendOrPostCallback Callback, object? State, SimCore? Core);

    private readonly record struct EventKey(long Time, long Sequence) : IComparable<EventKey>
    {
        public int CompareTo(EventKey other)
        {
            var byTime = Time.CompareTo(other.Time);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}
