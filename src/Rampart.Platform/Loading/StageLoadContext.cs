using System.Reflection;
using System.Runtime.Loader;

namespace Rampart.Platform.Loading;

/// <summary>
/// One firmware stage's collectible context (ARCHITECTURE.md §2): the shared contracts
/// (<c>Rampart.Hal</c>, <c>Rampart.Wire</c>) from the chip's context, the archive's own
/// assemblies from the archive bytes, the allow-listed BCL from the default context; any other
/// name fails to load.
/// </summary>
internal sealed class StageLoadContext : AssemblyLoadContext
{
    /// <summary>The names a stage resolves from the chip, never from its archive.</summary>
    public static readonly IReadOnlySet<string> SharedContracts = new HashSet<string>(StringComparer.Ordinal)
    {
        "Rampart.Hal", "Rampart.Wire",
    };

    private readonly AssemblyLoadContext _parent;
    // Names only: a collectible context that held its own Assembly objects would keep its
    // LoaderAllocator alive after Unload (the runtime roots the context strongly while unloading).
    private readonly HashSet<string> _own = new(StringComparer.Ordinal);

    public StageLoadContext(string name, AssemblyLoadContext parent)
        : base(name, isCollectible: true)
    {
        _parent = parent;
    }

    /// <summary>Loads one of the archive's (already checked) assemblies.</summary>
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
            return _parent.LoadFromAssemblyName(assemblyName);
        }

        if (!name.StartsWith("Rampart.", StringComparison.Ordinal) && StageAllowList.CheckAssembly(name).Reason == Hal.CoreControl.LoadRefusalReason.None)
        {
            // The BCL: fall back to the default context.
            return null;
        }

        throw new FileNotFoundException("a stage context resolves only its archive, the shared contracts and the BCL", name);
    }
}
