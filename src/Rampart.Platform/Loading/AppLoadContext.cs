using System.Reflection;
using System.Runtime.Loader;

namespace Rampart.Platform.Loading;

/// <summary>
/// One app's collectible context (ARCHITECTURE.md §2). It resolves from outside only the shared
/// contracts — <c>Rampart.Kernel.Abi</c>, <c>Rampart.Hal</c>, <c>Rampart.Wire</c>, from the
/// context that hosts the kernel — and the allow-listed BCL; any other name fails to load.
/// </summary>
internal sealed class AppLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> SharedContracts = new(StringComparer.Ordinal)
    {
        "Rampart.Kernel.Abi", "Rampart.Hal", "Rampart.Wire",
    };

    private readonly AssemblyLoadContext _host;

    public AppLoadContext(string name, AssemblyLoadContext host)
        : base(name, isCollectible: true)
    {
        _host = host;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? string.Empty;
        if (SharedContracts.Contains(name))
        {
            return _host.LoadFromAssemblyName(assemblyName);
        }

        if (AllowList.CheckAssembly(name).Reason == Hal.CoreControl.LoadRefusalReason.None)
        {
            // The BCL: fall back to the default context.
            return null;
        }

        throw new FileNotFoundException("an app context resolves only the shared contracts and the BCL", name);
    }
}
