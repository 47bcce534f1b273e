namespace Rampart.Wire.Mctp;

/// <summary>
/// The first byte of every MCTP message body (DSP0236 §8): the integrity check
/// (IC) bit and the 7-bit message type. When IC is set the message ends with a 32-bit CRC that
/// the message type defines.
/// </summary>
/// <param name="IntegrityCheck">IC: the message carries a message integrity check.</param>
/// <param name="Type">The message type.</param>
public readonly record struct MctpMessageHeader(bool IntegrityCheck, MctpMessageType Type)
{
    /// <summary>Size on the wire.</summary>
    public const int Size = 1;

    // Byte layout: +0 [ IC:1 | message type:7 ]
    private const byte IcBit = 0x80;
    private const byte TypeMask = 0x7F;

    /// <summary>Reads the byte; <see cref="WireStatus.NeedMoreData"/> on an empty message.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out MctpMessageHeader header)
    {
        if (source.IsEmpty)
        {
            header = default;
            return WireStatus.NeedMoreData;
        }

        header = new MctpMessageHeader((source[0] & IcBit) != 0, (MctpMessageType)(source[0] & TypeMask));
        return WireStatus.Done;
    }

    /// <summary>The byte on the wire; throws when <see cref="Type"/> does not fit 7 bits.</summary>
    public byte ToByte()
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)Type, TypeMask);
        return (byte)((IntegrityCheck ? IcBit : 0) | (byte)Type);
    }

    /// <summary>Writes the byte.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return false;
        }

        destination[0] = ToByte();
        return true;
    }
}
