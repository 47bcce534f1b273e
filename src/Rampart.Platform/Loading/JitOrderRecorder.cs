using System.Diagnostics.Tracing;
using System.Reflection;

namespace Rampart.Platform.Loading;

/// <summary>
/// Listens to the runtime's own JIT events (<c>MethodLoadVerbose</c> of the
/// <c>Microsoft-Windows-DotNETRuntime</c> source, keyword JIT) and writes down, for the firmware
/// contexts it is told to watch, which of their methods were compiled and in what order
/// (docs/decisions/0281-compile-ahead.md). Events arrive on the runtime's dispatcher thread.
/// A module is recognised by the one fact the event and reflection share: the method's runtime
/// handle (<c>MethodID</c>) for a token of that module. Only non-generic, non-dynamic methods are
/// written down: they are the ones that can be compiled again from a token alone.
/// </summary>
internal sealed class JitOrderRecorder : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const long JitKeyword = 0x10;
    private const string MethodLoadVerbose = "MethodLoadVerbose";

    // MethodFlags of MethodLoad*: bit 0 dynamic, bit 1 generic (an instantiation: not recompilable from its token).
    private const uint DynamicOrGeneric = 0x3;

    // _gate guards the watch lists and is the only lock the dispatcher thread takes; _switch
    // serialises enabling and disabling, which waits for the dispatcher, so it is never taken with _gate held.
    private readonly object _gate = new();
    private readonly object _switch = new();
    private readonly List<Recording> _watched = [];
    private readonly Dictionary<ulong, (Recording Recording, int Module)> _modules = [];
    private readonly HashSet<ulong> _foreign = [];
    private EventSource? _runtime;
    private bool _enabled;

    /// <summary>Starts watching one freshly loaded context's assemblies; the recording fills as events arrive.</summary>
    public void Watch(Recording recording)
    {
        lock (_gate)
        {
            _watched.RemoveAll(r => !r.IsAlive);
            _watched.Add(recording);

            // A module id seen before may have belonged to another module (ids are reused once a context is collected).
            _foreign.Clear();
        }

        Switch();
    }

    /// <summary>Stops listening once no watched context is alive (a steady state loads only known contexts).</summary>
    public void Prune()
    {
        lock (_gate)
        {
            _watched.RemoveAll(r => !r.IsAlive);
            if (_watched.Count > 0)
            {
                return;
            }

            _modules.Clear();
            _foreign.Clear();
        }

        Switch();
    }

    /// <inheritdoc/>
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // May run from the base constructor (field initialisers have run by then, the constructor body has not).
        if (eventSource.Name == RuntimeSource)
        {
            _runtime = eventSource;
            Switch();
        }
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith(MethodLoadVerbose, StringComparison.Ordinal)
            || eventData.Payload is not { Count: >= 6 } payload
            || payload[0] is not ulong methodId || payload[1] is not ulong moduleId || payload[4] is not uint token
            || payload[5] is not uint flags || (flags & DynamicOrGeneric) != 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_modules.TryGetValue(moduleId, out var known))
            {
                if (known.Recording.IsAlive)
                {
                    known.Recording.Add(known.Module, (int)token);
                    return;
                }

                _modules.Remove(moduleId);
            }

            if (_foreign.Contains(moduleId))
            {
                return;
            }

            foreach (var recording in _watched)
            {
                var module = recording.Find(methodId, (int)token);
                if (module >= 0)
                {
                    _modules[moduleId] = (recording, module);
                    recording.Add(module, (int)token);
                    return;
                }
            }

            _foreign.Add(moduleId);
        }
    }

    // Listens exactly while some watched context may still be alive.
    private void Switch()
    {
        lock (_switch)
        {
            bool wanted;
            lock (_gate)
            {
                wanted = _watched.Count > 0;
            }

            if (_runtime is not { } runtime || wanted == _enabled)
            {
                return;
            }

            if (wanted)
            {
                EnableEvents(runtime, EventLevel.Verbose, (EventKeywords)JitKeyword);
            }
            else
            {
                DisableEvents(runtime);
            }

            _enabled = wanted;
        }
    }

    /// <summary>One method compiled: its assembly's index in the context and its token.</summary>
    internal readonly record struct Compiled(int Module, int Token);

    /// <summary>The order one context's methods were compiled in.</summary>
    internal sealed class Recording
    {
        private readonly WeakReference<Assembly>[] _assemblies;
        private readonly List<Compiled> _order = [];
        private readonly HashSet<(int, int)> _seen = [];

        public Recording(IReadOnlyList<Assembly> assemblies)
        {
            _assemblies = assemblies.Select(a => new WeakReference<Assembly>(a)).ToArray();
        }

        private volatile bool _retired;

        /// <summary>Whether any of the context's assemblies is still reachable.</summary>
        public bool IsAlive => _assemblies.Any(a => a.TryGetTarget(out _));

        /// <summary>Whether the watched context was unloaded or collected: it compiles nothing new.</summary>
        public bool IsFinished => _retired || !IsAlive;

        /// <summary>Marks the watched context unloaded (events already on their way are still written down).</summary>
        public void Retire() => _retired = true;

        /// <summary>A copy of what has been written down so far.</summary>
        public Compiled[] Snapshot()
        {
            lock (_order)
            {
                return [.. _order];
            }
        }

        internal void Add(int module, int token)
        {
            lock (_order)
            {
                if (_seen.Add((module, token)))
                {
                    _order.Add(new Compiled(module, token));
                }
            }
        }

        /// <summary>The index of the assembly whose method <paramref name="token"/> has the runtime handle <paramref name="methodId"/>, or -1.</summary>
        internal int Find(ulong methodId, int token)
        {
            for (var i = 0; i < _assemblies.Length; i++)
            {
                if (_assemblies[i].TryGetTarget(out var assembly)
                    && CompileAhead.TryResolve(assembly.ManifestModule, token) is { } method
                    && (ulong)method.MethodHandle.Value == methodId)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
