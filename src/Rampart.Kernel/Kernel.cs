using Rampart.Hal.CoreControl;
using Rampart.Kernel.Abi;

namespace Rampart.Kernel;

/// <summary>
/// The Tock-style microkernel (KERNEL.md). Drivers (capsules) are registered under numbers, apps
/// are loaded from bytes by the chip's code loader (<see cref="ICodeLoader"/>; the kernel uses no
/// reflection), and the loop is a step function the board — or the simulator's MCU core — calls:
/// no threads. Every entry into app code (start, continuations, upcalls) runs inside a fault
/// boundary with a refuelled watchdog meter; faults are handled by each process's policy.
/// </summary>
public sealed class Kernel
{
    private readonly object _token = new();
    private readonly ICodeLoader _loader;
    private readonly KernelOptions _options;
    private readonly Dictionary<uint, ISyscallDriver> _drivers = [];
    private readonly List<Process> _processes = [];
    private readonly Dictionary<uint, Process> _byId = [];
    private readonly List<KernelEvent> _events = [];
    private readonly List<WeakReference> _retired = [];
    private uint _nextId = 1;
    private bool _started;

    /// <summary>Creates a kernel; only the caller (the board) receives its capabilities.</summary>
    public Kernel(ICodeLoader loader, KernelOptions? options, out BoardCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _loader = loader;
        _options = options ?? new KernelOptions();
        capabilities = new BoardCapabilities(new MemoryAllocationCapability(_token), new ProcessManagementCapability(_token), new MainLoopCapability(_token));
    }

    /// <summary>Steps run so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Set once a fault policy panicked the kernel; the loop then refuses to run.</summary>
    public KernelPanic? Panic { get; private set; }

    /// <summary>Trace events not stored because the trace was full.</summary>
    public long EventsDropped { get; private set; }

    /// <summary>The trace so far.</summary>
    public IReadOnlyList<KernelEvent> Events => _events;

    /// <summary>Snapshots of all processes, in load order.</summary>
    public IReadOnlyList<ProcessInfo> Processes => _processes.Select(p => p.Snapshot()).ToList();

    /// <summary>Registers a capsule under <paramref name="number"/> (before the loop starts).</summary>
    public void RegisterDriver(uint number, ISyscallDriver driver, MainLoopCapability capability)
    {
        ArgumentNullException.ThrowIfNull(driver);
        Demand(capability);
        if (_started)
        {
            throw new InvalidOperationException("drivers are registered at boot, before the loop starts");
        }

        if (!_drivers.TryAdd(number, driver))
        {
            throw new InvalidOperationException($"driver 0x{number:X} is already registered");
        }
    }

    /// <summary>Creates a grant for <paramref name="driver"/> charging <paramref name="bytes"/> per process (at boot only).</summary>
    public Grant<T> CreateGrant<T>(uint driver, int bytes, MemoryAllocationCapability capability)
        where T : class, new()
    {
        Demand(capability);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (_started)
        {
            throw new InvalidOperationException("grants are created at boot, before the loop starts");
        }

        return new Grant<T>(this, driver, bytes);
    }

    /// <summary>
    /// Asks the code loader to check, instrument and load the app. A refused image creates no
    /// process and none of its code ever runs.
    /// </summary>
    public bool TryLoadProcess(ProcessConfig config, ProcessManagementCapability capability, out ProcessId id, out LoadRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(config);
        Demand(capability);
        if (config.InitialBreak < 0 || config.InitialBreak > config.MemorySize)
        {
            throw new ArgumentException("the initial break must lie inside the memory", nameof(config));
        }

        id = default;
        if (!_loader.TryLoadApp(config.Image.Span, config.Limits, out var code, out refusal))
        {
            Record(config.Name, default, "refused by the loader: " + refusal);
            return false;
        }

        id = new ProcessId(_nextId++);
        var process = new Process(this, config, id) { Code = code };
        _processes.Add(process);
        _byId[id.Value] = process;
        Record(process, "loaded " + code!.Name + " (" + config.Image.Length + " bytes)");
        return true;
    }

