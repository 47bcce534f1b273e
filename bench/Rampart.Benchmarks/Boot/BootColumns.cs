using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Rampart.Benchmarks.Boot;

/// <summary>
/// The issue-6 figures beside BenchmarkDotNet's own: simulated time, stage-1 time over its
/// physical floor, wall (BenchmarkDotNet's mean) over simulated time, and wall ms / MB allocated
/// per streamed MiB of each stage. Virtual figures are deterministic; the per-MiB figures come from
/// <see cref="BootProfile"/> (observed boots in this process, after a warm-up boot).
/// </summary>
public sealed class BootColumn : IColumn
{
    private readonly Func<Summary, BenchmarkCase, BootProfile, double> _value;
    private readonly string _format;

    private BootColumn(string name, string legend, string format, Func<Summary, BenchmarkCase, BootProfile, double> value)
    {
        ColumnName = name;
        Legend = legend;
        _format = format;
        _value = value;
    }

    /// <summary>Every boot column.</summary>
    public static IColumn[] All { get; } =
    [
        new BootColumn("Simulated", "Simulated boot time (virtual ms)", "F1", (_, _, p) => p.SimulatedNanoseconds / 1e6),
        new BootColumn("S1/Floor", "Stage-1 simulated time over the I3C floor (target <= 1.05)", "F4", (_, _, p) => p.StageOneRatio),
        new BootColumn("Wall/Sim", "BenchmarkDotNet mean over simulated boot time (target <= 0.05)", "F3", (s, c, p) => (s[c]?.ResultStatistics?.Mean ?? double.NaN) / p.SimulatedNanoseconds),
        new BootColumn("S1 ms/MiB", "Stage 1: wall ms per streamed recovery MiB", "F1", (_, _, p) => p.StageOneMsPerMiB),
        new BootColumn("S1 MB/MiB", "Stage 1: MB allocated per streamed recovery MiB", "F1", (_, _, p) => p.StageOneMBPerMiB),
        new BootColumn("S2 ms/MiB", "Stage 2: wall ms per streamed SoC-image MiB", "F1", (_, _, p) => p.StageTwoMsPerMiB),
        new BootColumn("S2 MB/MiB", "Stage 2: MB allocated per streamed SoC-image MiB", "F1", (_, _, p) => p.StageTwoMBPerMiB),
    ];

    /// <inheritdoc/>
    public string Id => nameof(BootColumn) + "." + ColumnName;

    /// <inheritdoc/>
    public string ColumnName { get; }

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend { get; }

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var trace = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(BootBenchmarks.Trace))?.Value is true;
        return _value(summary, benchmarkCase, BootProfile.Get(trace)).ToString(_format, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
