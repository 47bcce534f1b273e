using System.Reflection;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>A firmware stage in its own collectible context; creating its entry object is the only reflection, and it happens here.</summary>
internal sealed class LoadedStage : ILoadedStage
{
    private readonly string _entryTypeName;
    private readonly AppCodeLoader _appLoader;
    private StageLoadContext? _context;
    private Assembly? _entry;
    private CompileAhead.Ticket? _compileAhead;

    public LoadedStage(string name, string entryTypeName, StageLoadContext context, Assembly entry, IReadOnlyList<Guid> moduleVersionIds, CompileAhead.Ticket? compileAhead)
    {
        _compileAhead = compileAhead;
        Name = name;
        _entryTypeName = entryTypeName;
        _context = context;
        _entry = entry;
        ModuleVersionIds = moduleVersionIds;
        _appLoader = new AppCodeLoader(context);
        ContextWitness = new WeakReference(context, trackResurrection: false);
    }

    public string Name { get; }

    public IReadOnlyList<Guid> ModuleVersionIds { get; }

    public ICodeLoader AppLoader => _appLoader;

    public bool IsUnloaded => _context is null;

    /// <summary>This context's compile-ahead (docs/decisions/0281-compile-ahead.md), when an earlier context of the same assemblies taught it an order.</summary>
    internal CompileAhead.Ticket? CompileAheadTicket => _compileAhead;

    public WeakReference ContextWitness { get; }

    public bool TryCreateEntry<T>(out T? instance, out LoadRefusal refusal)
        where T : class
    {
        instance = null;
        var type = _entryTypeName.Length == 0 ? null : _entry?.GetType(_entryTypeName, throwOnError: false);
        if (type is null || !type.IsPublic || type.IsAbstract || !typeof(T).IsAssignableFrom(type)
            || type.GetConstructor(Type.EmptyTypes) is not { IsPublic: true })
        {
            refusal = new LoadRefusal(LoadRefusalReason.NoEntryPoint, "'" + _entryTypeName + "' (a public non-abstract " + typeof(T).Name + " with a public parameterless constructor in " + Name + ")");
            return false;
        }

        instance = (T)Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, null, null, null)!;
        refusal = LoadRefusal.None;
        return true;
    }

    public void Unload()
    {
        var context = _context;
        CompileAhead.Retire(_compileAhead);
        _compileAhead = null;
        _entry = null;
        _context = null;
        _appLoader.Retire();
        context?.Unload();
    }
}
