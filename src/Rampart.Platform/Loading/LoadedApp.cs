using System.Reflection;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>An app in its own collectible context; creating its entry object is the only reflection, and it happens here.</summary>
internal sealed class LoadedApp : ILoadedApp
{
    private AppLoadContext? _context;
    private Assembly? _assembly;
    private CompileAhead.Ticket? _compileAhead;

    public LoadedApp(string name, AppLoadContext context, Assembly assembly, ExecutionMeter meter, CompileAhead.Ticket? compileAhead)
    {
        _compileAhead = compileAhead;
        Name = name;
        _context = context;
        _assembly = assembly;
        Meter = meter;
        ContextWitness = new WeakReference(context, trackResurrection: false);
    }

    public string Name { get; }

    public ExecutionMeter Meter { get; }

    public bool IsUnloaded => _context is null;

    public WeakReference ContextWitness { get; }

    public bool TryCreate<T>(string typeName, out T? instance, out LoadRefusal refusal)
        where T : class
    {
        instance = null;
        var type = _assembly?.GetType(typeName, throwOnError: false);
        if (type is null || !type.IsPublic || type.IsAbstract || !typeof(T).IsAssignableFrom(type)
            || type.GetConstructor(Type.EmptyTypes) is not { IsPublic: true })
        {
            refusal = new LoadRefusal(LoadRefusalReason.NoEntryPoint, typeName + " (a public non-abstract " + typeof(T).Name + " with a public parameterless constructor)");
            return false;
        }

        instance = (T)Activator.CreateInstance(type, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, null, null, null)!;
        refusal = LoadRefusal.None;
        return true;
    }

    public void Unload()
    {
        Meter.Drain();
        CompileAhead.Retire(_compileAhead);
        _compileAhead = null;
        var context = _context;
        _assembly = null;
        _context = null;
        context?.Unload();
    }
}
