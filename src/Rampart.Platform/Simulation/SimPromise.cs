using System.Threading.Tasks.Sources;

namespace Rampart.Platform.Simulation;

/// <summary>
/// A pooled, reusable completion source behind the <see cref="ValueTask"/>s the simulator hands
/// out. Continuations captured on a core's context are posted back to the scheduler, so
/// firmware resumes inside the simulation, never on the thread pool. Such a continuation is held
/// here and posted to its core with cached callbacks (<see cref="OnCompleted"/>), so completing
/// a promise allocates nothing: the runtime's own scheduling-context path makes a delegate per
/// completion, and stage 2 completes a few hundred thousand promises per boot.
/// </summary>
internal sealed class SimPromise<T> : IValueTaskSource<T>, IValueTaskSource
{
    private static readonly Action<object?> Relay = static p => ((SimPromise<T>)p!).PostToCore();
    private static readonly SendOrPostCallback Resume = static p => ((SimPromise<T>)p!).RunHeld();
    private readonly Stack<SimPromise<T>> _pool;
    private ManualResetValueTaskSourceCore<T> _core;
    private Action<object?>? _heldContinuation;
    private object? _heldState;
    private SimCore? _heldCore;

    internal SimPromise(Stack<SimPromise<T>> pool)
    {
        _pool = pool;
        _core.RunContinuationsAsynchronously = false;
    }

    internal static SimPromise<T> Rent(Stack<SimPromise<T>> pool) => pool.TryPop(out var p) ? p : new SimPromise<T>(pool);

    internal ValueTask<T> Task => new(this, _core.Version);

    internal ValueTask UntypedTask => new(this, _core.Version);

    internal void SetResult(T value) => _core.SetResult(value);

    public T GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            _pool.Push(this);
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0
            && SynchronizationContext.Current is SimCore.CoreContext context)
        {
            // Awaited on a simulated core: resume there, through the scheduler, as the context would.
            _heldContinuation = continuation;
            _heldState = state;
            _heldCore = context.Core;
            _core.OnCompleted(Relay, this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
            return;
        }

        _core.OnCompleted(continuation, state, token, flags);
    }

    private void PostToCore() => _heldCore!.PostFromContext(Resume, this);

    private void RunHeld()
    {
        // The awaiter calls GetResult (which recycles this promise) from inside the continuation: take it first.
        var continuation = _heldContinuation!;
        var state = _heldState;
        _heldContinuation = null;
        _heldState = null;
        _heldCore = null;
        continuation(state);
    }
}
