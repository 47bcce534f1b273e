using System.Diagnostics;
using Rampart.Hal.Time;
using Rampart.Protocols.Spdm;

namespace Rampart.Host.SpdmEmu;

/// <summary>
/// Carries SPDM requests from socket threads to a device that lives on a simulator's single
/// thread (decision 0271). The socket side calls <see cref="SendReceiveAsync"/> from any thread:
/// the request is queued and the call awaits its answer. The simulator side runs
/// <see cref="ServeAsync"/> on a simulated core: it forwards each queued request to the device
/// (e.g. <see cref="Mctp.MctpSpdmTransport"/>) and completes the caller with the answer; with
/// nothing queued it blocks its thread on the wall clock for at most <see cref="IdleTick"/> (woken
/// at once by a new request) and then lets exactly that much chip time pass, so virtual time
/// follows the wall clock while idle instead of racing ahead, and the simulator always has an
/// event pending. Requests run one at a time in arrival order.
/// </summary>
public sealed class SpdmRequestBridge : ISpdmRequesterTransport
{
    private readonly object _gate = new();
    private readonly Queue<Pending> _queue = new();
    private bool _closed;

    /// <summary>Creates a bridge for a device whose secured records follow <paramref name="profile"/>.</summary>
    public SpdmRequestBridge(SecuredTransportProfile profile) => Profile = profile;

    /// <inheritdoc/>
    public SecuredTransportProfile Profile { get; }

    /// <summary>The longest the simulator's thread waits on the wall clock per idle turn.</summary>
    public TimeSpan IdleTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Requests forwarded to the device so far.</summary>
    public long Forwarded { get; private set; }

    /// <summary>True once <see cref="Close"/> ran: every request is answered with nothing.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>
    /// Any thread: queues one request and waits for the device's answer; returns its length
    /// (0 = no answer, or the bridge is closed, or the answer does not fit <paramref name="response"/>).
    /// </summary>
    public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
    {
        var pending = new Pending(message.ToArray(), secured);
        lock (_gate)
        {
            if (_closed)
            {
                return 0;
            }

            _queue.Enqueue(pending);
            Monitor.Pulse(_gate);
        }

        byte[] answer;
        try
        {
            answer = await pending.Answer.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Abandoned: the simulator side skips it if it has not taken it yet.
            pending.Answer.TrySetResult([]);
            throw;
        }

        if (answer.Length > response.Length)
        {
            return 0;
        }

        answer.CopyTo(response);
        return answer.Length;
    }

    /// <summary>
    /// The simulator side, awaited on a simulated core (e.g. from <c>BootOptions.AfterBoot</c>):
    /// forwards queued requests to <paramref name="device"/> until <paramref name="stop"/> fires or
    /// <see cref="Close"/> runs, pacing idle time with <paramref name="timer"/>. Closes the bridge when it returns.
    /// </summary>
    public async Task ServeAsync(ISpdmRequesterTransport device, IChipTimer timer, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(timer);
        var buffer = new byte[8192];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                if (!TryTake(out var pending, out var closed))
                {
                    if (closed)
                    {
                        return;
                    }

                    // Idle: the wall-clock wait above let this much real time pass; so does the chip.
                    await timer.Delay(Stopwatch.GetElapsedTime(started).Ticks * 100);
                    continue;
                }

                if (pending!.Answer.Task.IsCompleted)
                {
                    continue;
                }

                try
                {
                    // The device's own timeouts (MCTP's, in chip time) bound this call.
                    var n = await device.SendReceiveAsync(pending.Message, buffer, pending.Secured, CancellationToken.None);
                    Forwarded++;
                    pending.Answer.TrySetResult(n > 0 && n <= buffer.Length ? buffer[..n] : []);
                }
                finally
                {
                    pending.Answer.TrySetResult([]);
                }
            }
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Any thread: answers every queued and later request with nothing and ends <see cref="ServeAsync"/>.</summary>
    public void Close()
    {
        List<Pending> abandoned;
        lock (_gate)
        {
            _closed = true;
            abandoned = [.. _queue];
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }

        foreach (var pending in abandoned)
        {
            pending.Answer.TrySetResult([]);
        }
    }

    /// <summary>Takes the next request, waiting at most <see cref="IdleTick"/> of wall time for one.</summary>
    private bool TryTake(out Pending? pending, out bool closed)
    {
        lock (_gate)
        {
            if (_queue.Count == 0 && !_closed)
            {
                Monitor.Wait(_gate, IdleTick);
            }

            closed = _closed;
            return _queue.TryDequeue(out pending);
        }
    }

    private sealed class Pending(byte[] message, bool secured)
    {
        public byte[] Message { get; } = message;

        public bool Secured { get; } = secured;

        public TaskCompletionSource<byte[]> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
