using System.Reflection;
using System.Runtime.Loader;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// The chip's code loader (ARCHITECTURE.md §2): launches verified firmware stages from their
/// <see cref="FirmwareArchive"/> and loads apps like <see cref="AppCodeLoader"/>. A stage's
/// assemblies pass the stage profile of the load-time check (<see cref="StageAllowList"/>) and
/// are loaded, uninstrumented, into one fresh collectible context that resolves
/// <c>Rampart.Hal</c> and <c>Rampart.Wire</c> from the chip's context, its own names from the
/// archive and the BCL from the default context (docs/decisions/0240-stage-loading.md).
/// A refused archive never reaches a context.
/// </summary>
public sealed class ChipCodeLoader : ICodeLoader
{
    /// <summary>The largest stage archive accepted.</summary>
    public const int MaxArchiveBytes = 64 << 20;

    private readonly AssemblyLoadContext _parent;
    private readonly AppCodeLoader _apps;
    private int _sequence;

    /// <summary>Creates the loader; stages resolve the shared contracts from <paramref name="parent"/> (the default context when null).</summary>
    public ChipCodeLoader(AssemblyLoadContext? parent = null)
    {
        _parent = parent ?? AssemblyLoadContext.Default;
        _apps = new AppCodeLoader(_parent);
    }

    /// <summary>Stages accepted and loaded.</summary>
    public int StagesLoaded { get; private set; }

    /// <summary>Stages refused.</summary>
    public int StagesRefused { get; private set; }

    /// <summary>The most recent stage refusal, for diagnostics.</summary>
    public LoadRefusal LastRefusal { get; private set; } = LoadRefusal.None;

    /// <summary>Runs only the stage check of one archive (no context): what <see cref="TryLoadStage"/> would refuse.</summary>
    public static LoadRefusal CheckStage(ReadOnlyMemory<byte> archive) => Check(archive, out _, out _);

    /// <inheritdoc />
    public bool TryLoadApp(ReadOnlySpan<byte> image, AppLoadLimits limits, out ILoadedApp? app, out LoadRefusal refusal) =>
        _apps.TryLoadApp(image, limits, out app, out refusal);

    /// <inheritdoc />
    public bool TryLoadStage(ReadOnlyMemory<byte> archive, out ILoadedStage? stage, out LoadRefusal refusal)
    {
        stage = null;
        var key = archive.Length <= MaxArchiveBytes ? CheckedCodeCache.Key("stage", archive.Span) : null;
        FirmwareArchive? parsed;
        if (key is not null && CheckedCodeCache.TryGet<Guid[]>(key, out var cachedIds) && FirmwareArchive.TryRead(archive, out parsed))
        {
            // These exact bytes passed the check before in this process (the check is a pure function of them).
            refusal = LoadRefusal.None;
        }
        else
        {
            refusal = Check(archive, out parsed, out cachedIds, _parent);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return Refuse(refusal);
            }

            CheckedCodeCache.Add(key!, cachedIds);
        }

        var moduleVersionIds = (Guid[])cachedIds.Clone();
        var entries = parsed!.Assemblies.ToList();
        var context = new StageLoadContext("rampart-stage-" + (++_sequence) + "-" + entries[0].Name, _parent);
        try
        {
            var loaded = new List<Assembly>(entries.Count);
            foreach (var assembly in entries)
            {
                loaded.Add(context.LoadOwn(assembly.Name, assembly.Bytes.ToArray()));
            }

            stage = new LoadedStage(entries[0].Name, parsed.EntryTypeName, context, loaded[0], moduleVersionIds, CompileAhead.Start(loaded));
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            context.Unload();
            CheckedCodeCache.Remove(key!);
            refusal = new LoadRefusal(LoadRefusalReason.Malformed, "the runtime refused the archive: " + e.Message);
            return Refuse(refusal);
        }

        StagesLoaded++;
        return true;
    }

    private static LoadRefusal Check(ReadOnlyMemory<byte> archive, out FirmwareArchive? parsed, out Guid[] moduleVersionIds, AssemblyLoadContext? parent = null)
    {
        moduleVersionIds = [];
        parsed = null;
        if (archive.Length > MaxArchiveBytes)
        {
            return new LoadRefusal(LoadRefusalReason.TooLarge, $"{archive.Length} bytes > {MaxArchiveBytes}");
        }

        if (!FirmwareArchive.TryRead(archive, out parsed))
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "not a well-formed firmware archive");
        }

        var entries = parsed!.Assemblies.ToList();
        if (entries.Count == 0)
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "the archive holds no assembly");
        }

        if (parsed.LibraryReferences.FirstOrDefault() is { } reference)
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "library reference " + reference.Name + " in a stage archive (nothing carries a stage, so it names nothing)");
        }

        foreach (var entry in entries)
        {
            if (entry.Name.StartsWith("Rampart.", StringComparison.Ordinal)
                ? StageLoadContext.SharedContracts.Contains(entry.Name)
                : StageAllowList.CheckAssembly(entry.Name).Reason == LoadRefusalReason.None)
            {
                return new LoadRefusal(LoadRefusalReason.ForbiddenAssembly, entry.Name + " (an archive entry may not replace a shared assembly)");
            }
        }

        var profile = new StageCheckProfile(entries.Select(e => e.Name));
        var hierarchy = new ClassHierarchy(entries.Select(e => KeyValuePair.Create(e.Name, e.Bytes)), parent);
        moduleVersionIds = new Guid[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var refusal = AppImageChecker.Check(entries[i].Bytes.Span, profile, out var name, out moduleVersionIds[i], hierarchy);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal with { Detail = refusal.Detail + " (in " + entries[i].Name + ")" };
            }

            if (name != entries[i].Name)
            {
                return new LoadRefusal(LoadRefusalReason.Malformed, $"archive entry {entries[i].Name} holds assembly {name}");
            }
        }

        return LoadRefusal.None;
    }

    private bool Refuse(LoadRefusal why)
    {
        StagesRefused++;
        LastRefusal = why;
        return false;
    }
}
