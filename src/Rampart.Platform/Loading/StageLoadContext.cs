using System.Runtime.Loader;

namespace Rampart.Platform.Loading;

/// <summary>
/// One firmware stage's collectible context (ARCHITECTURE.md §2): the shared contracts
/// (<c>Rampart.Hal</c>, <c>Rampart.Wire</c>) from the chip's context, the archive's own
/// assemblies from the archive bytes, the allow-listed BCL from the default context; any other
/// name fails to load.
/// </summary>
internal sealed class StageLoadContext : ArchiveLoadContext
{
    /// <summary>The names a stage resolves from the chip, never from its archive.</summary>
    public static readonly IReadOnlySet<string> SharedContracts = new HashSet<string>(StringComparer.Ordinal)
    {
        "Rampart.Hal", "Rampart.Wire",
    };

    public StageLoadContext(string name, AssemblyLoadContext parent)
        : base(name, parent, SharedContracts)
    {
    }

    /// <inheritdoc/>
    protected override bool IsAllowedFramework(string name) =>
        !name.StartsWith("Rampart.", StringComparison.Ordinal) && StageAllowList.CheckAssembly(name).Reason == Hal.CoreControl.LoadRefusalReason.None;
}
