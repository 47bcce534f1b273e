using System.Diagnostics;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Simulation;

namespace Rampart.Chip;

/// <summary>How a stage ended, as the core runner saw it.</summary>
public enum StageOutcome
{
    /// <summary>Still running (a runtime serving requests).</summary>
    Running = 0,

    /// <summary>Jumped to the next stage.</summary>
    Launched = 1,

    /// <summary>Halted with a fatal error.</summary>
    Halted = 2,

    /// <summary>Finished normally.</summary>
    Completed = 3,

    /// <summary>The code loader refused the next stage's bytes.</summary>
    LoadRefused = 4,

    /// <summary>The stage threw (a firmware bug: the core stopped).</summary>
    Faulted = 5,
}

/// <summary>One stage of one core: when it ran (virtual and wall time), how it ended, what was loaded.</summary>
public sealed record StageRecord(string Core, string Name, long SimStart)
{
    /// <summary>Virtual time the stage ended (or the last time it was looked at while running).</summary>
    public long SimEnd { get; internal set; } = -1;

    /// <summary>Wall-clock time from the stage's start to its end (the whole simulation ran meanwhile).</summary>
    public TimeSpan Wall { get; internal set; }

    /// <summary>Stopwatch timestamp of the start.</summary>
    internal long WallStart { get; init; }

    /// <summary>How it ended.</summary>
    public StageOutcome Outcome { get; internal set; }

    /// <summary>Error code of a halt.</summary>
    public uint ErrorCode { get; internal set; }

    /// <summary>The stage's last word.</summary>
    public string Message { get; internal set; } = string.Empty;

    /// <summary>Module version ids of the assemblies the stage was loaded from (empty for a ROM).</summary>
    public IReadOnlyList<Guid> ModuleVersionIds { get; internal set; } = [];

    /// <summary>Size of the verified bytes the stage was loaded from (0 for a ROM).</summary>
    public int ImageBytes { get; internal set; }

    /// <summary>The handoff bytes the stage was started with (slot numbers, certificates, digests; never a secret).</summary>
    public ReadOnlyMemory<byte> Handoff { get; internal set; }

    /// <summary>The stage's context, weakly (null for a ROM): it dies once the stage finished and was unloaded.</summary>
    public WeakReference? Context { get; internal set; }
}

/// <summary>
/// The core-control side of a core: runs the ROM, then, each time a stage returns
/// <see cref="StageExitKind.Launch"/>, asks the code loader for a fresh context holding exactly the
/// returned bytes, unloads the finished stage's context, creates the entry type and runs it. The
/// handoff table is the only other thing that crosses.
/// </summary>
/// <typeparam name="TEntry">The stage entry interface of this core.</typeparam>
public sealed class StageRunner<TEntry>
    where TEntry : class
{
    private readonly SimCore _core;
    private readonly ICodeLoader _loader;
    private readonly Simulator _simulator;
    private readonly List<StageRecord> _stages = [];
    private ILoadedStage? _current;

    internal StageRunner(string name, SimCore core, ICodeLoader loader, Simulator simulator)
    {
        Name = name;
        _core = core;
        _loader = loader;
        _simulator = simulator;
    }

    /// <summary>The core's name.</summary>
    public string Name { get; }

    /// <summary>Stages run so far, in order.</summary>
    public IReadOnlyList<StageRecord> Stages => _stages;

    /// <summary>The stage running now (last record), if any.</summary>
    public StageRecord? Current => _stages.Count > 0 ? _stages[^1] : null;

    /// <summary>True once the core halted, faulted or was refused a stage.</summary>
    public bool Stopped => Current is { Outcome: StageOutcome.Halted or StageOutcome.Faulted or StageOutcome.LoadRefused };

    /// <summary>Raised (on the scheduler) when a stage ends.</summary>
    public event Action<StageRecord>? StageEnded;

    internal void Start(Func<Task<StageExit>> rom, Func<TEntry, ReadOnlyMemory<byte>, Task<StageExit>> run, Action<ILoadedStage>? beforeRun)
    {
        _core.Start(() => RunAsync(rom, run, beforeRun));
    }

    private async Task RunAsync(Func<Task<StageExit>> rom, Func<TEntry, ReadOnlyMemory<byte>, Task<StageExit>> run, Action<ILoadedStage>? beforeRun)
    {
        var record = Begin("rom", 0, [], null);
        var exit = await Measure(record, rom);
        while (true)
        {
            End(record, exit);
            if (exit.Kind != StageExitKind.Launch)
            {
                return;
            }

            if (!_loader.TryLoadStage(exit.Archive, out var stage, out var refusal) || stage is null)
            {
                record = Begin("(refused)", exit.Archive.Length, [], null);
                Refuse(record, refusal);
                return;
            }

            if (!stage.TryCreateEntry<TEntry>(out var entry, out refusal) || entry is null)
            {
                stage.Unload();
                record = Begin(stage.Name, exit.Archive.Length, stage.ModuleVersionIds, stage.ContextWitness);
                Refuse(record, refusal);
                return;
            }

            // The finished stage's context goes: nothing of it is referenced from here on.
            _current?.Unload();
            _current = stage;
            record = Begin(stage.Name, exit.Archive.Length, stage.ModuleVersionIds, stage.ContextWitness);
            var handoff = exit.Handoff;
            record.Handoff = handoff;
            beforeRun?.Invoke(stage);
            exit = await Measure(record, () => run(entry, handoff));
            entry = null;
        }
    }

    private StageRecord Begin(string name, int bytes, IReadOnlyList<Guid> mvids, WeakReference? context)
    {
        var record = new StageRecord(Name, name, _simulator.Now) { ImageBytes = bytes, ModuleVersionIds = mvids, Context = context, WallStart = Stopwatch.GetTimestamp() };
        _stages.Add(record);
        _simulator.Trace.Record(Name, "stage", "start " + name);
        return record;
    }

    private void End(StageRecord record, StageExit exit)
    {
        record.SimEnd = _simulator.Now;
        record.Wall = Stopwatch.GetElapsedTime(record.WallStart);
        record.Message = exit.Message;
        record.ErrorCode = exit.ErrorCode;
        record.Outcome = record.Outcome == StageOutcome.Faulted ? StageOutcome.Faulted : exit.Kind switch
        {
            StageExitKind.Launch => StageOutcome.Launched,
            StageExitKind.Halt => StageOutcome.Halted,
            _ => StageOutcome.Completed,
        };
        _simulator.Trace.Record(Name, "stage", $"end {record.Name}: {record.Outcome} {exit.Message}");
        StageEnded?.Invoke(record);
    }

    private void Refuse(StageRecord record, LoadRefusal refusal)
    {
        record.SimEnd = _simulator.Now;
        record.Outcome = StageOutcome.LoadRefused;
        record.Message = "code loader refused the stage: " + refusal;
        _simulator.Trace.Record(Name, "stage", record.Message);
        StageEnded?.Invoke(record);
    }

    private static async Task<StageExit> Measure(StageRecord record, Func<Task<StageExit>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A firmware bug, not an input: the stage is recorded as faulted and the core stops.
            record.Outcome = StageOutcome.Faulted;
            return StageExit.Halt(0xFFFF_FFFF, $"stage faulted: {e.GetType().Name}: {e.Message}");
        }
    }
}
