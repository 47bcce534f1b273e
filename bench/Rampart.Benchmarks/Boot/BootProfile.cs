using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Chip.Firmware;
using Rampart.Platform.Loading;

namespace Rampart.Benchmarks.Boot;

/// <summary>One transfer as an observer saw it: virtual and wall time, bytes allocated on the simulator's thread.</summary>
public sealed record TransferSample(string Name, string Channel, long Bytes, long SimStart, long SimEnd, double WallMs, double AllocatedMB)
{
    /// <summary>Wall milliseconds per streamed MiB.</summary>
    public double MsPerMiB => Bytes == 0 ? 0 : WallMs / (Bytes / (double)BootProfile.MiB);
}

/// <summary>One stretch of the boot's wall time.</summary>
/// <param name="Name">What ran.</param>
/// <param name="WallMs">Wall milliseconds.</param>
/// <param name="AllocatedMB">MB allocated on the simulator's thread.</param>
/// <param name="SimMs">Virtual milliseconds.</param>
/// <param name="JitMs">Milliseconds the simulator's thread spent in the JIT (<see cref="System.Runtime.JitInfo"/>).</param>
/// <param name="GcPauseMs">Milliseconds of GC pauses (<see cref="GC.GetTotalPauseDuration"/>).</param>
/// <param name="Events">Simulator events run.</param>
public sealed record Segment(string Name, double WallMs, double AllocatedMB, double SimMs, double JitMs, double GcPauseMs, long Events);

/// <summary>
/// Where one observed boot of the reference workload spends wall time and allocations: image
/// building, chip set-up, each streamed image (first to last progress report), and the device
/// work between them. Medians over a few boots after a warm-up boot, on the calling thread
/// (the simulator runs there, so <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees it all).
/// </summary>
public sealed class BootProfile
{
    /// <summary>Bytes in a MiB.</summary>
    public const double MiB = 1024 * 1024;

    private static readonly ConcurrentDictionary<bool, BootProfile> Cache = new();

    private BootProfile(bool trace, IReadOnlyList<Sample> samples)
    {
        Trace = trace;
        Runs = samples.Count;
        var first = samples[0];
        SimulatedNanoseconds = first.Result.SimulatedNanoseconds;
        StageOneNanoseconds = BootWorkload.StageOneNanoseconds(first.Result);
        StageOneBytes = BootWorkload.StageOneBytes(first.Result);
        StageTwoBytes = BootWorkload.StageTwoBytes(first.Result);
        FloorNanoseconds = BootWorkload.StageOneFloorNanoseconds(StageOneBytes);
        Events = first.Result.Events;
        TotalWallMs = Median(samples, s => s.TotalWallMs);
        TotalAllocatedMB = Median(samples, s => s.TotalAllocatedMB);
        SimulationWallMs = Median(samples, s => s.Result.Wall.TotalMilliseconds);
        Transfers = first.Transfers.Select((t, i) => t with
        {
            WallMs = Median(samples, s => s.Transfers[i].WallMs),
            AllocatedMB = Median(samples, s => s.Transfers[i].AllocatedMB),
        }).ToList();
        Segments = first.Segments.Select((g, i) => g with
        {
            WallMs = Median(samples, s => s.Segments[i].WallMs),
            AllocatedMB = Median(samples, s => s.Segments[i].AllocatedMB),
            JitMs = Median(samples, s => s.Segments[i].JitMs),
            GcPauseMs = Median(samples, s => s.Segments[i].GcPauseMs),
        }).ToList();
        Stages = first.Result.Stages.Select((st, i) => (Name: $"{st.Core} {st.Name}", SimMs: ((st.SimEnd < 0 ? SimulatedNanoseconds : st.SimEnd) - st.SimStart) / 1e6, WallMs: Median(samples, s => s.Result.Stages[i].Wall.TotalMilliseconds), Running: st.SimEnd < 0)).ToList();
    }

