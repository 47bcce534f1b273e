namespace Rampart.Hal.CoreControl;

/// <summary>
/// A firmware stage loaded from a verified <see cref="FirmwareArchive"/> into its own collectible
/// context. The context resolves from outside only the shared contracts (Rampart.Hal,
/// Rampart.Wire) and the BCL; every other assembly the stage uses comes from its archive.
/// </summary>
public interface ILoadedStage
{
    /// <summary>The archive's entry assembly (simple name).</summary>
    string Name { get; }

    /// <summary>Module version ids of the assemblies loaded from the archive, in archive order.</summary>
    IReadOnlyList<Guid> ModuleVersionIds { get; }

    /// <summary>
    /// Creates the archive's entry type (public, non-abstract, parameterless constructor,
    /// implementing <typeparamref name="T"/>); refuses with <see cref="LoadRefusalReason.NoEntryPoint"/>.
    /// </summary>
    bool TryCreateEntry<T>(out T? instance, out LoadRefusal refusal)
        where T : class;

    /// <summary>
    /// A code loader for apps whose shared contracts (Rampart.Kernel.Abi among them) resolve from
    /// this stage's context: what the MCU runtime's kernel loads its apps with.
    /// </summary>
    ICodeLoader AppLoader { get; }

    /// <summary>True once <see cref="Unload"/> was called.</summary>
    bool IsUnloaded { get; }

    /// <summary>Starts unloading the context; callers drop every reference they hold into it.</summary>
    void Unload();

    /// <summary>A weak reference to the context, to observe that it was collected.</summary>
    WeakReference ContextWitness { get; }
}
