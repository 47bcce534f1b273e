namespace Rampart.Wire.Mctp.Control;

/// <summary>
/// The MCTP control message header (DSP0236 §12): the message type byte (IC = 0,
/// type 0), the request bit, the datagram bit and the 5-bit instance ID, then the command code.
/// Responses follow it with a completion code (see <see cref="MctpCompletionCodes"/>).
/// </summary>
/// <param name="Request">Rq: a request (1) or a response (0).</param>
/// <param name="Datagram">D: an unacknowledged request that expects no response.</param>
/// <param name="InstanceId">Instance ID, 0–31, echoed in the response.</param>
/// <param name="Command">The command code.</param>
public readonly record struct MctpControlHeader(bool Request, bool Datagram, byte InstanceId, MctpControlCommand Command)
{
    /// <summary>Size on the wire, message type byte included.</summary>
    public const int Size = 3;

    /// <summary>Largest instance ID (5 bits).</summary>
    public const byte MaxInstanceId = 0x1F;

    // Byte layout (DSP0236 §12):
    //   +0  [ IC:1 = 0 | message type:7 = 0x00 ]
    //   +1  [ Rq:1 | D:1 | rsvd:1 | instance ID:5 ]
    //   +2  [ command code ]
    private const int TypeOffset = 0;
    private const int FlagsOffset = 1;
    private const int CommandOffset = 2;
    private const byte RequestBit = 0x80;
    private const byte DatagramBit = 0x40;
    private const byte ReservedBit = 0x20;

    /// <summary>
    /// Reads the header. <see cref="WireStatus.Invalid"/> when the IC bit or the reserved bit is
    /// set (DSP0236 §12: control messages carry no integrity check) or the type is not control.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out MctpControlHeader header, out int consumed)
    {
        header = default;
        consumed = 0;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        var flags = source[FlagsOffset];
        if (source[TypeOffset] != (byte)MctpMessageType.Control || (flags & ReservedBit) != 0)
        {
            return WireStatus.Invalid;
        }

        header = new MctpControlHeader(
            (flags & RequestBit) != 0,
            (flags & DatagramBit) != 0,
            (byte)(flags & MaxInstanceId),
            (MctpControlCommand)source[CommandOffset]);
        consumed = Size;
        return WireStatus.Done;
    }

    /// <summary>Writes the header; throws when the instance ID does not fit 5 bits.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InstanceId, MaxInstanceId);
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[TypeOffset] = (byte)MctpMessageType.Control;
        destination[FlagsOffset] = (byte)((Request ? RequestBit : 0) | (Datagram ? DatagramBit : 0) | InstanceId);
        destination[CommandOffset] = (byte)Command;
        written = Size;
        return true;
    }

    /// <summary>The response header that answers this request.</summary>
    public MctpControlHeader ToResponse() => this with { Request = false, Datagram = false };
}
