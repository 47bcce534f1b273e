using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedStages;

namespace Rampart.Platform.Tests.Loading;

/// <summary>The loaders' process-wide record of accepted bytes (<see cref="CheckedCodeCache"/>).</summary>
public sealed class CheckedCodeCacheTests
{
    [Fact]
    public void The_same_archive_loads_again_in_another_chip_with_the_same_module_version_ids()
    {
        var bytes = StageArchive(out _, out _);
        Assert.True(new ChipCodeLoader().TryLoadStage(bytes, out var first, out var refusal), refusal.ToString());
        Assert.True(CheckedCodeCache.TryGet<Guid[]>(CheckedCodeCache.Key("stage", bytes), out _));

        Assert.True(new ChipCodeLoader().TryLoadStage(bytes, out var second, out refusal), refusal.ToString());

        Assert.Equal(first!.ModuleVersionIds, second!.ModuleVersionIds);
        Assert.NotSame(first.ContextWitness.Target, second.ContextWitness.Target);
        first.Unload();
        second.Unload();
    }

    [Fact]
    public void A_changed_byte_is_a_different_key_and_is_checked_afresh()
    {
        var bytes = StageArchive(out _, out _);
        Assert.True(new ChipCodeLoader().TryLoadStage(bytes, out var stage, out var refusal), refusal.ToString());
        stage!.Unload();

        // A byte of the archive's header: the bytes are no longer a well-formed archive, and the
        // acceptance of the original bytes must not carry over to them.
        var tampered = bytes.ToArray();
        tampered[4] ^= 0xFF;
        Assert.NotEqual(CheckedCodeCache.Key("stage", bytes), CheckedCodeCache.Key("stage", tampered));
        var loader = new ChipCodeLoader();

        Assert.False(loader.TryLoadStage(tampered, out stage, out refusal));

        Assert.Null(stage);
        Assert.Equal(LoadRefusalReason.Malformed, refusal.Reason);
        Assert.Equal(1, loader.StagesRefused);
    }

    [Fact]
    public void Stage_and_app_acceptances_are_kept_apart()
    {
        var bytes = StageArchive(out _, out _);
        Assert.NotEqual(CheckedCodeCache.Key("stage", bytes), CheckedCodeCache.Key("app", bytes));
        Assert.True(new ChipCodeLoader().TryLoadStage(bytes, out var stage, out var refusal), refusal.ToString());
        stage!.Unload();

        // An accepted stage archive is not thereby an accepted app: the app rules still run (and refuse it).
        Assert.False(new AppCodeLoader().TryLoadApp(bytes, new AppLoadLimits(64, 1 << 20), out _, out refusal));
        Assert.NotEqual(LoadRefusalReason.None, refusal.Reason);
    }

    [Fact]
    public void The_cache_is_bounded_and_drops_the_oldest_first()
    {
        var keys = Enumerable.Range(0, CheckedCodeCache.Capacity + 3).Select(i => "test-bound:" + Guid.NewGuid()).ToList();
        foreach (var key in keys)
        {
            CheckedCodeCache.Add(key, new object());
        }

        // Other tests may add meanwhile: that only drops more, so the first key is gone either way.
        Assert.False(CheckedCodeCache.TryGet<object>(keys[0], out _));
        var last = "test-bound:" + Guid.NewGuid();
        CheckedCodeCache.Add(last, "kept");
        Assert.True(CheckedCodeCache.TryGet<string>(last, out var kept));
        Assert.Equal("kept", kept);
        Assert.False(CheckedCodeCache.TryGet<Guid[]>(last, out _));
        CheckedCodeCache.Remove(last);
        Assert.False(CheckedCodeCache.TryGet<string>(last, out _));
    }
}
