namespace Rampart.Platform.Simulation;

/// <summary>Lifecycle of a simulated core.</summary>
public enum SimCoreState
{
    /// <summary>Created, not started.</summary>
    Created = 0,

    /// <summary>Started; its firmware task has not finished.</summary>
    Running = 1,

    /// <summary>Its firmware task finished.</summary>
    Completed = 2,

    /// <summary>Its firmware threw; the core stopped, the simulation goes on.</summary>
    Faulted = 3,
}

/// <summary>
/// A processor core as a cooperative task (Caliptra, MCU, BMC agent). Its firmware is an
/// <c>async</c> method; every continuation runs on the scheduler under this core's
/// <see cref="SynchronizationContext"/>, so awaiting a peripheral or a timer hands control
/// back to the discrete-event loop. Cores share nothing but peripherals.
/// </summary>
public sealed class SimCore
{
    private readonly Simulator _simulator;
    private readonly CoreContext _context;

    internal SimCore(Simulator simulator, string name)
    {
        _simulator = simulator;
        Name = name;
        _context = new CoreContext(this);
    }

    /// <summary>The core's name (trace source).</summary>
    public string Name { get; }

    /// <summary>Its state.</summary>
    public SimCoreState State { get; private set; }

    /// <summary>What the firmware threw, if it faulted.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Continuations and callbacks run on this core so far.</summary>
    public long Activations { get; private set; }

    /// <summary>Starts <paramref name="firmware"/> on this core at the current virtual time.</summary>
    public void Start(Func<Task> firmware)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        if (State != SimCoreState.Created)
        {
            throw new InvalidOperationException($"core {Name} was already started");
        }

        State = SimCoreState.Running;
        _simulator.Trace.Record(Name, "core", "start");
        _simulator.Schedule(0, static s => { var (core, body) = ((SimCore, Func<Task>))s!; core.Launch(body); }, (this, firmware), this);
    }

    /// <summary>Schedules <paramref name="callback"/> on this core after <paramref name="delay"/> ns.</summary>
    public void Post(long delay, SendOrPostCallback callback, object? state) => _simulator.Schedule(delay, callback, state, this);

    private void Launch(Func<Task> firmware)
    {
        Task task;
        try
        {
            task = firmware();
        }
        catch (Exception ex)
        {
            Faulted(ex);
            return;
        }

        if (task.IsCompleted)
        {
            Finished(task);
            return;
        }

        // Captures this core's context: the completion is posted back to the scheduler.
        task.GetAwaiter().OnCompleted(() => Finished(task));
    }

    private void Finished(Task task)
    {
        if (task.IsFaulted)
        {
            Faulted(task.Exception!.GetBaseException());
        }
        else if (task.IsCanceled)
        {
            Faulted(new OperationCanceledException($"core {Name} firmware was cancelled"));
        }
        else
        {
            State = SimCoreState.Completed;
            _simulator.Trace.Record(Name, "core", "completed");
        }
    }

    private void Faulted(Exception ex)
    {
        State = SimCoreState.Faulted;
        Fault = ex;
        _simulator.Trace.Record(Name, "core", "fault " + ex.GetType().Name);
    }

    internal void Run(SendOrPostCallback callback, object? state)
    {
        Activations++;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            callback(state);
        }
        catch (Exception ex)
        {
            Faulted(ex);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    internal void PostFromContext(SendOrPostCallback callback, object? state) => _simulator.PostToCore(this, callback, state);

    /// <summary>The context that routes a core's continuations to the scheduler.</summary>
    internal sealed class CoreContext(SimCore core) : SynchronizationContext
    {
        /// <summary>The core whose continuations this context routes.</summary>
        public SimCore Core => core;

        public override void Post(SendOrPostCallback d, object? state) => core.PostFromContext(d, state);

        public override void Send(SendOrPostCallback d, object? state) =>
            throw new NotSupportedException("simulated cores never block on each other");

        public override SynchronizationContext CreateCopy() => this;
    }
}