    /// <summary>Stops a process as if its policy said Stop.</summary>
    public void StopProcess(ProcessId id, ProcessManagementCapability capability)
    {
        Demand(capability);
        var process = LiveProcess(id);
        if (process is not null)
        {
            process.State = ProcessState.Faulted;
            process.ReleaseGeneration();
            Record(process, "stopped by the board");
        }
    }

    /// <summary>The snapshot of the process named <paramref name="name"/>.</summary>
    public ProcessInfo? Find(string name) => _processes.FirstOrDefault(p => p.Config.Name == name)?.Snapshot();

    /// <summary>The snapshot of the live process whose current identity is <paramref name="id"/> (stale ids find nothing).</summary>
    public ProcessInfo? Find(ProcessId id) => LiveProcess(id)?.Snapshot();

    /// <summary>Weak references to every context a process has left behind (for unload checks).</summary>
    internal IReadOnlyList<WeakReference> RetiredContexts => _retired;

    /// <summary>
    /// One round of the loop: each live process gets a slice (start, posted continuations, upcall
    /// delivery). Returns true if any process did work.
    /// </summary>
    public bool Step(MainLoopCapability capability)
    {
        Demand(capability);
        _started = true;
        if (Panic is not null)
        {
            return false;
        }

        Steps++;
        var worked = false;
        for (var i = 0; i < _processes.Count && Panic is null; i++)
        {
            worked |= RunSlice(_processes[i]);
        }

        return worked;
    }

    /// <summary>Steps until no process has work or <paramref name="maxSteps"/> is reached; returns the steps taken.</summary>
    public int RunUntilIdle(MainLoopCapability capability, int maxSteps)
    {
        var steps = 0;
        while (steps < maxSteps && Step(capability))
        {
            steps++;
        }

        return steps;
    }

    internal Process? LiveProcess(ProcessId id) =>
        _byId.TryGetValue(id.Value, out var process) && process.Id == id && process.IsAlive ? process : null;

    internal void Retire(WeakReference witness)
    {
        if (_retired.Count < _options.TraceCapacity)
        {
            _retired.Add(witness);
        }
    }

    internal ISyscallDriver? Driver(uint number) => _drivers.GetValueOrDefault(number);

    /// <summary>Delivers the first queued upcall to its subscription (skipped if none); true if one was dequeued.</summary>
    internal bool DeliverOneUpcall(Process process)
    {
        if (!process.TryDequeueUpcall(null, out var upcall))
        {
            return false;
        }

        process.Subscription(upcall.Driver, upcall.Number)?.Invoke(upcall.Args);
        return true;
    }

