using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Protocols.Mctp;
using Rampart.Wire.Bindings;
using Rampart.Wire.Mctp;

namespace Rampart.Host.Mctp;

/// <summary>
/// The BMC's MCTP endpoint (bus owner) towards one device over I3C (DSP0236, DSP0233): assigns the
/// device's EID with Set Endpoint ID, sends messages as private writes (packetized, PEC), receives
/// by waiting for IBIs with MDB 0xAE and reading one packet per private read, matches responses
/// by tag with a timeout and retries on chip time (<see cref="IChipTimer"/>), queues the device's
/// own requests for <see cref="ReceiveRequestAsync"/>, and reports every whole message to
/// <see cref="Capture"/>. All calls come from one (simulated) core; bus transfers are serialized.
/// </summary>
public sealed partial class MctpHostEndpoint : IMctpMessageSink, IMctpObserver
{
    private readonly II3cController _controller;
    private readonly IChipTimer _timer;
    private readonly IClock _clock;
    private readonly MctpHostOptions _options;
    private readonly MctpMux _mux;
    private readonly byte[] _writeBuffer;
    private readonly byte[] _readBuffer;
    private readonly Dictionary<uint, TaskCompletionSource<byte[]>> _waiting = [];
    private readonly Queue<MctpHostRequest> _requests = new();
    private readonly Queue<TaskCompletionSource> _busWaiters = new();
    private TaskCompletionSource? _requestArrived;
    private uint _nextCookie = 1;
    private byte _instanceId;
    private bool _busBusy;
    private bool _stopped;
    private Task? _pump;

    /// <summary>Creates the endpoint; nothing happens on the bus until <see cref="StartAsync"/>.</summary>
    public MctpHostEndpoint(II3cController controller, IChipTimer timer, IClock clock, MctpHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(clock);
        _controller = controller;
        _timer = timer;
        _clock = clock;
        _options = options ?? new MctpHostOptions();
        _mux = new MctpMux(_options.ToMuxOptions()) { Observer = this };
        _writeBuffer = new byte[_mux.Options.MaxTransferSize];
        _readBuffer = new byte[_mux.Options.MaxTransferSize];
        for (var type = 1; type < 128; type++)
        {
            _mux.Register((MctpMessageType)type, this);
        }
    }

    /// <summary>Called with every whole message sent or received, in order.</summary>
    public Action<MctpCapturedMessage>? Capture { get; set; }

    /// <summary>The device's EID (its assigned one once <see cref="StartAsync"/> succeeded; 0 before).</summary>
    public byte DeviceEid { get; private set; }

    /// <summary>The host's own EID.</summary>
    public byte LocalEid => _mux.LocalEid;

    /// <summary>The mux counters (bad PEC, reassembly drops, unexpected responses...).</summary>
    public MctpMuxCounters Counters => _mux.Counters;

    /// <summary>Requests still waiting for a response (0 once every call has returned).</summary>
    public int OutstandingRequests => _mux.Requests.Outstanding;

    /// <summary>Private writes or reads the bus NACKed.</summary>
    public long Nacks { get; private set; }

    /// <summary>IBIs from another address or with another mandatory data byte (ignored).</summary>
    public long IgnoredIbis { get; private set; }

    /// <summary>Requests sent again after a timeout.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Requests that got no response after every retry.</summary>
    public long Timeouts { get; private set; }

    /// <summary>
    /// Starts the receive pump and assigns the device its EID (Set Endpoint ID to the null EID).
    /// True when the device accepted the EID.
    /// </summary>
    public async Task<bool> StartAsync()
    {
        _pump ??= PumpAsync();
        var response = await ControlAsync(MctpTransportHeader.NullEid, Wire.Mctp.Control.MctpControlCommand.SetEndpointId, [0x00, _options.DeviceEid]);
        if (response is null
            || Wire.Mctp.Control.SetEndpointIdResponse.TryRead(response, out var set, out _) != Wire.WireStatus.Done
            || set.CompletionCode != Wire.Mctp.Control.MctpCompletionCode.Success
            || set.Assignment != Wire.Mctp.Control.EidAssignmentStatus.Accepted)
        {
            return false;
        }

        DeviceEid = set.EidSetting;
        return true;
    }

    /// <summary>Stops the receive pump after its current wait.</summary>
    public void Stop() => _stopped = true;

    /// <summary>
    /// Sends a request to the device (or <paramref name="destinationEid"/>) and waits for its
    /// response; a request that times out is sent again with a new tag, up to the configured retries.
    /// </summary>
    public async Task<MctpHostResponse> SendRequestAsync(ReadOnlyMemory<byte> message, byte? destinationEid = null)
    {
        var destination = destinationEid ?? DeviceEid;
        for (var attempt = 1; ; attempt++)
        {
            var cookie = _nextCookie++;
            var status = _mux.TrySendRequest(destination, message.Span, this, cookie, out var tag);
            if (status != MctpSendStatus.Queued)
            {
                return new MctpHostResponse(status == MctpSendStatus.Busy ? MctpHostStatus.Busy : MctpHostStatus.Invalid, ReadOnlyMemory<byte>.Empty, attempt);
            }

            var completion = new TaskCompletionSource<byte[]>();
            _waiting[cookie] = completion;
            await FlushAsync();
            var timeout = _timer.Delay(_options.RequestTimeoutNs).AsTask();
            var first = await Task.WhenAny(completion.Task, timeout);
            _waiting.Remove(cookie);
            if (first == completion.Task && completion.Task.Result.Length > 0)
            {
                return new MctpHostResponse(MctpHostStatus.Ok, completion.Task.Result, attempt);
            }

            _mux.CancelRequest(destination, tag);
            if (attempt > _options.Retries)
            {
                Timeouts++;
                return new MctpHostResponse(MctpHostStatus.Timeout, ReadOnlyMemory<byte>.Empty, attempt);
            }

            Retransmissions++;
        }
    }

