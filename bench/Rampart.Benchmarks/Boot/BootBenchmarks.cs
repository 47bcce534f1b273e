using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Rampart.Chip.Boot;

namespace Rampart.Benchmarks.Boot;

/// <summary>
/// Issue 6: one whole <c>rampart boot</c> (<see cref="BootRun.Run"/>: images built and signed,
/// chip provisioned, both stages streamed, every SoC core released) on the reference workload
/// (<see cref="BootWorkload"/>), with the simulator trace off and on. One operation is one boot
/// (seconds), so the job is a monitoring run: one launch, thirty warm-up boots, ten measured boots.
/// Thirty: the host code a boot runs once (building the images, DICE, the BMC's attestation)
/// reaches tier 1 at its 30th call, the runtime's call-count threshold, and each promotion
/// compiles on the second core the firmware's compile-ahead also uses (decision 0281); before
/// that the boots were 20–30 % slower and noisy (six warm-ups: 0.054, then ~200 ms a boot from
/// about the 35th). Two warm-ups were too few even for the 100 ms tiering delay, which every
/// boot's firmware JIT restarts (684, 488, 417, 355 ms, then ~310 ms).
/// Run: <c>dotnet run -c Release --project bench/Rampart.Benchmarks -- --filter '*Boot*' --inProcess</c>.
/// The boot columns and the profile printed after each case are explained in docs/performance.md.
/// </summary>
[Config(typeof(Config))]
public class BootBenchmarks
{
    /// <summary>Whether the simulator keeps its event trace (the CLI's default is on).</summary>
    [Params(false, true)]
    public bool Trace { get; set; }

    /// <summary>Checks the workload boots, so a broken build is not timed.</summary>
    [GlobalSetup]
    public void Setup() => Boot();

    /// <summary>Prints where one boot spends its wall time (observed boots, see <see cref="BootProfile"/>).</summary>
    [GlobalCleanup]
    public void Cleanup() => Console.WriteLine(BootProfile.Get(Trace).Describe());

    /// <summary>One boot; returns its simulated time.</summary>
    [Benchmark]
    public long Boot()
    {
        var run = new BootRun(BootWorkload.Options(Trace));
        var result = BootWorkload.Check(run.Run());
        run.Chip?.Dispose();
        return result.SimulatedNanoseconds;
    }

    /// <summary>
    /// A mutator, not a job: it sets the monitoring strategy, the counts and the in-process
    /// toolchain on whatever job the command line makes (so <c>--inProcess</c> does not add a
    /// default job beside it). Always in process: BenchmarkDotNet builds its generated project with
    /// one global OutDir, where every firmware project lands in the same folder and the chip's
    /// firmware/&lt;Project&gt;/ sets come out mixed (the MCU runtime archive then refuses a
    /// repeated entry); the in-process run uses this project's own, correct, firmware/ folder.
    /// </summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(30)
                .WithIterationCount(10)
                .WithToolchain(InProcessEmitToolchain.Instance)
                .AsMutator());
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(StatisticColumn.Median);
            AddColumn(BootColumn.All);
        }
    }
}
