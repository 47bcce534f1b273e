namespace Rampart.Wire.Mctp;

/// <summary>
/// Reassembles MCTP packets into messages (DSP0236 §8). Messages in progress are keyed by
/// (source EID, message tag, tag owner); a packet continues a message only with the next
/// sequence number modulo 4. Memory is bounded: a fixed number of slots, each with a buffer of
/// the maximum message size, all allocated by the constructor — accepting a packet allocates
/// nothing. Every dropped packet or message is counted in <see cref="Counters"/>.
/// </summary>
/// <remarks>
/// Time is the caller's (virtual) clock in any unit: a message whose last packet is older than
/// the timeout is dropped as timed out on the next call to <see cref="Accept"/> or
/// <see cref="Expire"/>. DSP0236 §8 rules applied: a SOM packet for a key already in progress
/// drops the older message (counted as duplicate) and starts anew; a packet without SOM for a key
/// not in progress is dropped; an out-of-sequence packet drops the message in progress.
/// </remarks>
public sealed class MctpReassembler
{
    private readonly byte[] _storage;
    private readonly int _maxMessageSize;
    private readonly long _timeout;
    private readonly Slot[] _slots;
    private long _packets;
    private long _messages;
    private long _malformed;
    private long _outOfSequence;
    private long _missingSom;
    private long _oversize;
    private long _duplicate;
    private long _timedOut;
    private long _noFreeSlot;

    /// <summary>Allocates <paramref name="slotCount"/> buffers of <paramref name="maxMessageSize"/> bytes.</summary>
    /// <param name="slotCount">How many messages may be in progress at once (1–256).</param>
    /// <param name="maxMessageSize">Largest message accepted, type byte included (≥ 1).</param>
    /// <param name="timeout">Reassembly timeout in the caller's time unit (&gt; 0).</param>
    public MctpReassembler(int slotCount, int maxMessageSize, long timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slotCount, 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessageSize, 1 << 24);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, 1);
        _maxMessageSize = maxMessageSize;
        _timeout = timeout;
        _storage = new byte[checked(slotCount * maxMessageSize)];
        _slots = new Slot[slotCount];
    }

    /// <summary>Number of slots.</summary>
    public int SlotCount => _slots.Length;

    /// <summary>Largest message this reassembler accepts.</summary>
    public int MaxMessageSize => _maxMessageSize;

    /// <summary>Messages currently in progress.</summary>
    public int InProgress
    {
        get
        {
            var count = 0;
            foreach (ref readonly var slot in _slots.AsSpan())
            {
                count += slot.InUse ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>A snapshot of the counters.</summary>
    public MctpReassemblyCounters Counters => new()
    {
        Packets = _packets,
        Messages = _messages,
        Malformed = _malformed,
        OutOfSequence = _outOfSequence,
        MissingStartOfMessage = _missingSom,
        Oversize = _oversize,
        Duplicate = _duplicate,
        TimedOut = _timedOut,
        NoFreeSlot = _noFreeSlot,
    };

    /// <summary>
    /// Offers one packet (4-byte transport header + payload) received at <paramref name="now"/>.
    /// On <see cref="MctpReassemblyResult.Complete"/>, <paramref name="message"/> is the whole
    /// message (type byte first) and <paramref name="header"/> the SOM packet's header; the span
    /// points into the packet or into the reassembler and is valid until the next call.
    /// Never throws on any bytes.
    /// </summary>
    public MctpReassemblyResult Accept(ReadOnlySpan<byte> packet, long now, out MctpTransportHeader header, out ReadOnlySpan<byte> message)
    {
        message = default;
        _packets++;
        Expire(now);
        if (MctpTransportHeader.TryRead(packet, out header) != WireStatus.Done || packet.Length == MctpTransportHeader.Size)
        {
            header = default;
            _malformed++;
            return MctpReassemblyResult.DroppedMalformed;
        }

        var payload = packet[MctpTransportHeader.Size..];
        var index = Find(header.Source, header.Tag, header.TagOwner);
        if (header.StartOfMessage)
        {
            if (index >= 0)
            {
                _slots[index].InUse = false;
                _duplicate++;
            }

            return StartMessage(header, payload, now, ref message);
        }

        if (index < 0)
        {
            _missingSom++;
            return MctpReassemblyResult.DroppedMissingStartOfMessage;
        }

        ref var slot = ref _slots[index];
        if (header.Sequence != slot.ExpectedSequence)
        {
            slot.InUse = false;
            _outOfSequence++;
            return MctpReassemblyResult.DroppedOutOfSequence;
        }

        if (payload.Length > _maxMessageSize - slot.Length)
        {
            slot.InUse = false;
            _oversize++;
            return MctpReassemblyResult.DroppedOversize;
        }

        var buffer = SlotBuffer(index);
        payload.CopyTo(buffer[slot.Length..]);
        slot.Length += payload.Length;
        slot.ExpectedSequence = (byte)((header.Sequence + 1) & MctpTransportHeader.MaxSequence);
        slot.LastSeen = now;
        if (!header.EndOfMessage)
        {
            return MctpReassemblyResult.InProgress;
        }

        slot.InUse = false;
        header = slot.First;
        message = buffer[..slot.Length];
        _messages++;
        return MctpReassemblyResult.Complete;
    }

    /// <summary>Drops (and counts) every message whose last packet is older than the timeout.</summary>
    public void Expire(long now)
    {
        var slots = _slots.AsSpan();
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].InUse && now - slots[i].LastSeen > _timeout)
            {
                slots[i].InUse = false;
                _timedOut++;
            }
        }
    }

    /// <summary>Drops every message in progress without counting (a transport reset).</summary>
    public void Reset()
    {
        var slots = _slots.AsSpan();
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].InUse = false;
        }
    }

    private MctpReassemblyResult StartMessage(MctpTransportHeader header, ReadOnlySpan<byte> payload, long now, ref ReadOnlySpan<byte> message)
    {
        if (payload.Length > _maxMessageSize)
        {
            _oversize++;
            return MctpReassemblyResult.DroppedOversize;
        }

        if (header.EndOfMessage)
        {
            message = payload;
            _messages++;
            return MctpReassemblyResult.Complete;
        }

        var free = FindFree();
        if (free < 0)
        {
            _noFreeSlot++;
            return MctpReassemblyResult.DroppedNoFreeSlot;
        }

        payload.CopyTo(SlotBuffer(free));
        _slots[free] = new Slot
        {
            InUse = true,
            First = header,
            Length = payload.Length,
            ExpectedSequence = (byte)((header.Sequence + 1) & MctpTransportHeader.MaxSequence),
            LastSeen = now,
        };
        return MctpReassemblyResult.InProgress;
    }

    private Span<byte> SlotBuffer(int index) => _storage.AsSpan(index * _maxMessageSize, _maxMessageSize);

    private int Find(byte source, byte tag, bool tagOwner)
    {
        var slots = _slots.AsSpan();
        for (var i = 0; i < slots.Length; i++)
        {
            ref readonly var slot = ref slots[i];
            if (slot.InUse && slot.First.Source == source && slot.First.Tag == tag && slot.First.TagOwner == tagOwner)
            {
                return i;
            }
        }

        return -1;
    }

    private int FindFree()
    {
        var slots = _slots.AsSpan();
        for (var i = 0; i < slots.Length; i++)
        {
            if (!slots[i].InUse)
            {
                return i;
            }
        }

        return -1;
    }

    private struct Slot
    {
        public bool InUse;
        public MctpTransportHeader First;
        public int Length;
        public byte ExpectedSequence;
        public long LastSeen;
    }
}