    private bool RunSlice(Process process)
    {
        if (!process.IsAlive || process.Code is not { } code)
        {
            return false;
        }

        var meter = code.Meter;
        meter.Refuel(_options.SliceFuel);
        var worked = false;
        ProcessFault? fault = null;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(process.Context);
        try
        {
            if (!process.Started)
            {
                process.Started = true;
                worked = true;
                fault = Start(process, code);
            }

            for (var i = 0; fault is null && i < _options.MaxWorkPerSlice && process.IsAlive && process.ExitRequest is null; i++)
            {
                if (process.TryTakeWork(out var work))
                {
                    work();
                    worked = true;
                }
                else if (DeliverWaiting(process))
                {
                    worked = true;
                }
                else
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            fault = ProcessFault.From(e);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        process.FuelUsed += _options.SliceFuel - Math.Max(meter.Fuel, 0);
        fault ??= Judge(process, meter);
        if (fault is not null)
        {
            HandleFault(process, fault);
            return true;
        }

        if (process.ExitRequest is { } exit)
        {
            HandleExit(process, exit.Kind, exit.Code);
            return true;
        }

        return worked;
    }

    private ProcessFault? Start(Process process, ILoadedApp code)
    {
        if (!code.TryCreate<IApp>(process.Config.EntryType, out var app, out var refusal))
        {
            return new ProcessFault(FaultKind.LoadFailed, nameof(LoadRefusal), refusal.ToString());
        }

        process.App = app;
        Record(process, process.Generation == 0 ? "started" : $"started (generation {process.Generation})");
        process.MainTask = app!.RunAsync(process.Syscalls);
        return null;
    }

    private static ProcessFault? Judge(Process process, ExecutionMeter meter)
    {
        if (process.MainTask is { IsCompleted: true } main)
        {
            process.MainTask = null;
            if (main.IsFaulted)
            {
                return ProcessFault.From(main.Exception!);
            }

            if (main.IsCanceled)
            {
                return new ProcessFault(FaultKind.Exception, typeof(TaskCanceledException).FullName!, "the app's main task was cancelled");
            }

            if (meter.Tripped == ExecutionBudget.None)
            {
                process.ExitRequest ??= (ExitKind.Terminate, 0);
            }
        }

        if (meter.Tripped != ExecutionBudget.None)
        {
            // The watchdog's exception was caught by the app or captured by one of its tasks;
            // either way the budget stays spent.
            return new ProcessFault(meter.Tripped == ExecutionBudget.Depth ? FaultKind.DepthExceeded : FaultKind.OutOfFuel,
                typeof(ExecutionBudgetExceededException).FullName!,
                meter.Tripped == ExecutionBudget.Depth ? "the app nested calls beyond its depth limit" : "the app ran out of fuel (watchdog)");
        }

        if (process.RunQueueOverflowed)
        {
            return new ProcessFault(FaultKind.RunQueueOverflow, nameof(Process), $"more than {Process.RunQueueCapacity} posted work items");
        }

        return null;
    }

    private bool DeliverWaiting(Process process)
    {
        if (process.WaitFor is { } waitFor)
        {
            if (!process.TryDequeueUpcall((waitFor.Driver, waitFor.Number), out var match))
            {
                return false;
            }

            process.WaitFor = null;
            var continuation = waitFor.Continuation;
            var args = match.Args;
            process.Post(() => continuation(args));
            return true;
        }

        if (!DeliverOneUpcall(process))
        {
            return false;
        }

        if (process.WaitAny is { } waitAny)
        {
            process.WaitAny = null;
            process.Post(waitAny);
        }

        return true;
    }

    private void HandleFault(Process process, ProcessFault fault)
    {
        process.Faults++;
        process.LastFault = fault;
        var action = process.Config.Policy.Decide(process.Generation);
        Record(process, $"fault {fault} -> {action} (policy {process.Config.Policy})");
        switch (action)
        {
            case FaultAction.Restart:
                Restart(process);
                break;
            case FaultAction.Panic:
                process.State = ProcessState.Faulted;
                process.ReleaseGeneration();
                Panic = new KernelPanic(process.Config.Name, fault);
                Record(process, "kernel panic");
                break;
            default:
                process.State = ProcessState.Faulted;
                process.ReleaseGeneration();
                Record(process, "stopped");
                break;
        }
    }

    private void HandleExit(Process process, ExitKind kind, uint completionCode)
    {
        process.CompletionCode = completionCode;
        if (kind == ExitKind.Restart)
        {
            Record(process, $"exit-restart ({completionCode})");
            Restart(process);
            return;
        }

        process.State = ProcessState.Terminated;
        process.ReleaseGeneration();
        Record(process, $"terminated ({completionCode})");
    }

    private void Restart(Process process)
    {
        _byId.Remove(process.Id.Value);
        var id = new ProcessId(_nextId++);
        process.Reset(id, newGeneration: true);
        _byId[id.Value] = process;
        if (!_loader.TryLoadApp(process.Config.Image.Span, process.Config.Limits, out var code, out var refusal))
        {
            process.State = ProcessState.Faulted;
            process.LastFault = new ProcessFault(FaultKind.LoadFailed, nameof(LoadRefusal), refusal.ToString());
            Record(process, "restart refused by the loader: " + refusal);
            return;
        }

        process.Code = code;
        Record(process, "restarted with a new identity and zeroed memory");
    }

    private void Demand(Capability? capability)
    {
        if (capability is null || !capability.IsFrom(_token))
        {
            throw new UnauthorizedAccessException("a forged capability, or one of another kernel, was refused");
        }
    }

    private void Record(Process process, string message) => Record(process.Config.Name, process.Id, message);

    private void Record(string name, ProcessId id, string message)
    {
        if (!_options.Trace)
        {
            return;
        }

        if (_events.Count >= _options.TraceCapacity)
        {
            EventsDropped++;
            return;
        }

        _events.Add(new KernelEvent(Steps, name, id, message));
    }
}