    /// <summary>Whether the simulator trace was on.</summary>
    public bool Trace { get; }

    /// <summary>Boots measured (after one warm-up boot).</summary>
    public int Runs { get; }

    /// <summary>Virtual time of the whole boot.</summary>
    public long SimulatedNanoseconds { get; }

    /// <summary>Virtual time from power-on to the end of the last recovery image.</summary>
    public long StageOneNanoseconds { get; }

    /// <summary>The stage-1 physical floor (<see cref="BootWorkload.StageOneFloorNanoseconds"/>).</summary>
    public long FloorNanoseconds { get; }

    /// <summary>Recovery image bytes.</summary>
    public long StageOneBytes { get; }

    /// <summary>SoC image bytes.</summary>
    public long StageTwoBytes { get; }

    /// <summary>Simulator events of one boot.</summary>
    public long Events { get; }

    /// <summary>Median wall time of <see cref="BootRun.Run"/> (images built, chip provisioned, simulated).</summary>
    public double TotalWallMs { get; }

    /// <summary>Median bytes allocated by <see cref="BootRun.Run"/>, MB.</summary>
    public double TotalAllocatedMB { get; }

    /// <summary>Median <see cref="BootResult.Wall"/>: the simulation only.</summary>
    public double SimulationWallMs { get; }

    /// <summary>Each streamed image.</summary>
    public IReadOnlyList<TransferSample> Transfers { get; }

    /// <summary>The wall time of one boot cut into consecutive stretches.</summary>
    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>Firmware stages: virtual duration and the (overlapping) wall time from their start to their end.</summary>
    public IReadOnlyList<(string Name, double SimMs, double WallMs, bool Running)> Stages { get; }

    /// <summary>Stage-1 simulated time over the floor (target ≤ 1.05).</summary>
    public double StageOneRatio => StageOneNanoseconds / (double)FloorNanoseconds;

    /// <summary>Wall milliseconds per recovery MiB while images stream.</summary>
    public double StageOneMsPerMiB => PerMiB("recovery", t => t.WallMs);

    /// <summary>MB allocated per recovery MiB while images stream.</summary>
    public double StageOneMBPerMiB => PerMiB("recovery", t => t.AllocatedMB);

    /// <summary>Wall milliseconds per SoC image MiB while images stream.</summary>
    public double StageTwoMsPerMiB => PerMiB("pldm", t => t.WallMs);

    /// <summary>MB allocated per SoC image MiB while images stream.</summary>
    public double StageTwoMBPerMiB => PerMiB("pldm", t => t.AllocatedMB);

    /// <summary>The profile of the reference workload with the trace on or off, measured once per process.</summary>
    public static BootProfile Get(bool trace) => Cache.GetOrAdd(trace, t => Measure(t, runs: 5));

    /// <summary>Boots <paramref name="runs"/> times after a warm-up boot and takes medians.</summary>
    public static BootProfile Measure(bool trace, int runs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        _ = Observe(trace);
        var samples = new List<Sample>();
        for (var i = 0; i < runs; i++)
        {
            samples.Add(Observe(trace));
        }

        return new BootProfile(trace, samples);
    }

