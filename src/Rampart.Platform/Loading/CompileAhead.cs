using System.Reflection;
using System.Runtime.CompilerServices;

namespace Rampart.Platform.Loading;

/// <summary>
/// Compiles a freshly loaded firmware context's methods on another core before the simulator needs
/// them (docs/decisions/0281-compile-ahead.md). Collectible code is never tiered, never
/// precompiled, and the runtime's own profile-guided background JIT (multicore JIT) does not take
/// it, so every context a boot loads is compiled afresh on the simulator's thread. The first
/// context of a given set of assemblies (the same module version ids) is watched: the runtime's
/// JIT events write down which of its methods were compiled and in what order. A later context
/// of the same assemblies hands that list to one background thread, which compiles it from a
/// third of the way in (see <see cref="Job"/>), the oldest context's list first. Only compilation moves: no firmware code runs on that thread
/// beyond what the runtime itself runs to prepare a method (a static constructor it triggers),
/// the loaded bytes are the verified bytes, and nothing keeps a context alive once it is retired.
/// </summary>
internal static class CompileAhead
{
    /// <summary>How many assembly sets' compile orders are kept (the oldest is dropped).</summary>
    private const int MaxProfiles = 64;

    private static readonly object Gate = new();
    private static readonly Dictionary<string, JitOrderRecorder.Recording> Recordings = new(StringComparer.Ordinal);
    // Kept orders, oldest first (the first is dropped beyond MaxProfiles).
    private static readonly OrderedDictionary<string, JitOrderRecorder.Compiled[]> Profiles = new(StringComparer.Ordinal);
    private static readonly List<Job> Active = [];
    private static JitOrderRecorder? _recorder;
    private static Thread? _worker;

    /// <summary>Whether compile-ahead runs at all (RAMPART_COMPILE_AHEAD=0 turns it off, for measurements).</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("RAMPART_COMPILE_AHEAD") != "0";

    /// <summary>
    /// Called once a context's assemblies are loaded: starts compiling them ahead from a known
    /// order, or watches them to learn it. Returns what <see cref="Retire"/> takes when the context
    /// is unloaded.
    /// </summary>
    public static Ticket? Start(IReadOnlyList<Assembly> assemblies)
    {
        if (!Enabled || assemblies.Count == 0)
        {
            return null;
        }

        var key = KeyOf(assemblies.Select(a => a.ManifestModule.ModuleVersionId));
        lock (Gate)
        {
            _recorder?.Prune();
            Settle(key);
            if (!Profiles.TryGetValue(key, out var order) && Recordings.TryGetValue(key, out var recording))
            {
                // The watched context is done (unloaded or collected): its order is final. While it
                // still runs (another chip of the same firmware), this context takes what is known so far.
                var snapshot = recording.Snapshot();
                if (recording.IsFinished)
                {
                    Recordings.Remove(key);
                    if (snapshot.Length > 0)
                    {
                        Keep(key, snapshot);
                    }
                }

                order = snapshot.Length > 0 ? snapshot : null;
            }

            if (order is null)
            {
                if (Recordings.ContainsKey(key))
                {
                    return null;
                }

                var watch = new JitOrderRecorder.Recording(assemblies);
                Recordings[key] = watch;
                _recorder ??= new JitOrderRecorder();
                _recorder.Watch(watch);
                return new Ticket(watch);
            }

            var job = new Job(assemblies, order);
            EnsureWorker();
            lock (Active)
            {
                Active.Add(job);
                Monitor.Pulse(Active);
            }

            return new Ticket(job);
        }
    }

    /// <summary>How many methods are written down for the context of these module version ids (watched or known).</summary>
    internal static int Recorded(IEnumerable<Guid> moduleVersionIds)
    {
        var key = KeyOf(moduleVersionIds);
        lock (Gate)
        {
            return Profiles.TryGetValue(key, out var order) ? order.Length
                : Recordings.TryGetValue(key, out var recording) ? recording.Snapshot().Length
                : 0;
        }
    }

    /// <summary>Whether a context of these module version ids is being watched (its order not yet kept).</summary>
    internal static bool IsWatched(IEnumerable<Guid> moduleVersionIds)
    {
        var key = KeyOf(moduleVersionIds);
        lock (Gate)
        {
            return Recordings.ContainsKey(key);
        }
    }

    /// <summary>Called when the context is unloaded: its compilation stops, and the background thread lets go of it.</summary>
    public static void Retire(Ticket? ticket)
    {
        ticket?.Job?.Cancel();
        ticket?.Recording?.Retire();
    }

    /// <summary>Resolves a method token of <paramref name="module"/>, or null for a token that names none.</summary>
    internal static MethodBase? TryResolve(Module module, int token)
    {
        try
        {
            return module.ResolveMethod(token);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException or FileNotFoundException or FileLoadException)
        {
            return null;
        }
    }

    // A watched context that has been collected leaves its order among the kept ones (at most
    // MaxProfiles), so recordings of firmware never loaded again do not pile up. The key being
    // loaded is left to the caller, which takes its snapshot.
    private static void Settle(string loading)
    {
        foreach (var (key, recording) in Recordings.Where(r => r.Key != loading && !r.Value.IsAlive).ToList())
        {
            Recordings.Remove(key);
            if (recording.Snapshot() is { Length: > 0 } order)
            {
                Keep(key, order);
            }
        }
    }

