namespace Rampart.Wire.Mctp;

/// <summary>
/// The MCTP packet (transport) header of DSP0236 §8: header version, destination and
/// source endpoint IDs, start/end of message, packet sequence, tag owner and message tag.
/// </summary>
public readonly record struct MctpTransportHeader
{
    /// <summary>Size of the header on the wire.</summary>
    public const int Size = 4;

    /// <summary>The header version this codec speaks (DSP0236 1.x: 0001b).</summary>
    public const byte SupportedHeaderVersion = 1;

    /// <summary>The null EID (DSP0236 §8).</summary>
    public const byte NullEid = 0x00;

    /// <summary>The broadcast EID (DSP0236 §8).</summary>
    public const byte BroadcastEid = 0xFF;

    /// <summary>Largest message tag (3 bits).</summary>
    public const byte MaxTag = 7;

    /// <summary>Largest packet sequence number (2 bits).</summary>
    public const byte MaxSequence = 3;

    // Byte layout (DSP0236 §8):
    //   +0  [ rsvd:4 | hdr version:4 ]
    //   +1  [ destination EID ]
    //   +2  [ source EID ]
    //   +3  [ SOM:1 | EOM:1 | pkt seq:2 | TO:1 | msg tag:3 ]
    private const int VersionOffset = 0;
    private const int DestinationOffset = 1;
    private const int SourceOffset = 2;
    private const int FlagsOffset = 3;
    private const byte SomBit = 0x80;
    private const byte EomBit = 0x40;
    private const int SequenceShift = 4;
    private const byte TagOwnerBit = 0x08;
    private const byte TagMask = 0x07;

    /// <summary>Creates a header; throws on a field that does not fit its bits (a caller bug).</summary>
    public MctpTransportHeader(byte destination, byte source, bool startOfMessage, bool endOfMessage, byte sequence, bool tagOwner, byte tag)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag, MaxTag);
        Destination = destination;
        Source = source;
        StartOfMessage = startOfMessage;
        EndOfMessage = endOfMessage;
        Sequence = sequence;
        TagOwner = tagOwner;
        Tag = tag;
    }

    /// <summary>Destination endpoint ID.</summary>
    public byte Destination { get; }

    /// <summary>Source endpoint ID.</summary>
    public byte Source { get; }

    /// <summary>SOM: the first packet of a message.</summary>
    public bool StartOfMessage { get; }

    /// <summary>EOM: the last packet of a message.</summary>
    public bool EndOfMessage { get; }

    /// <summary>Packet sequence number, modulo 4.</summary>
    public byte Sequence { get; }

    /// <summary>TO: set when the source of this message originated the tag (a request).</summary>
    public bool TagOwner { get; }

    /// <summary>Message tag, 0–7.</summary>
    public byte Tag { get; }

    /// <summary>
    /// Reads a header. Returns <see cref="WireStatus.NeedMoreData"/> on fewer than 4 bytes,
    /// <see cref="WireStatus.Unsupported"/> on a header version other than 1, and
    /// <see cref="WireStatus.Invalid"/> when the reserved bits are set (DSP0236 §8: reserved
    /// fields are sent as 0). On failure <paramref name="header"/> is default.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out MctpTransportHeader header)
    {
        header = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        var versionByte = source[VersionOffset];
        if ((versionByte & 0xF0) != 0)
        {
            return WireStatus.Invalid;
        }

        if ((versionByte & 0x0F) != SupportedHeaderVersion)
        {
            return WireStatus.Unsupported;
        }

        var flags = source[FlagsOffset];
        header = new MctpTransportHeader(
            source[DestinationOffset],
            source[SourceOffset],
            (flags & SomBit) != 0,
            (flags & EomBit) != 0,
            (byte)((flags >> SequenceShift) & MaxSequence),
            (flags & TagOwnerBit) != 0,
            (byte)(flags & TagMask));
        return WireStatus.Done;
    }

    /// <summary>Writes the header into the first 4 bytes of <paramref name="destination"/>.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        destination[VersionOffset] = SupportedHeaderVersion;
        destination[DestinationOffset] = Destination;
        destination[SourceOffset] = Source;
        destination[FlagsOffset] = FlagsByte;
        return true;
    }

    /// <summary>The fourth header byte (SOM, EOM, sequence, TO, tag).</summary>
    public byte FlagsByte =>
        (byte)((StartOfMessage ? SomBit : 0)
            | (EndOfMessage ? EomBit : 0)
            | (Sequence << SequenceShift)
            | (TagOwner ? TagOwnerBit : 0)
            | Tag);
}
