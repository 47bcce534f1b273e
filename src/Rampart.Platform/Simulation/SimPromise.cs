using System.Threading.Tasks.Sources;

namespace Rampart.Platform.Simulation;

/// <summary>
/// A pooled, reusable completion source behind the <see cref="ValueTask"/>s the simulator hands
/// out. Continuations captured on a core's context are posted back to the scheduler, so
/// firmware resumes inside the simulation, never on the thread pool.
/// </summary>
internal sealed class SimPromise<T> : IValueTaskSource<T>, IValueTaskSource
{
    private readonly Stack<SimPromise<T>> _pool;
    private ManualResetValueTaskSourceCore<T> _core;

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

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
