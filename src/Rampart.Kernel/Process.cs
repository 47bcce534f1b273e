using Rampart.Hal.CoreControl;
using Rampart.Kernel.Abi;

namespace Rampart.Kernel;

/// <summary>
/// One process: its memory arena (app memory below the break, grants taken from the top), its
/// subscriptions, allows, bounded upcall queue, run queue and code. All state of a generation is
/// dropped on restart (KERNEL.md "Fault policies").
/// </summary>
internal sealed class Process
{
    /// <summary>Queued upcalls per process (KERNEL.md: 10; overflow drops and counts).</summary>
    public const int UpcallQueueCapacity = 10;

    /// <summary>Posted work items a process may have waiting.</summary>
    public const int RunQueueCapacity = 256;

    private readonly Dictionary<(uint Driver, uint Number), Upcall> _subscriptions = [];
    private readonly Dictionary<(uint Driver, uint Number, SyscallClass Kind), AppSlice> _allows = [];
    private readonly Dictionary<object, (object Instance, GrantKernelData Data)> _grants = [];
    private readonly Queue<(uint Driver, uint Number, UpcallArgs Args)> _upcalls = new(UpcallQueueCapacity);
    private readonly Queue<Action> _runQueue = new();
    private byte[] _arena;

    public Process(Kernel kernel, ProcessConfig config, ProcessId id)
    {
        Kernel = kernel;
        Config = config;
        Id = id;
        _arena = new byte[config.MemorySize];
        Break = config.InitialBreak;
        GrantStart = config.MemorySize;
        Syscalls = new ProcessSyscalls(this, id);
        Context = new ProcessContext(this, id);
    }

    public Kernel Kernel { get; }

    public ProcessConfig Config { get; }

    public ProcessId Id { get; private set; }

    public int Generation { get; private set; }

    public ProcessState State { get; set; } = ProcessState.Running;

    public int Faults { get; set; }

    public ProcessFault? LastFault { get; set; }

    public long FuelUsed { get; set; }

    public long DroppedUpcalls { get; private set; }

    public long SyscallCount { get; set; }

    public uint CompletionCode { get; set; }

    public int Break { get; set; }

    public int GrantStart { get; private set; }

    public int ArenaSize => _arena.Length;

    public ProcessSyscalls Syscalls { get; private set; }

    public ProcessContext Context { get; private set; }

    public ILoadedApp? Code { get; set; }

    public IApp? App { get; set; }

    public Task? MainTask { get; set; }

    public bool Started { get; set; }

    public Action? WaitAny { get; set; }

    public (uint Driver, uint Number, Action<UpcallArgs> Continuation)? WaitFor { get; set; }

    public (ExitKind Kind, uint Code)? ExitRequest { get; set; }

    public bool RunQueueOverflowed { get; private set; }

    public int PendingUpcalls => _upcalls.Count;

    public int PendingWork => _runQueue.Count;

    public bool IsAlive => State == ProcessState.Running;

    public Span<byte> AccessibleMemory => _arena.AsSpan(0, Break);

    public ProcessInfo Snapshot() => new(Config.Name, Id, State, Generation, Faults, LastFault, FuelUsed, DroppedUpcalls, SyscallCount, CompletionCode);

    /// <summary>Frees everything of this generation and gives the process a new identity and zeroed memory.</summary>
    public void Reset(ProcessId newId, bool newGeneration)
    {
        ReleaseGeneration();
        Id = newId;
        if (newGeneration)
        {
            Generation++;
        }

        _arena = new byte[Config.MemorySize];
        Break = Config.InitialBreak;
        GrantStart = Config.MemorySize;
        Syscalls = new ProcessSyscalls(this, newId);
        Context = new ProcessContext(this, newId);
        State = ProcessState.Running;
        ExitRequest = null;
    }

    /// <summary>Drops every reference into the app's context (code, delegates, tasks, grants) so it can be collected.</summary>
    public void ReleaseGeneration()
    {
        _subscriptions.Clear();
        _allows.Clear();
        _grants.Clear();
        _upcalls.Clear();
        _runQueue.Clear();
        RunQueueOverflowed = false;
        WaitAny = null;
        WaitFor = null;
        App = null;
        MainTask = null;
        Started = false;
        if (Code is { } code)
        {
            Kernel.Retire(code.ContextWitness);
            code.Unload();
        }

        Code = null;
    }

