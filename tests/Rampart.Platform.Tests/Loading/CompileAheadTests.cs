using System.Runtime.CompilerServices;
using CsCheck;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedStages;

namespace Rampart.Platform.Tests.Loading;

/// <summary>
/// Compile-ahead's state is the process's: a firmware load in any other test settles collected
/// recordings, so these tests run alone (after the parallel ones).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CompileAheadCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "compile-ahead";
}

/// <summary>Compiling a context's methods ahead on another core (docs/decisions/0281-compile-ahead.md).</summary>
[Collection(CompileAheadCollection.Name)]
public sealed class CompileAheadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_schedule_visits_every_recorded_position_exactly_once()
    {
        Gen.Int[0, 3000].SelectMany(count => Gen.Int[0, Math.Max(0, count - 1)].Select(start => (count, start))).Sample(t =>
        {
            var (count, start) = t;
            var seen = new bool[count];
            for (var n = 0; n < count; n++)
            {
                var position = CompileAhead.Job.Schedule(n, count, start);
                Assert.InRange(position, 0, count - 1);
                Assert.False(seen[position], $"position {position} twice for {count} from {start}");
                seen[position] = true;
            }
        });
    }

    [Fact]
    public void The_schedule_runs_from_its_start_to_the_end_then_works_back_to_the_front()
    {
        Assert.Equal([2, 3, 4, 1, 0], Enumerable.Range(0, 5).Select(n => CompileAhead.Job.Schedule(n, 5, 2)));
        Assert.Equal([0, 1, 2, 3], Enumerable.Range(0, 4).Select(n => CompileAhead.Job.Schedule(n, 4, 0)));
        Assert.Equal([3, 2, 1, 0], Enumerable.Range(0, 4).Select(n => CompileAhead.Job.Schedule(n, 4, 3)));
    }

    [Fact]
    public void The_job_starts_a_third_of_the_way_into_the_recorded_order()
    {
        Assert.Equal([2, 3, 4, 5, 6, 1, 0], Enumerable.Range(0, 7).Select(n => CompileAhead.Job.Schedule(n, 7, CompileAhead.Job.StartOf(7))));
        Assert.Equal(0, CompileAhead.Job.StartOf(1));
        Assert.Equal(0, CompileAhead.Job.StartOf(0));
    }

    [Fact]
    public async Task A_second_context_of_the_same_archive_is_compiled_ahead_from_what_the_first_one_compiled_and_is_still_collected()
    {
        var archive = StageArchive(out _, out _);
        var loader = new ChipCodeLoader();
        var first = RunUntilRecordedThenUnload(loader, archive, out _);
        Collect(first);
        Assert.False(first.IsAlive, "the watched context was not collected");

        var second = await RunCompiledAheadThenUnload(loader, archive);
        Collect(second);
        Assert.False(second.IsAlive, "the context compiled ahead was not collected after it was unloaded");
    }

    [Fact]
    public void A_context_loaded_once_the_watched_one_is_unloaded_but_not_yet_collected_is_compiled_ahead_and_retired_at_once()
    {
        var archive = StageArchive(out _, out _);
        var loader = new ChipCodeLoader();
        var first = RunUntilRecordedThenUnload(loader, archive, out _);

        var second = LoadAndUnloadAtOnce(loader, archive);
        Collect(first);
        Collect(second);

        Assert.False(first.IsAlive);
        Assert.False(second.IsAlive);
    }

    [Fact]
    public void A_watched_context_once_collected_is_kept_as_an_order_when_other_firmware_loads()
    {
        var archive = StageArchive(out _, out _);
        var loader = new ChipCodeLoader();
        var first = RunUntilRecordedThenUnload(loader, archive, out var recorded);
        Assert.True(FirmwareArchive.TryRead(archive, out var parsed));
        var ids = ModuleVersionIds(parsed!);
        Collect(first);
        Assert.True(CompileAhead.IsWatched(ids));

        Assert.True(loader.TryLoadStage(StageArchive(out _, out _), out var other, out var refusal), refusal.ToString());

        Assert.False(CompileAhead.IsWatched(ids));
        Assert.True(CompileAhead.Recorded(ids) >= recorded);
        other!.Unload();
    }

    [Fact]
    public void Kept_orders_are_bounded_and_the_oldest_goes_first_and_keeping_a_key_again_makes_it_the_newest()
    {
        var kept = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            CompileAhead.KeepNewest(kept, $"k{i}", i, max: 3);
        }

        Assert.Equal(["k2", "k3", "k4"], kept.Keys);
        CompileAhead.KeepNewest(kept, "k2", 20, max: 3);
        Assert.Equal(["k3", "k4", "k2"], kept.Keys);
        Assert.Equal(20, kept["k2"]);
        CompileAhead.KeepNewest(kept, "k5", 5, max: 3);
        Assert.Equal(["k4", "k2", "k5"], kept.Keys);
    }

    private static Guid[] ModuleVersionIds(FirmwareArchive archive) =>
        archive.Assemblies.Select(e =>
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(e.Bytes.ToArray()));
            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            return reader.GetGuid(reader.GetModuleDefinition().Mvid);
        }).ToArray();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunUntilRecordedThenUnload(ChipCodeLoader loader, byte[] archive, out int recorded)
    {
        Assert.True(loader.TryLoadStage(archive, out var stage, out var refusal), refusal.ToString());
        Assert.Null(((LoadedStage)stage!).CompileAheadTicket!.Job);
        Assert.True(stage.TryCreateEntry<IMcuStage>(out var entry, out refusal), refusal.ToString());
        Assert.Equal(StageExitKind.Completed, entry!.RunAsync(null!, ReadOnlyMemory<byte>.Empty).GetAwaiter().GetResult().Kind);

        // The runtime's JIT events arrive on its dispatcher thread: wait for the stage's constructor
        // and RunAsync (the library's Message is inlined into it) to be written down while the context is alive.
        recorded = WaitFor(() => CompileAhead.Recorded(stage.ModuleVersionIds), n => n >= 2);
        Assert.True(recorded >= 2, $"{recorded} methods recorded");
        stage.Unload();
        return stage.ContextWitness;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunCompiledAheadThenUnload(ChipCodeLoader loader, byte[] archive)
    {
        Assert.True(loader.TryLoadStage(archive, out var stage, out var refusal), refusal.ToString());
        var ticket = ((LoadedStage)stage!).CompileAheadTicket;
        Assert.NotNull(ticket);
        WaitFor(() => ticket.IsFinished ? 1 : 0, n => n == 1);
        Assert.True(ticket.IsFinished);
        var recorded = CompileAhead.Recorded(stage.ModuleVersionIds);
        Assert.True(recorded >= 2, $"{recorded} methods recorded");
        Assert.Equal(recorded, ticket.Compiled);

        Assert.True(stage.TryCreateEntry<IMcuStage>(out var entry, out refusal), refusal.ToString());
        var exit = await entry!.RunAsync(null!, ReadOnlyMemory<byte>.Empty);
        Assert.Equal(LibraryMessage, exit.Message);
        stage.Unload();
        return stage.ContextWitness;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndUnloadAtOnce(ChipCodeLoader loader, byte[] archive)
    {
        Assert.True(loader.TryLoadStage(archive, out var stage, out var refusal), refusal.ToString());
        var ticket = ((LoadedStage)stage!).CompileAheadTicket;
        Assert.NotNull(ticket);
        stage.Unload();
        Assert.True(ticket.IsFinished);
        return stage.ContextWitness;
    }

    private static int WaitFor(Func<int> read, Func<int, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        var value = read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
            value = read();
        }

        return value;
    }

    private static void Collect(WeakReference witness)
    {
        for (var i = 0; i < 20 && witness.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
