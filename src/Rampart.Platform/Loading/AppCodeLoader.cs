using System.Reflection;
using System.Runtime.Loader;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// The chip's code loader for apps (ARCHITECTURE.md §2, KERNEL.md): check against the allow-list
/// (<see cref="AppImageChecker"/>), instrument (<see cref="AppInstrumenter"/>), then load the
/// instrumented bytes into a fresh collectible <see cref="AssemblyLoadContext"/>. A refused image
/// never reaches a context, so none of its code can run. An app is one assembly, or a
/// <see cref="FirmwareArchive"/> whose assemblies are the app first and then the libraries it
/// brings (Rampart.Protocols…): each passes the same check and instrumentation, all share the
/// app's one <see cref="ExecutionMeter"/> and live in the app's one context. Library references
/// arrive resolved (decision 0272): the loader sees, checks and loads the bytes, and refuses a
/// reference left unresolved by its name.
/// </summary>
public sealed class AppCodeLoader : ICodeLoader
{
    private AssemblyLoadContext? _host;
    private int _sequence;

    /// <summary>Creates a loader whose apps resolve the shared contracts from <paramref name="host"/> (the default context when null).</summary>
    public AppCodeLoader(AssemblyLoadContext? host = null)
    {
        _host = host ?? AssemblyLoadContext.Default;
    }

    /// <summary>Images accepted and loaded.</summary>
    public int Loaded { get; private set; }

    /// <summary>Images refused.</summary>
    public int Refused { get; private set; }

    /// <summary>The most recent refusal, for diagnostics.</summary>
    public LoadRefusal LastRefusal { get; private set; } = LoadRefusal.None;

    /// <summary>Runs only the load-time check (no instrumentation, no context).</summary>
    public static LoadRefusal Check(ReadOnlySpan<byte> image) => AppImageChecker.Check(image);

    /// <inheritdoc />
    public bool TryLoadApp(ReadOnlySpan<byte> image, AppLoadLimits limits, out ILoadedApp? app, out LoadRefusal refusal)
    {
        app = null;
        var host = _host;
        if (host is null)
        {
            return Refuse(new LoadRefusal(LoadRefusalReason.NotPermitted, "the stage hosting this loader was unloaded"), out refusal);
        }

        if (image.Length > limits.MaxImageBytes)
        {
            return Refuse(new LoadRefusal(LoadRefusalReason.TooLarge, $"{image.Length} bytes > {limits.MaxImageBytes}"), out refusal);
        }

        // A restart, or another chip in this process, reloads the same bytes: checked and instrumented once.
        // A host that has not loaded the ABI reads its structs leniently (decision 0160): its verdicts are kept apart.
        var digest = CheckedCodeCache.Key(ClassHierarchy.Reads(host, "Rampart.Kernel.Abi") ? "app" : "app (no Rampart.Kernel.Abi in the host)", image);
        if (!CheckedCodeCache.TryGet<InstrumentedAssembly[]>(digest, out var assemblies))
        {
            refusal = Prepare(image, host, out assemblies);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return Refuse(refusal, out refusal);
            }

            CheckedCodeCache.Add(digest, assemblies);
        }

        var meter = new ExecutionMeter(limits.MaxDepth);
        var context = new AppLoadContext("rampart-app-" + (++_sequence), host);
        try
        {
            var loaded = new List<Assembly>(assemblies.Length);
            foreach (var assembly in assemblies)
            {
                var own = context.LoadOwn(assembly.Name, assembly.Image);
                var holder = own.GetType(AppImageChecker.MeterTypeName, throwOnError: true)!;
                holder.GetField(AppInstrumenter.MeterFieldName, BindingFlags.NonPublic | BindingFlags.Static)!.SetValue(null, meter);
                loaded.Add(own);
            }

            app = new LoadedApp(loaded[0].GetName().Name ?? "app", context, loaded[0], meter, CompileAhead.Start(loaded));
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException)
        {
            context.Unload();
            CheckedCodeCache.Remove(digest);
            return Refuse(new LoadRefusal(LoadRefusalReason.Malformed, "the runtime refused the image: " + e.Message), out refusal);
        }