    public bool IsSliceValid(AppSlice slice) =>
        slice.Offset >= 0 && slice.Length >= 0 && (long)slice.Offset + slice.Length <= Break;

    public Upcall? SwapSubscription(uint driver, uint number, Upcall? upcall)
    {
        _subscriptions.Remove((driver, number), out var previous);
        if (upcall is not null)
        {
            _subscriptions[(driver, number)] = upcall;
        }

        // Subscribe purges queued upcalls of that id (TRD104 §4.2).
        if (_upcalls.Count > 0)
        {
            var keep = _upcalls.Where(u => u.Driver != driver || u.Number != number).ToList();
            _upcalls.Clear();
            foreach (var u in keep)
            {
                _upcalls.Enqueue(u);
            }
        }

        return previous;
    }

    public AppSlice SwapAllow(uint driver, uint number, SyscallClass kind, AppSlice slice)
    {
        _allows.Remove((driver, number, kind), out var previous);
        if (!slice.IsEmpty)
        {
            _allows[(driver, number, kind)] = slice;
        }

        return previous;
    }

    public int HighestAllowedByte() => _allows.Count == 0 ? 0 : _allows.Values.Max(s => s.Offset + s.Length);

    public Span<byte> AllowedSpan(uint driver, uint number, SyscallClass kind) =>
        IsAlive && _allows.TryGetValue((driver, number, kind), out var slice) && IsSliceValid(slice)
            ? _arena.AsSpan(slice.Offset, slice.Length)
            : default;

    public bool EnqueueUpcall(uint driver, uint number, UpcallArgs args)
    {
        if (!IsAlive)
        {
            return false;
        }

        if (_upcalls.Count >= UpcallQueueCapacity)
        {
            DroppedUpcalls++;
            return false;
        }

        _upcalls.Enqueue((driver, number, args));
        return true;
    }

    /// <summary>Takes the first queued upcall, or the first one for (driver, number) when <paramref name="only"/> is given.</summary>
    public bool TryDequeueUpcall((uint Driver, uint Number)? only, out (uint Driver, uint Number, UpcallArgs Args) upcall)
    {
        if (_upcalls.Count == 0)
        {
            upcall = default;
            return false;
        }

        if (only is null)
        {
            upcall = _upcalls.Dequeue();
            return true;
        }

        var (driver, number) = only.Value;
        var found = false;
        upcall = default;
        var count = _upcalls.Count;
        for (var i = 0; i < count; i++)
        {
            var next = _upcalls.Dequeue();
            if (!found && next.Driver == driver && next.Number == number)
            {
                upcall = next;
                found = true;
                continue;
            }

            _upcalls.Enqueue(next);
        }

        return found;
    }

    public Upcall? Subscription(uint driver, uint number) => _subscriptions.GetValueOrDefault((driver, number));

    public bool Post(Action work)
    {
        if (!IsAlive)
        {
            return false;
        }

        if (_runQueue.Count >= RunQueueCapacity)
        {
            RunQueueOverflowed = true;
            return false;
        }

        _runQueue.Enqueue(work);
        return true;
    }

    public bool TryTakeWork(out Action work) => _runQueue.TryDequeue(out work!);

    public bool HasGrant(object grant) => _grants.ContainsKey(grant);

    public bool TryGetGrant<T>(Grant<T> grant, out object instance, out GrantKernelData data)
        where T : class, new()
    {
        if (_grants.TryGetValue(grant, out var existing))
        {
            (instance, data) = existing;
            return true;
        }

        if (GrantStart - grant.Bytes < Break)
        {
            instance = null!;
            data = null!;
            return false;
        }

        GrantStart -= grant.Bytes;
        instance = Grant<T>.CreateInstance();
        data = new GrantKernelData(this, grant.Driver);
        _grants[grant] = (instance, data);
        return true;
    }
}