    /// <summary>A readable breakdown for the log.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"// Boot profile, trace {(Trace ? "on" : "off")}: median of {Runs} boots after a warm-up boot");
        text.AppendLine(c, $"//   simulated {SimulatedNanoseconds / 1e6:F3} ms, {Events:N0} events; BootRun.Run wall {TotalWallMs:F1} ms, {TotalAllocatedMB:F1} MB allocated; simulation wall {SimulationWallMs:F1} ms");
        text.AppendLine(c, $"//   stage 1: {StageOneBytes:N0} B, simulated {StageOneNanoseconds / 1e6:F3} ms, floor {FloorNanoseconds / 1e6:F3} ms, ratio {StageOneRatio:F4}");
        text.AppendLine(c, $"//   wall/simulated: whole Run {TotalWallMs * 1e6 / SimulatedNanoseconds:F3}, simulation only {SimulationWallMs * 1e6 / SimulatedNanoseconds:F3}");
        text.AppendLine(c, $"//   per streamed MiB: stage 1 {StageOneMsPerMiB:F1} ms, {StageOneMBPerMiB:F1} MB; stage 2 {StageTwoMsPerMiB:F1} ms, {StageTwoMBPerMiB:F1} MB");
        text.AppendLine("//   transfer                 channel       bytes   sim start    sim end   wall ms    alloc MB   ms/MiB   sim MB/s");
        foreach (var t in Transfers)
        {
            var mbps = t.SimEnd > t.SimStart ? t.Bytes * 1e3 / (t.SimEnd - t.SimStart) : 0;
            text.AppendLine(c, $"//   {t.Name,-24} {t.Channel,-8} {t.Bytes,10:N0} {t.SimStart / 1e6,11:F3} {t.SimEnd / 1e6,10:F3} {t.WallMs,9:F1} {t.AllocatedMB,11:F2} {t.MsPerMiB,8:F1} {mbps,10:F3}");
        }

        text.AppendLine("//   wall segment                                          wall ms   alloc MB     sim ms    JIT ms  GC pause ms    events");
        foreach (var g in Segments)
        {
            text.AppendLine(c, $"//   {g.Name,-52} {g.WallMs,9:F1} {g.AllocatedMB,10:F2} {g.SimMs,10:F3} {g.JitMs,9:F1} {g.GcPauseMs,12:F1} {g.Events,9:N0}");
        }

        text.AppendLine("//   stage (wall overlaps: the whole chip runs meanwhile)           sim ms    wall ms");
        foreach (var s in Stages)
        {
            text.AppendLine(c, $"//   {s.Name,-60} {s.SimMs,10:F3} {(s.Running ? "   running" : s.WallMs.ToString("F1", c).PadLeft(10))}");
        }

