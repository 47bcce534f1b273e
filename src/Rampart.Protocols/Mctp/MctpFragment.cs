using Rampart.Wire.Mctp;

namespace Rampart.Protocols.Mctp;

/// <summary>
/// Writes one packet of a message being sent (DSP0236 §8 "Message assembly"): the packet at
/// <c>offset</c> carries up to <c>mtu</c> payload bytes, SOM when it is the first, EOM when it is
/// the last. Unlike <see cref="MctpPacketizer"/> (a ref struct) the state is two integers the
/// caller keeps in a class between bus transfers, so sending allocates nothing.
/// </summary>
public static class MctpFragment
{
    /// <summary>
    /// Writes the packet starting at <paramref name="offset"/> of <paramref name="message"/> into
    /// <paramref name="destination"/>; returns the packet length (0 when out of room or done) and
    /// the payload bytes it took.
    /// </summary>
    public static int Write(
        ReadOnlySpan<byte> message,
        int offset,
        int mtu,
        MctpPacketAddress address,
        byte sequence,
        Span<byte> destination,
        out int payloadLength)
    {
        payloadLength = 0;
        if (offset < 0 || offset >= message.Length || mtu < MctpPacketizer.BaselineTransmissionUnit)
        {
            return 0;
        }

        var take = Math.Min(mtu, message.Length - offset);
        if (destination.Length < MctpTransportHeader.Size + take)
        {
            return 0;
        }

        var header = new MctpTransportHeader(
            address.Destination,
            address.Source,
            startOfMessage: offset == 0,
            endOfMessage: offset + take == message.Length,
            (byte)(sequence & MctpTransportHeader.MaxSequence),
            address.TagOwner,
            address.Tag);
        header.TryWrite(destination);
        message.Slice(offset, take).CopyTo(destination[MctpTransportHeader.Size..]);
        payloadLength = take;
        return MctpTransportHeader.Size + take;
    }
}

/// <summary>The addressing of one MCTP message: endpoints, tag and tag owner (DSP0236 §8).</summary>
/// <param name="Source">Source EID.</param>
/// <param name="Destination">Destination EID.</param>
/// <param name="Tag">Message tag, 0–7.</param>
/// <param name="TagOwner">TO: set on requests (the source owns the tag).</param>
public readonly record struct MctpPacketAddress(byte Source, byte Destination, byte Tag, bool TagOwner);
