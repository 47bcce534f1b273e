using System.Reflection;
using System.Runtime.Loader;

namespace Rampart.Platform.Loading;

/// <summary>
/// A collectible context holding the (already checked) assemblies of one archive: a firmware stage
/// or an app (ARCHITECTURE.md §2). It resolves its own names from the archive, the shared
/// contracts from its host context, the BCL its allow-list admits from the default context; any
/// other name fails to load.
/// </summary>
internal abstract class ArchiveLoadContext : AssemblyLoadContext
{
    private readonly AssemblyLoadContext _host;
    private readonly IReadOnlySet<string> _shared;

    // Names only: a collectible context that held its own Assembly objects would keep its
    // LoaderAllocator alive after Unload (the runtime roots the context strongly while unloading).
    private readonly HashSet<string> _own = new(StringComparer.Ordinal);

    protected ArchiveLoadContext(string name, AssemblyLoadContext host, IReadOnlySet<string> sharedContracts)
        : base(name, isCollectible: true)
    {
        _host = host;
        _shared = sharedContracts;
    }

    /// <summary>Loads one of the archive's assemblies.</summary>
    public Assembly LoadOwn(string name, byte[] image)
    {
        using var stream = new MemoryStream(image, writable: false);
        var assembly = LoadFromStream(stream);
        _own.Add(name);
        return assembly;
    }

    /// <summary>Whether <paramref name="name"/> is a BCL assembly this context may take from the default context.</summary>
    protected abstract bool IsAllowedFramework(string name);

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? string.Empty;
        if (_own.Contains(name))
        {
            return Assemblies.First(a => a.GetName().Name == name);
        }

        if (_shared.Contains(name))
        {
            return _host.LoadFromAssemblyName(assemblyName);
        }

        if (IsAllowedFramework(name))
        {
            // The BCL: fall back to the default context.
            return null;
        }

        throw new FileNotFoundException("a " + GetType().Name + " resolves only its archive, the shared contracts and the BCL", name);
    }
}