        return text.ToString();
    }

    private double PerMiB(string channel, Func<TransferSample, double> value)
    {
        var transfers = Transfers.Where(t => t.Channel == channel).ToList();
        var bytes = transfers.Sum(t => t.Bytes);
        return bytes == 0 ? 0 : transfers.Sum(value) / (bytes / MiB);
    }

    private static double Median(IReadOnlyList<Sample> samples, Func<Sample, double> value)
    {
        var sorted = samples.Select(value).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Sample Observe(bool trace)
    {
        var observer = new Observer();
        Mark powerOn = default;
        var options = BootWorkload.Options(trace, observer, chip =>
        {
            observer.Chip = chip;
            powerOn = Mark.Now(0, chip.Simulator.EventsExecuted);
        });

        // The images alone, as BootRun.Run builds them first (the same work, timed apart), and
        // the same without the 4 MiB SoC image (its contents are generated 32 bytes per HMAC).
        var beforeImages = Mark.Now(0);
        _ = BootRun.BuildImages(options.Seed, options.Images);
        var afterImages = Mark.Now(0);
        _ = BootRun.BuildImages(options.Seed, options.Images! with { SocImageSizes = [.. BootWorkload.SocImageSizes.SkipLast(1)] });
        var afterSmallImages = Mark.Now(0);

        // The chip's loader on the three stage archives, measured apart: the load-time check
        // alone, then check + load into a fresh collectible context (no code runs, so no JIT).
        var payloads = FirmwareBuildOutputs.Payloads();
        ReadOnlyMemory<byte>[] archives = [payloads.Fmc, payloads.Runtime, payloads.McuRuntime];
        var beforeChecks = Mark.Now(0);
        foreach (var archive in archives)
        {
            _ = ChipCodeLoader.CheckStage(archive);
        }

        var afterChecks = Mark.Now(0);
        var loader = new ChipCodeLoader();
        foreach (var archive in archives)
        {
            if (loader.TryLoadStage(archive, out var stage, out _))
            {
                stage!.Unload();
            }
        }

        var afterLoads = Mark.Now(0);

        var run = new BootRun(options);
        var start = Mark.Now(0);
        var result = BootWorkload.Check(run.Run());
        var end = Mark.Now(result.SimulatedNanoseconds, result.Events);
        run.Chip?.Dispose();

        var transfers = observer.Transfers(result);
        var segments = new List<Segment>
        {
            Between("build and sign the images (measured apart)", beforeImages, afterImages),
            Between("  the same without the 4 MiB SoC image", afterImages, afterSmallImages),
            Between("check the 3 stage archives (measured apart)", beforeChecks, afterChecks),
            Between("check + load them, no code run (measured apart)", afterChecks, afterLoads),
            Between("images, chip set-up and provisioning (in Run)", start, powerOn),
        };
        var previous = powerOn;
        var previousName = "power-on";
        foreach (var (t, name) in observer.Marks.Select(m => (m, m.Name)))
        {
            segments.Add(Between($"{previousName} -> {name} start", previous, t.Start));
            segments.Add(Between($"  streaming {name}", t.Start, t.End));
            previous = t.End;
            previousName = name;
        }

        segments.Add(Between($"{previousName} -> end of boot", previous, end));
        return new Sample(result, (end.Timestamp - start.Timestamp) * 1e3 / Stopwatch.Frequency, (end.Allocated - start.Allocated) / 1e6, transfers, segments);
    }

    private static Segment Between(string name, Mark from, Mark to) =>
        new(name, (to.Timestamp - from.Timestamp) * 1e3 / Stopwatch.Frequency, (to.Allocated - from.Allocated) / 1e6, (to.SimTime - from.SimTime) / 1e6, (to.Jit - from.Jit).TotalMilliseconds, (to.GcPause - from.GcPause).TotalMilliseconds, to.Events - from.Events);

    private sealed record Sample(BootResult Result, double TotalWallMs, double TotalAllocatedMB, IReadOnlyList<TransferSample> Transfers, IReadOnlyList<Segment> Segments);

    private readonly record struct Mark(long Timestamp, long Allocated, long SimTime, TimeSpan Jit, TimeSpan GcPause, long Events)
    {
        public static Mark Now(long simTime, long events = 0) => new(Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread(), simTime, System.Runtime.JitInfo.GetCompilationTime(currentThread: true), GC.GetTotalPauseDuration(), events);
    }

    /// <summary>Marks the first and the last progress report of every transfer.</summary>
    private sealed class Observer : IBootObserver
    {
        private readonly Dictionary<string, TransferMarks> _byName = new(StringComparer.Ordinal);

        public List<TransferMarks> Marks { get; } = [];

        public VirtualChip? Chip { get; set; }

        public void TransferStarted(string name, long totalBytes)
        {
        }

        public void TransferProgress(string name, long bytes, long simNanoseconds)
        {
            var now = Mark.Now(simNanoseconds, Chip?.Simulator.EventsExecuted ?? 0);
            if (!_byName.TryGetValue(name, out var marks))
            {
                marks = new TransferMarks(name, now);
                _byName.Add(name, marks);
                Marks.Add(marks);
            }

            marks.End = now;
        }

        public void StageEnded(StageRecord stage)
        {
        }

        public List<TransferSample> Transfers(BootResult result) => Marks.Select(m =>
        {
            var record = result.Transfers.First(t => t.Name == m.Name);
            return new TransferSample(m.Name, record.Channel, record.Bytes, m.Start.SimTime, m.End.SimTime, (m.End.Timestamp - m.Start.Timestamp) * 1e3 / Stopwatch.Frequency, (m.End.Allocated - m.Start.Allocated) / 1e6);
        }).ToList();
    }

    private sealed class TransferMarks(string name, Mark start)
    {
        public string Name { get; } = name;

        public Mark Start { get; } = start;

        public Mark End { get; set; } = start;
    }
}
