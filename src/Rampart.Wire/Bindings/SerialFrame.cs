using Rampart.Wire.Checksums;
using Rampart.Wire.Mctp;

namespace Rampart.Wire.Bindings;

/// <summary>
/// The MCTP serial frame of DSP0253: opening flag, revision, byte count, the
/// MCTP packet with flag and escape bytes escaped, the FCS-16 (most significant byte first) and a
/// closing flag. The FCS (<see cref="Crc16Fcs"/>) covers revision, byte count and the unescaped
/// packet; the byte count is the unescaped packet length. Use <see cref="SerialDeframer"/> to read.
/// </summary>
public static class SerialFrame
{
    /// <summary>Frame flag (DSP0253).</summary>
    public const byte Flag = 0x7E;

    /// <summary>Escape byte (DSP0253): the next byte is XORed with 0x20.</summary>
    public const byte Escape = 0x7D;

    /// <summary>The value XORed into an escaped byte (7E → 7D 5E, 7D → 7D 5D).</summary>
    public const byte EscapeXor = 0x20;

    /// <summary>The serial binding revision this codec speaks.</summary>
    public const byte Revision = 0x01;

    /// <summary>Largest packet a frame can carry (one-byte byte count).</summary>
    public const int MaxPacketSize = byte.MaxValue;

    /// <summary>Frame bytes around the packet: flag, revision, count, FCS (2), flag.</summary>
    public const int Overhead = 6;

    // Frame layout (DSP0253):
    //   [ 0x7E ] [ revision 0x01 ] [ byte count N ] [ N packet bytes, escaped ] [ FCS hi ] [ FCS lo ] [ 0x7E ]

    /// <summary>The frame size of <paramref name="packet"/> after escaping.</summary>
    public static int GetEncodedSize(ReadOnlySpan<byte> packet)
    {
        var size = Overhead + packet.Length;
        foreach (var b in packet)
        {
            size += NeedsEscape(b) ? 1 : 0;
        }

        return size;
    }

    /// <summary>The FCS of a frame carrying <paramref name="packet"/>.</summary>
    public static ushort ComputeFcs(ReadOnlySpan<byte> packet)
    {
        var fcs = Crc16Fcs.Update(Crc16Fcs.InitialValue, Revision);
        fcs = Crc16Fcs.Update(fcs, (byte)packet.Length);
        return Crc16Fcs.Update(fcs, packet);
    }

    /// <summary>
    /// Frames <paramref name="packet"/> (a whole MCTP packet, header included). Throws when the
    /// packet is shorter than an MCTP header or longer than 255 bytes (caller bugs); returns false,
    /// writing nothing, when <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> packet, Span<byte> destination, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packet.Length, MctpTransportHeader.Size, nameof(packet));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packet.Length, MaxPacketSize, nameof(packet));
        written = 0;
        if (destination.Length < GetEncodedSize(packet))
        {
            return false;
        }

        var position = 0;
        destination[position++] = Flag;
        destination[position++] = Revision;
        destination[position++] = (byte)packet.Length;
        foreach (var b in packet)
        {
            if (NeedsEscape(b))
            {
                destination[position++] = Escape;
                destination[position++] = (byte)(b ^ EscapeXor);
            }
            else
            {
                destination[position++] = b;
            }
        }

        var fcs = ComputeFcs(packet);
        destination[position++] = (byte)(fcs >> 8);
        destination[position++] = (byte)fcs;
        destination[position++] = Flag;
        written = position;
        return true;
    }

    private static bool NeedsEscape(byte b) => b is Flag or Escape;
}
