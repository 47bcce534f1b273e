using System.Runtime.Loader;

namespace Rampart.Platform.Loading;

/// <summary>
/// One app's collectible context (ARCHITECTURE.md §2). It resolves from outside only the shared
/// contracts — <c>Rampart.Kernel.Abi</c>, <c>Rampart.Hal</c>, <c>Rampart.Wire</c>, from the
/// context that hosts the kernel — and the allow-listed BCL; the libraries an app archive brings
/// come from the archive (checked and instrumented like the app); any other name fails to load.
/// </summary>
internal sealed class AppLoadContext : ArchiveLoadContext
{
    /// <summary>The names an app resolves from its host, never from its own archive.</summary>
    public static readonly IReadOnlySet<string> SharedContracts = new HashSet<string>(StringComparer.Ordinal)
    {
        "Rampart.Kernel.Abi", "Rampart.Hal", "Rampart.Wire",
    };

    public AppLoadContext(string name, AssemblyLoadContext host)
        : base(name, host, SharedContracts)
    {
    }

    /// <inheritdoc/>
    /// <remarks>The app's own references passed the app rules; its libraries passed the stage rules, so both lists apply.</remarks>
    protected override bool IsAllowedFramework(string name) =>
        AllowList.CheckAssembly(name).Reason == Hal.CoreControl.LoadRefusalReason.None
        || (!name.StartsWith("Rampart.", StringComparison.Ordinal) && StageAllowList.CheckAssembly(name).Reason == Hal.CoreControl.LoadRefusalReason.None);
}
