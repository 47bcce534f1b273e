using System.Reflection;
using System.Runtime.Loader;

namespace Rampart.Platform.Loading;

/// <summary>
/// One app's collectible context (ARCHITECTURE.md §2). It resolves from outside only the shared
/// contracts — <c>Rampart.Kernel.Abi</c>, <c>Rampart.Hal</c>, <c>Rampart.Wire</c>, from the
/// context that hosts the kernel — and the allow-listed BCL; the libraries an app archive brings
/// come from the archive (checked and instrumented like the app); any other name fails to load.
/// </summary>
internal sealed class AppLoadContext : AssemblyLoadContext
{
    /// <summary>The names an app resolves from its host, never from its own archive.</summary>
    public static readonly IReadOnlySet<string> SharedContracts = new HashSet<string>(StringComparer.Ordinal)
    {
        "Rampart.Kernel.Abi", "Rampart.Hal", "Rampart.Wire",
    };

    private readonly AssemblyLoadContext _host;
    // Names only: a collectible context that held its own Assembly objects would keep its
    // LoaderAllocator alive after Unload (the runtime roots the context strongly while unloading).
    private readonly HashSet<string> _own = new(StringComparer.Ordinal);

    public AppLoadContext(string name, AssemblyLoadContext host)
        : base(name, isCollectible: true)
    {
        _host = host;
    }

    /// <summary>Loads one of the archive's (already checked and instrumented) assemblies.</summary>
    public Assembly LoadOwn(string name, byte[] image)
    {
        using var stream = new MemoryStream(image, writable: false);
        var assembly = LoadFromStream(stream);
        _own.Add(name);
        return assembly;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? string.Empty;
        if (_own.Contains(name))
        {
            return Assemblies.First(a => a.GetName().Name == name);
        }

        if (SharedContracts.Contains(name))
        {
            return _host.LoadFromAssemblyName(assemblyName);
        }

        if (AllowList.CheckAssembly(name).Reason == Hal.CoreControl.LoadRefusalReason.None
            || (!name.StartsWith("Rampart.", StringComparison.Ordinal) && StageAllowList.CheckAssembly(name).Reason == Hal.CoreControl.LoadRefusalReason.None))
        {
            // The BCL: fall back to the default context.
            return null;
        }

        throw new FileNotFoundException("an app context resolves only its archive, the shared contracts and the BCL", name);
    }
}