        Loaded++;
        refusal = LoadRefusal.None;
        return true;
    }

    /// <summary>An app loader loads apps only: stages are launched by the chip (<see cref="ChipCodeLoader"/>).</summary>
    public bool TryLoadStage(ReadOnlyMemory<byte> archive, out ILoadedStage? stage, out LoadRefusal refusal)
    {
        stage = null;
        return Refuse(new LoadRefusal(LoadRefusalReason.NotPermitted, "an app loader does not launch stages"), out refusal);
    }

    /// <summary>Drops the host context (its stage was unloaded): later loads are refused, and the context can be collected.</summary>
    internal void Retire()
    {
        _host = null;
    }

    /// <summary>Checks and instruments a bare app assembly or every assembly of an app archive.</summary>
    private static LoadRefusal Prepare(ReadOnlySpan<byte> image, AssemblyLoadContext host, out InstrumentedAssembly[] assemblies)
    {
        assemblies = [];
        if (!FirmwareArchive.HasMagic(image))
        {
            var single = AppImageChecker.Check(image, AppCheckProfile.Single, out var name, out _, ClassHierarchy.HostOnly(host));
            if (single.Reason != LoadRefusalReason.None)
            {
                return single;
            }

            return Instrument(image, name, out var instrumented) is { Reason: not LoadRefusalReason.None } failed
                ? failed
                : Done([instrumented], out assemblies);
        }

        if (!FirmwareArchive.TryRead(image.ToArray(), out var archive))
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "not a well-formed firmware archive");
        }

        if (archive!.Apps.Any())
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "an app archive carries assemblies only");
        }

        // The image carrying the app resolves its library references before the kernel asks for a
        // load (FirmwareArchive.ResolveLibraries, decision 0272); one still here named nothing there.
        if (archive.LibraryReferences.FirstOrDefault() is { } dangling)
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenAssembly, dangling.Name + " (a library reference the carrying image does not resolve)");
        }

        var entries = archive.Assemblies.ToList();
        foreach (var entry in entries)
        {
            if (AppLoadContext.SharedContracts.Contains(entry.Name) || AllowList.CheckAssembly(entry.Name).Reason == LoadRefusalReason.None)
            {
                return new LoadRefusal(LoadRefusalReason.ForbiddenAssembly, entry.Name + " (an archive entry may not replace a shared assembly)");
            }
        }

        // The app itself passes the app rules; the firmware libraries it carries (protocol engines from
        // the same signed runtime image) pass the stage rules, which refuse threads, files, reflection,
        // P/Invoke and mutable statics but allow the pure BCL members those libraries use (decision 0240).
        // Both are instrumented, so library code the app calls runs on the app's fuel.
        var names = entries.Select(e => e.Name).ToList();
        var appProfile = new AppCheckProfile(names);
        var libraryProfile = new StageCheckProfile(names);
        var hierarchy = new ClassHierarchy(entries.Select(e => KeyValuePair.Create(e.Name, e.Bytes)), host);
        var result = new InstrumentedAssembly[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var refusal = AppImageChecker.Check(entries[i].Bytes.Span, i == 0 ? appProfile : libraryProfile, out var name, out _, hierarchy);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal with { Detail = refusal.Detail + " (in " + entries[i].Name + ")" };
            }

            if (name != entries[i].Name)
            {
                return new LoadRefusal(LoadRefusalReason.Malformed, $"archive entry {entries[i].Name} holds assembly {name}");
            }

            refusal = Instrument(entries[i].Bytes.Span, name, out result[i]);
            if (refusal.Reason != LoadRefusalReason.None)
            {
                return refusal;
            }
        }

        return Done(result, out assemblies);
    }

    private static LoadRefusal Done(InstrumentedAssembly[] result, out InstrumentedAssembly[] assemblies)
    {
        assemblies = result;
        return LoadRefusal.None;
    }

    private static LoadRefusal Instrument(ReadOnlySpan<byte> image, string name, out InstrumentedAssembly instrumented)
    {
        instrumented = new InstrumentedAssembly(name, []);
        try
        {
            instrumented = new InstrumentedAssembly(name, AppInstrumenter.Instrument(image, out _, out _));
            return LoadRefusal.None;
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException or NotSupportedException
            or IndexOutOfRangeException or NullReferenceException or InvalidCastException or Mono.Cecil.AssemblyResolutionException)
        {
            return new LoadRefusal(LoadRefusalReason.Malformed, "instrumentation failed: " + e.Message);
        }
    }

    private bool Refuse(LoadRefusal why, out LoadRefusal refusal)
    {
        Refused++;
        LastRefusal = why;
        refusal = why;
        return false;
    }

    private sealed record InstrumentedAssembly(string Name, byte[] Image);
}
