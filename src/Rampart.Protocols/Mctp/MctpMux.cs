using Rampart.Wire.Mctp;

namespace Rampart.Protocols.Mctp;

/// <summary>
/// One MCTP endpoint over the I3C binding, usable at either end (DSP0236 §8, DSP0233): received
/// transfers are PEC-checked, reassembled and filtered by destination EID; control requests are
/// answered in place by the <see cref="MctpControlResponder"/> (when the endpoint has one); other
/// requests are routed to the sink registered for their message type; responses are matched to
/// the outstanding request by (peer EID, tag) and go to the sink that sent it. Outgoing messages
/// wait in a fixed transmit queue and leave one binding transfer at a time through
/// <see cref="TryTakeTransfer"/>. Every buffer is allocated by the constructor: receiving and
/// sending a packet allocate nothing, and no input bytes make it throw.
/// </summary>
/// <remarks>
/// Single-threaded: the owner (the kernel's main loop, or one simulated core) makes every call.
/// Time is the caller's, in nanoseconds: it is passed in, never read from a clock.
/// </remarks>
public sealed class MctpMux
{
    private const int TypeCount = 128;
    private const byte TypeMask = 0x7F;

    private readonly MctpMuxOptions _options;
    private readonly MctpControlResponder? _control;
    private readonly MctpReassembler _reassembler;
    private readonly MctpRequestTracker _tracker;
    private readonly IMctpMessageSink?[] _sinks = new IMctpMessageSink?[TypeCount];
    private readonly byte[] _txStorage;
    private readonly TxSlot[] _tx;
    private readonly byte[] _controlResponse = new byte[MctpControlResponder.MaxResponseSize];
    private byte _localEid;
    private int _txHead;
    private int _txCount;
    private int _txOffset;
    private byte _txSequence;
    private long _wrongDestination;
    private long _routed;
    private long _unrouted;
    private long _controlRequests;
    private long _controlDropped;
    private long _matched;
    private long _unexpected;
    private long _timedOut;
    private long _messagesSent;
    private long _packetsSent;

    /// <summary>Creates the mux; <paramref name="control"/> answers control requests (null on a bus owner that only asks).</summary>
    public MctpMux(MctpMuxOptions options, MctpControlResponder? control = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _control = control;
        _localEid = options.LocalEid;
        Binding = new MctpI3cBinding(options.I3cAddress, options.Role);
        _reassembler = new MctpReassembler(options.ReassemblySlots, options.MaxMessageSize, options.ReassemblyTimeoutNs);
        _tracker = new MctpRequestTracker(options.MaxOutstandingRequests, options.RequestTimeoutNs);
        _txStorage = new byte[checked(options.TransmitSlots * options.MaxMessageSize)];
        _tx = new TxSlot[options.TransmitSlots];
    }

    /// <summary>The options.</summary>
    public MctpMuxOptions Options => _options;

    /// <summary>The I3C binding (PEC counters).</summary>
    public MctpI3cBinding Binding { get; }

    /// <summary>The outstanding requests.</summary>
    public MctpRequestTracker Requests => _tracker;

    /// <summary>The control responder, if this endpoint answers control requests.</summary>
    public MctpControlResponder? Control => _control;

    /// <summary>Sees every whole message sent and received (capture).</summary>
    public IMctpObserver? Observer { get; set; }

    /// <summary>This endpoint's EID: the control responder's when there is one (Set Endpoint ID changes it).</summary>
    public byte LocalEid => _control?.EndpointId ?? _localEid;

    /// <summary>True while messages wait to be sent.</summary>
    public bool HasPendingTransmit => _txCount > 0;

    /// <summary>Free transmit slots.</summary>
    public int FreeTransmitSlots => _tx.Length - _txCount;

    /// <summary>A snapshot of the counters.</summary>
    public MctpMuxCounters Counters => new()
    {
        BadPec = Binding.BadPec,
        ShortTransfers = Binding.Short,
        Reassembly = _reassembler.Counters,
        WrongDestination = _wrongDestination,
        RequestsRouted = _routed,
        RequestsUnrouted = _unrouted,
        ControlRequests = _controlRequests,
        ControlDropped = _controlDropped,
        ResponsesMatched = _matched,
        ResponsesUnexpected = _unexpected,
        RequestsTimedOut = _timedOut,
        MessagesSent = _messagesSent,
        PacketsSent = _packetsSent,
    };

