namespace Rampart.Wire.Mctp;

/// <summary>
/// Splits one MCTP message into packets (DSP0236 §8 "Message assembly"): the first packet has
/// SOM, the last EOM, every packet but the last carries exactly <c>mtu</c> payload bytes, and the
/// 2-bit packet sequence number increments modulo 4 from <c>firstSequence</c>. Packets are written
/// into the caller's buffers; nothing is allocated.
/// </summary>
public ref struct MctpPacketizer
{
    /// <summary>The baseline transmission unit: 64 bytes of payload (DSP0236 §8).</summary>
    public const int BaselineTransmissionUnit = 64;

    private readonly ReadOnlySpan<byte> _message;
    private readonly int _mtu;
    private readonly byte _destination;
    private readonly byte _source;
    private readonly bool _tagOwner;
    private readonly byte _tag;
    private int _offset;
    private byte _sequence;

    /// <summary>
    /// Starts packetizing <paramref name="message"/> (message type byte included). Throws on an
    /// empty message, an MTU below the baseline, or a tag/sequence that does not fit (caller bugs).
    /// </summary>
    public MctpPacketizer(ReadOnlySpan<byte> message, int mtu, byte destination, byte source, bool tagOwner, byte tag, byte firstSequence = 0)
    {
        if (message.IsEmpty)
        {
            throw new ArgumentException("An MCTP message has at least its type byte.", nameof(message));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, BaselineTransmissionUnit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag, MctpTransportHeader.MaxTag);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSequence, MctpTransportHeader.MaxSequence);
        _message = message;
        _mtu = mtu;
        _destination = destination;
        _source = source;
        _tagOwner = tagOwner;
        _tag = tag;
        _offset = 0;
        _sequence = firstSequence;
    }

    /// <summary>How many packets a message of <paramref name="messageLength"/> bytes takes.</summary>
    public static int PacketCount(int messageLength, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messageLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, BaselineTransmissionUnit);
        return (messageLength + mtu - 1) / mtu;
    }

    /// <summary>True while packets remain.</summary>
    public readonly bool HasMore => _offset < _message.Length;

    /// <summary>The sequence number the next packet will carry.</summary>
    public readonly byte NextSequence => _sequence;

    /// <summary>Size of the next packet, header included (0 when done).</summary>
    public readonly int NextPacketSize => HasMore ? MctpTransportHeader.Size + Math.Min(_mtu, _message.Length - _offset) : 0;

    /// <summary>
    /// Writes the next packet (header + payload) into <paramref name="destination"/>. Returns
    /// false, writing nothing, when no packets remain or the buffer is too small.
    /// </summary>
    public bool TryWriteNext(Span<byte> destination, out int written)
    {
        written = 0;
        if (!HasMore)
        {
            return false;
        }

        var payloadLength = Math.Min(_mtu, _message.Length - _offset);
        var size = MctpTransportHeader.Size + payloadLength;
        if (destination.Length < size)
        {
            return false;
        }

        var header = new MctpTransportHeader(
            _destination,
            _source,
            startOfMessage: _offset == 0,
            endOfMessage: _offset + payloadLength == _message.Length,
            _sequence,
            _tagOwner,
            _tag);
        header.TryWrite(destination);
        _message.Slice(_offset, payloadLength).CopyTo(destination[MctpTransportHeader.Size..]);
        _offset += payloadLength;
        _sequence = (byte)((_sequence + 1) & MctpTransportHeader.MaxSequence);
        written = size;
        return true;
    }
}