    /// <summary>Answers a request the device sent (tag from <see cref="MctpHostRequest.Tag"/>).</summary>
    public async Task<bool> SendResponseAsync(byte destinationEid, byte tag, ReadOnlyMemory<byte> message)
    {
        if (_mux.TrySendResponse(destinationEid, tag, message.Span, null, 0) != MctpSendStatus.Queued)
        {
            return false;
        }

        await FlushAsync();
        return true;
    }

    /// <summary>Waits for the next request the device sends.</summary>
    public async Task<MctpHostRequest> ReceiveRequestAsync()
    {
        while (true)
        {
            if (_requests.TryDequeue(out var request))
            {
                return request;
            }

            _requestArrived ??= new TaskCompletionSource();
            await _requestArrived.Task;
        }
    }

    /// <summary>Requests the device sent that wait for <see cref="ReceiveRequestAsync"/>.</summary>
    public int PendingRequests => _requests.Count;

    bool IMctpMessageSink.OnRequest(byte sourceEid, byte tag, ReadOnlySpan<byte> message)
    {
        _requests.Enqueue(new MctpHostRequest(sourceEid, tag, message.ToArray()));
        var arrived = _requestArrived;
        _requestArrived = null;
        if (arrived is not null)
        {
            Later(static state => ((TaskCompletionSource)state!).TrySetResult(), arrived);
        }

        return true;
    }

    void IMctpMessageSink.OnResponse(uint cookie, byte sourceEid, byte tag, ReadOnlySpan<byte> message)
    {
        if (_waiting.Remove(cookie, out var completion))
        {
            Later(static state => { var (c, m) = ((TaskCompletionSource<byte[]>, byte[]))state!; c.TrySetResult(m); }, (completion, message.ToArray()));
        }
    }

    void IMctpMessageSink.OnRequestTimedOut(uint cookie, byte peerEid, byte tag)
    {
        if (_waiting.Remove(cookie, out var completion))
        {
            Later(static state => ((TaskCompletionSource<byte[]>)state!).TrySetResult([]), completion);
        }
    }

    void IMctpMessageSink.OnTransmitted(uint cookie, byte destinationEid, byte tag, bool tagOwner)
    {
    }

    void IMctpObserver.OnMessage(MctpDirection direction, MctpPacketAddress address, ReadOnlySpan<byte> message, long now) =>
        Capture?.Invoke(MctpCapturedMessage.Capture(direction, address.Source, address.Destination, address.Tag, address.TagOwner, message, now));

    /// <summary>
    /// Runs <paramref name="action"/> after the mux callback that asked for it has returned: posted to
    /// the caller's context (the simulated core) so awaiting code never re-enters the mux, and never
    /// to the thread pool. Tasks here complete synchronously (no RunContinuationsAsynchronously):
    /// a simulated core's awaits must stay on its own scheduler.
    /// </summary>
    private static void Later(SendOrPostCallback action, object state)
    {
        if (SynchronizationContext.Current is { } context)
        {
            context.Post(action, state);
        }
        else
        {
            action(state);
        }
    }

    /// <summary>Sends every queued packet as a private write.</summary>
    private async Task FlushAsync()
    {
        await AcquireBusAsync();
        try
        {
            while (_mux.TryTakeTransfer(_writeBuffer, _clock.Now, out var length))
            {
                var result = await _controller.PrivateWriteAsync(_options.DeviceAddress, _writeBuffer.AsSpan(0, length));
                if (result.Status != I3cTransferStatus.Ack)
                {
                    Nacks++;
                }
            }
        }
        finally
        {
            ReleaseBus();
        }
    }

    /// <summary>The receive side: one private read per MCTP IBI from the device.</summary>
    private async Task PumpAsync()
    {
        while (!_stopped)
        {
            await _controller.WaitForIbi();
            while (_controller.TryTakeIbi(out var address, out var mandatoryDataByte))
            {
                if (address != _options.DeviceAddress || mandatoryDataByte != I3cIbi.MctpMandatoryDataByte)
                {
                    IgnoredIbis++;
                    continue;
                }

                await ReadPacketAsync();
            }
        }
    }

    private async Task ReadPacketAsync()
    {
        await AcquireBusAsync();
        I3cTransferResult result;
        try
        {
            result = await _controller.PrivateReadAsync(_options.DeviceAddress, _readBuffer);
        }
        finally
        {
            ReleaseBus();
        }

        if (result.Status != I3cTransferStatus.Ack)
        {
            Nacks++;
            return;
        }

        var now = _clock.Now;
        _mux.ReceiveTransfer(_readBuffer.AsSpan(0, result.Length), now);
        _mux.Poll(now);
    }

    private Task AcquireBusAsync()
    {
        if (!_busBusy)
        {
            _busBusy = true;
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource();
        _busWaiters.Enqueue(waiter);
        return waiter.Task;
    }

    private void ReleaseBus()
    {
        if (_busWaiters.TryDequeue(out var next))
        {
            next.TrySetResult();
        }
        else
        {
            _busBusy = false;
        }
    }
}
