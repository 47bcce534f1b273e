using Rampart.Wire.Mctp;

namespace Rampart.Protocols.Mctp;

/// <summary>
/// The outstanding requests of one endpoint (DSP0236 §8 "Message tag"): a requester sets TO and
/// picks a tag not in use towards that peer; the response comes back with TO clear and the same
/// tag, and (peer EID, tag) finds the request. A fixed table allocated by the constructor.
/// A request to the null EID (a bus owner talking to a device that has no EID yet) matches a
/// response from any source with its tag, and blocks that tag towards every peer meanwhile.
/// </summary>
/// <remarks>
/// Time is the caller's (nanoseconds by convention). A request's deadline starts when its last
/// packet leaves (<see cref="StartTimer"/>): a request still waiting in the transmit queue cannot
/// time out.
/// </remarks>
public sealed class MctpRequestTracker
{
    private readonly Entry[] _entries;
    private readonly long _timeout;
    private byte _nextTag;

    /// <summary>Creates a table of <paramref name="capacity"/> entries.</summary>
    public MctpRequestTracker(int capacity, long timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, 1);
        _entries = new Entry[capacity];
        _timeout = timeout;
    }

    /// <summary>Requests outstanding.</summary>
    public int Outstanding
    {
        get
        {
            var count = 0;
            foreach (ref readonly var e in _entries.AsSpan())
            {
                count += e.InUse ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>The earliest deadline of a started request timer (<see cref="long.MaxValue"/> when none runs).</summary>
    public long NextDeadline
    {
        get
        {
            var earliest = long.MaxValue;
            foreach (ref readonly var e in _entries.AsSpan())
            {
                if (e.InUse && e.Deadline < earliest)
                {
                    earliest = e.Deadline;
                }
            }

            return earliest;
        }
    }

    /// <summary>
    /// Allocates a tag towards <paramref name="peerEid"/>; false when all eight tags towards it
    /// are outstanding or the table is full. Returns the entry's handle for <see cref="StartTimer"/>.
    /// </summary>
    public bool TryAllocate(byte peerEid, IMctpMessageSink? sink, uint cookie, out byte tag, out int handle)
    {
        tag = 0;
        handle = -1;
        var free = -1;
        for (var i = 0; i < _entries.Length; i++)
        {
            if (!_entries[i].InUse)
            {
                free = i;
                break;
            }
        }

        if (free < 0)
        {
            return false;
        }

        for (var n = 0; n <= MctpTransportHeader.MaxTag; n++)
        {
            var candidate = (byte)((_nextTag + n) & MctpTransportHeader.MaxTag);
            if (!TagInUse(peerEid, candidate))
            {
                _entries[free] = new Entry
                {
                    InUse = true,
                    Peer = peerEid,
                    Tag = candidate,
                    Sink = sink,
                    Cookie = cookie,
                    Deadline = long.MaxValue,
                };
                _nextTag = (byte)((candidate + 1) & MctpTransportHeader.MaxTag);
                tag = candidate;
                handle = free;
                return true;
            }
        }

        return false;
    }

    /// <summary>Starts the response timer of the entry <paramref name="handle"/> at <paramref name="now"/>.</summary>
    public void StartTimer(int handle, long now)
    {
        if ((uint)handle < (uint)_entries.Length && _entries[handle].InUse)
        {
            _entries[handle].Deadline = now > long.MaxValue - _timeout ? long.MaxValue : now + _timeout;
        }
    }

    /// <summary>Finds and removes the request a response from <paramref name="sourceEid"/> with <paramref name="tag"/> answers.</summary>
    public bool TryComplete(byte sourceEid, byte tag, out IMctpMessageSink? sink, out uint cookie)
    {
        sink = null;
        cookie = 0;
        var index = -1;
        for (var i = 0; i < _entries.Length; i++)
        {
            ref readonly var e = ref _entries[i];
            if (e.InUse && e.Tag == tag && e.Peer == sourceEid)
            {
                index = i;
                break;
            }

            if (index < 0 && e.InUse && e.Tag == tag && e.Peer == MctpTransportHeader.NullEid)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return false;
        }

        sink = _entries[index].Sink;
        cookie = _entries[index].Cookie;
        _entries[index] = default;
        return true;
    }

    /// <summary>Withdraws an outstanding request (the caller gave up); false if none.</summary>
    public bool Cancel(byte peerEid, byte tag)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].InUse && _entries[i].Peer == peerEid && _entries[i].Tag == tag)
            {
                _entries[i] = default;
                return true;
            }
        }

        return false;
    }

    /// <summary>Withdraws every request sent with <paramref name="sink"/> and <paramref name="cookie"/> (its owner went away).</summary>
    public int CancelAll(IMctpMessageSink? sink, uint cookie)
    {
        var count = 0;
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].InUse && ReferenceEquals(_entries[i].Sink, sink) && _entries[i].Cookie == cookie)
            {
                _entries[i] = default;
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Removes the next request whose deadline has passed at <paramref name="now"/>; call until
    /// false. Each timed-out request is reported once.
    /// </summary>
    public bool TryExpire(long now, out byte peerEid, out byte tag, out IMctpMessageSink? sink, out uint cookie)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            ref var e = ref _entries[i];
            if (e.InUse && now >= e.Deadline)
            {
                peerEid = e.Peer;
                tag = e.Tag;
                sink = e.Sink;
                cookie = e.Cookie;
                e = default;
                return true;
            }
        }

        peerEid = 0;
        tag = 0;
        sink = null;
        cookie = 0;
        return false;
    }

    private bool TagInUse(byte peer, byte tag)
    {
        foreach (ref readonly var e in _entries.AsSpan())
        {
            if (e.InUse && e.Tag == tag && (e.Peer == peer || e.Peer == MctpTransportHeader.NullEid || peer == MctpTransportHeader.NullEid))
            {
                return true;
            }
        }

        return false;
    }

    private struct Entry
    {
        public bool InUse;
        public byte Peer;
        public byte Tag;
        public IMctpMessageSink? Sink;
        public uint Cookie;
        public long Deadline;
    }
}