    /// <summary>Sets the EID of an endpoint without a control responder (a bus owner names itself).</summary>
    public void SetLocalEid(byte eid)
    {
        if (_control is not null)
        {
            throw new InvalidOperationException("the control responder owns this endpoint's EID (Set Endpoint ID)");
        }

        _localEid = eid;
    }

    /// <summary>Routes requests of <paramref name="type"/> (and nothing else) to <paramref name="sink"/>; null removes it.</summary>
    public void Register(MctpMessageType type, IMctpMessageSink? sink)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)type, TypeMask, nameof(type));
        _sinks[(byte)type] = sink;
    }

    /// <summary>
    /// Takes one received binding transfer (packet + PEC) at <paramref name="now"/>. A complete
    /// message is delivered before this returns. Bad input is dropped and counted.
    /// </summary>
    public void ReceiveTransfer(ReadOnlySpan<byte> transfer, long now)
    {
        if (!Binding.TryDecode(transfer, out var packet))
        {
            return;
        }

        if (_reassembler.Accept(packet, now, out var header, out var message) == MctpReassemblyResult.Complete)
        {
            Deliver(header, message, now);
        }
    }

    /// <summary>
    /// Queues a request to <paramref name="destinationEid"/> (TO = 1) with a fresh tag; its response
    /// or timeout goes to <paramref name="sink"/> with <paramref name="cookie"/>. The message is copied.
    /// </summary>
    public MctpSendStatus TrySendRequest(byte destinationEid, ReadOnlySpan<byte> message, IMctpMessageSink? sink, uint cookie, out byte tag)
    {
        tag = 0;
        if (message.IsEmpty || message.Length > _options.MaxMessageSize)
        {
            return MctpSendStatus.InvalidSize;
        }

        if (_txCount == _tx.Length || !_tracker.TryAllocate(destinationEid, sink, cookie, out tag, out var handle))
        {
            return MctpSendStatus.Busy;
        }

        Enqueue(new MctpPacketAddress(LocalEid, destinationEid, tag, TagOwner: true), message, sink, cookie, handle);
        return MctpSendStatus.Queued;
    }

    /// <summary>Queues a response (TO = 0) with the request's <paramref name="tag"/>. The message is copied.</summary>
    public MctpSendStatus TrySendResponse(byte destinationEid, byte tag, ReadOnlySpan<byte> message, IMctpMessageSink? sink, uint cookie)
    {
        if (message.IsEmpty || message.Length > _options.MaxMessageSize)
        {
            return MctpSendStatus.InvalidSize;
        }

        if (tag > MctpTransportHeader.MaxTag || destinationEid == MctpTransportHeader.BroadcastEid)
        {
            return MctpSendStatus.InvalidArgument;
        }

        if (_txCount == _tx.Length)
        {
            return MctpSendStatus.Busy;
        }

        Enqueue(new MctpPacketAddress(LocalEid, destinationEid, tag, TagOwner: false), message, sink, cookie, -1);
        return MctpSendStatus.Queued;
    }

    /// <summary>
    /// Writes the next binding transfer (packet + PEC) into <paramref name="destination"/> at
    /// <paramref name="now"/>; false when nothing waits or the buffer is smaller than
    /// <see cref="MctpMuxOptions.MaxTransferSize"/>. When it is a message's last packet the
    /// sender's sink hears <see cref="IMctpMessageSink.OnTransmitted"/> and a request's timer starts.
    /// </summary>
    public bool TryTakeTransfer(Span<byte> destination, long now, out int length)
    {
        length = 0;
        if (_txCount == 0)
        {
            return false;
        }

        ref var slot = ref _tx[_txHead];
        var message = SlotBuffer(_txHead)[..slot.Length];
        var packetLength = MctpFragment.Write(message, _txOffset, _options.TransmissionUnit, slot.Address, _txSequence, destination, out var payload);
        if (packetLength == 0)
        {
            return false;
        }

        length = Binding.SealInPlace(destination, packetLength);
        if (length == 0)
        {
            return false;
        }

        _packetsSent++;
        _txOffset += payload;
        _txSequence = (byte)((_txSequence + 1) & MctpTransportHeader.MaxSequence);
        if (_txOffset < slot.Length)
        {
            return true;
        }

        var done = slot;
        slot = default;
        _txHead = (_txHead + 1) % _tx.Length;
        _txCount--;
        _txOffset = 0;
        _txSequence = 0;
        _messagesSent++;
        if (done.TrackerHandle >= 0)
        {
            _tracker.StartTimer(done.TrackerHandle, now);
        }

        Observer?.OnMessage(MctpDirection.Sent, done.Address, message, now);
        done.Sink?.OnTransmitted(done.Cookie, done.Address.Destination, done.Address.Tag, done.Address.TagOwner);
        return true;
    }

    /// <summary>Expires stalled reassemblies and outstanding requests whose time is up at <paramref name="now"/>.</summary>
    public void Poll(long now)
    {
        _reassembler.Expire(now);
        while (_tracker.TryExpire(now, out var peer, out var tag, out var sink, out var cookie))
        {
            _timedOut++;
            sink?.OnRequestTimedOut(cookie, peer, tag);
        }
    }

    /// <summary>Withdraws an outstanding request (its owner gave up); false if none.</summary>
    public bool CancelRequest(byte peerEid, byte tag) => _tracker.Cancel(peerEid, tag);

    private void Enqueue(MctpPacketAddress address, ReadOnlySpan<byte> message, IMctpMessageSink? sink, uint cookie, int handle)
    {
        var index = (_txHead + _txCount) % _tx.Length;
        message.CopyTo(SlotBuffer(index));
        _tx[index] = new TxSlot { Length = message.Length, Address = address, Sink = sink, Cookie = cookie, TrackerHandle = handle };
        _txCount++;
    }

    private Span<byte> SlotBuffer(int index) => _txStorage.AsSpan(index * _options.MaxMessageSize, _options.MaxMessageSize);

    private void Deliver(MctpTransportHeader header, ReadOnlySpan<byte> message, long now)
    {
        var local = LocalEid;
        if (header.Destination != local && header.Destination != MctpTransportHeader.NullEid && header.Destination != MctpTransportHeader.BroadcastEid)
        {
            _wrongDestination++;
            return;
        }

        Observer?.OnMessage(MctpDirection.Received, new MctpPacketAddress(header.Source, header.Destination, header.Tag, header.TagOwner), message, now);
        var type = (byte)(message[0] & TypeMask);
        if (!header.TagOwner)
        {
            if (_tracker.TryComplete(header.Source, header.Tag, out var owner, out var cookie))
            {
                _matched++;
                owner?.OnResponse(cookie, header.Source, header.Tag, message);
            }
            else
            {
                _unexpected++;
            }

            return;
        }

        if (type == (byte)MctpMessageType.Control && _control is not null)
        {
            HandleControl(header, message);
            return;
        }

        if (_sinks[type] is { } sink && sink.OnRequest(header.Source, header.Tag, message))
        {
            _routed++;
        }
        else
        {
            _unrouted++;
        }
    }

    private void HandleControl(MctpTransportHeader header, ReadOnlySpan<byte> message)
    {
        switch (_control!.Handle(message, _controlResponse, out var written))
        {
            case MctpControlOutcome.Respond:
                _controlRequests++;
                if (TrySendResponse(header.Source, header.Tag, _controlResponse.AsSpan(0, written), null, 0) != MctpSendStatus.Queued)
                {
                    _controlDropped++;
                }

                break;
            case MctpControlOutcome.NoResponse:
                _controlRequests++;
                break;
            default:
                _controlDropped++;
                break;
        }
    }

    private struct TxSlot
    {
        public int Length;
        public MctpPacketAddress Address;
        public IMctpMessageSink? Sink;
        public uint Cookie;
        public int TrackerHandle;
    }
}
