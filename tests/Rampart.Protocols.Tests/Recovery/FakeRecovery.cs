using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Wire.Recovery;

namespace Rampart.Protocols.Tests.Recovery;

/// <summary>
/// A hand-driven recovery block, timer and scheduler: the test plays the agent (announce, push,
/// activate), moves time, and pumps the receiver's continuations on one thread.
/// </summary>
internal sealed class FakeRecovery : SynchronizationContext, IRecoveryInterface, IChipTimer
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private readonly Queue<byte> _fifo = new();
    private readonly List<(long Deadline, TaskCompletionSource Done)> _timers = [];
    private TaskCompletionSource? _change;
    private bool _latched;

    public long Now { get; private set; }

    public List<string> Published { get; } = [];

    public DeviceStatusCode Device { get; private set; }

    public RecoveryReason Reason { get; private set; }

    public RecoveryStatusCode Status { get; private set; }

    public byte Index { get; private set; }

    public long ImageSizeBytes { get; private set; }

    public int FifoCount => _fifo.Count;

    public bool ActivateRequested { get; private set; }

    public int PendingTimers => _timers.Count;

    public void SetDeviceStatus(DeviceStatusCode status, RecoveryReason reason)
    {
        Device = status;
        Reason = reason;
        Published.Add($"device {status}");
    }

    public void SetRecoveryStatus(RecoveryStatusCode status, byte imageIndex)
    {
        Status = status;
        Index = imageIndex;
        Published.Add($"recovery {status} {imageIndex}");
    }

    public void SetHardwareStatus(HwStatusFlags flags, byte temperature)
    {
    }

    public int ReadFifo(Span<byte> destination)
    {
        var n = 0;
        while (n < destination.Length && _fifo.TryDequeue(out var b))
        {
            destination[n++] = b;
        }

        return n;
    }

    public void ClearActivate() => ActivateRequested = false;

    public ValueTask WaitForChange()
    {
        if (_latched)
        {
            _latched = false;
            return ValueTask.CompletedTask;
        }

        _change ??= new TaskCompletionSource();
        return new ValueTask(_change.Task);
    }

    public ValueTask Delay(long nanoseconds) => DelayUntil(Now + nanoseconds);

    public ValueTask DelayUntil(long deadline)
    {
        var done = new TaskCompletionSource();
        _timers.Add((deadline, done));
        return new ValueTask(done.Task);
    }

    // The agent's side.
    public void Announce(long bytes, bool reset = true)
    {
        ImageSizeBytes = bytes;
        if (reset)
        {
            _fifo.Clear();
        }

        Changed();
    }

    public void Push(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            _fifo.Enqueue(b);
        }

        Changed();
    }

    public void Activate()
    {
        ActivateRequested = true;
        Changed();
    }

    public void Advance(long nanoseconds)
    {
        Now += nanoseconds;
        foreach (var timer in _timers.Where(t => t.Deadline <= Now).ToArray())
        {
            _timers.Remove(timer);
            timer.Done.SetResult();
        }

        Pump();
    }

    /// <summary>Starts <paramref name="body"/> with this object as the synchronization context and runs what it posts.</summary>
    public Task<T> Start<T>(Func<ValueTask<T>> body)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            var task = body().AsTask();
            Pump();
            return task;
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public void Pump()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            while (_posted.TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    public override SynchronizationContext CreateCopy() => this;

    private void Changed()
    {
        var change = _change;
        _change = null;
        if (change is null)
        {
            _latched = true;
        }
        else
        {
            change.SetResult();
        }

        Pump();
    }
}