    private static string KeyOf(IEnumerable<Guid> moduleVersionIds) => string.Join(",", moduleVersionIds.Select(id => id.ToString("N")));

    private static void Keep(string key, JitOrderRecorder.Compiled[] order) => KeepNewest(Profiles, key, order, MaxProfiles);

    /// <summary>Keeps <paramref name="value"/> as the newest entry, dropping the oldest beyond <paramref name="max"/>.</summary>
    internal static void KeepNewest<T>(OrderedDictionary<string, T> kept, string key, T value, int max)
    {
        kept.Remove(key);
        kept.Add(key, value);
        while (kept.Count > max)
        {
            kept.RemoveAt(0);
        }
    }

    private static void EnsureWorker()
    {
        if (_worker is not null)
        {
            return;
        }

        _worker = new Thread(Work) { IsBackground = true, Name = "rampart-compile-ahead" };
        _worker.Start();
    }

    // The oldest job first: an app loaded while the MCU runtime's job runs starts its own code at
    // once (its job would only race the simulator's thread), while what the runtime still has
    // to compile is full-optimization code it needs a little later. Measured: oldest-first beat
    // newest-first by ~10 % of the boot.
    private static void Work()
    {
        while (true)
        {
            Job? job;
            lock (Active)
            {
                Active.RemoveAll(j => j.IsFinished);
                while (Active.Count == 0)
                {
                    Monitor.Wait(Active);
                }

                job = Active[0];
            }

            job.Step();
        }
    }

    /// <summary>What a loaded context holds to retire its compile-ahead job, or the recording that watches it.</summary>
    internal sealed class Ticket
    {
        internal Ticket(Job job)
        {
            Job = job;
        }

        internal Ticket(JitOrderRecorder.Recording recording)
        {
            Recording = recording;
        }

        internal Job? Job { get; }

        internal JitOrderRecorder.Recording? Recording { get; }

        /// <summary>Methods compiled ahead so far (none for a watched context).</summary>
        public int Compiled => Job?.Compiled ?? 0;

        /// <summary>Whether the background thread is done with this context (all compiled, or retired); a watched context has no job.</summary>
        public bool IsFinished => Job?.IsFinished ?? true;
    }

    /// <summary>
    /// One context's methods to compile, one <see cref="Step"/> at a time: from a third of the way
    /// into the recorded order to its end, then from there back to the front. The simulator's
    /// thread compiles the first methods it needs itself while this one starts; starting where it
    /// is not yet keeps the two from queueing on the same method, and what comes later in the
    /// boot is ready long before it is needed.
    /// </summary>
    internal sealed class Job
    {
        private readonly WeakReference<Assembly>[] _assemblies;
        private readonly JitOrderRecorder.Compiled[] _order;
        private readonly object _step = new();
        private readonly int _start;
        // Advanced when a step is done (volatile: whoever sees the job finished sees every method it compiled counted).
        private volatile int _next;
        private volatile bool _cancelled;

        public Job(IReadOnlyList<Assembly> assemblies, JitOrderRecorder.Compiled[] order)
        {
            _assemblies = assemblies.Select(a => new WeakReference<Assembly>(a)).ToArray();
            _order = order;
            _start = StartOf(order.Length);
        }

        /// <summary>Methods compiled so far.</summary>
        public int Compiled { get; private set; }

        /// <summary>Whether nothing is left to do.</summary>
        public bool IsFinished => _cancelled || _next >= _order.Length;

        /// <summary>Stops the job and returns once the background thread is out of it.</summary>
        public void Cancel()
        {
            _cancelled = true;
            lock (_step)
            {
            }
        }

        /// <summary>The position in the recorded order of the <paramref name="n"/>th method to compile, starting at <paramref name="start"/>.</summary>
        public static int Schedule(int n, int count, int start) =>
            n < count - start ? start + n : start - 1 - (n - (count - start));

        /// <summary>Where to start: a third of the way into the recorded order (measured against 0, 0.15, 0.5).</summary>
        public static int StartOf(int count) => count / 3;

        /// <summary>Compiles the next method; false once the job is finished.</summary>
        public bool Step()
        {
            lock (_step)
            {
                if (IsFinished)
                {
                    return false;
                }

                var (index, token) = _order[Schedule(_next, _order.Length, _start)];
                try
                {
                    if ((uint)index < (uint)_assemblies.Length && _assemblies[index].TryGetTarget(out var assembly)
                        && TryResolve(assembly.ManifestModule, token) is { } method && Compilable(method))
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        Compiled++;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A background thread must not take the process down; the simulator's thread
                    // meets the same problem when it calls the method, and reports it there.
                }
                finally
                {
                    _next++;
                }

                return !IsFinished;
            }
        }

        private static bool Compilable(MethodBase method) =>
            !method.IsAbstract && !method.ContainsGenericParameters && method.DeclaringType is not { ContainsGenericParameters: true }
            && (method.MethodImplementationFlags & (MethodImplAttributes.InternalCall | MethodImplAttributes.Runtime | MethodImplAttributes.Native)) == 0
            && (method.Attributes & MethodAttributes.PinvokeImpl) == 0;
    }
}
