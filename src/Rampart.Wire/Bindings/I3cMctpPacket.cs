using Rampart.Wire.Checksums;
using Rampart.Wire.Mctp;

namespace Rampart.Wire.Bindings;

/// <summary>
/// An MCTP packet in an I3C private transfer (DSP0233): the MCTP packet followed by a
/// one-byte PEC. The PEC is the SMBus CRC-8 over the address byte — the 7-bit target address
/// shifted left, bit 0 set for a private read and clear for a private write — and then the packet
/// bytes. A packet whose PEC does not match is dropped.
/// </summary>
public static class I3cMctpPacket
{
    /// <summary>Size of the PEC trailer.</summary>
    public const int PecSize = 1;

    /// <summary>Largest 7-bit I3C address.</summary>
    public const byte MaxAddress = 0x7F;

    /// <summary>Device Characteristics Register value that marks an MCTP endpoint (MIPI I3C DCR table).</summary>
    public const byte MctpDeviceCharacteristics = 0xCC;

    // Transfer layout (DSP0233):
    //   +0       [ MCTP transport header (4) ]
    //   +4       [ MCTP payload (N) ]
    //   +4+N     [ PEC = CRC-8(addr<<1 | R/W, header, payload) ]

    /// <summary>The address byte the PEC starts with.</summary>
    public static byte AddressByte(byte address, bool read)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(address, MaxAddress);
        return (byte)((address << 1) | (read ? 1 : 0));
    }

    /// <summary>The PEC of <paramref name="packet"/> sent to or read from <paramref name="address"/>.</summary>
    public static byte ComputePec(byte address, bool read, ReadOnlySpan<byte> packet) =>
        Crc8Smbus.Update(Crc8Smbus.Update(0, AddressByte(address, read)), packet);

    /// <summary>Writes <paramref name="packet"/> and its PEC.</summary>
    public static bool TryWrite(byte address, bool read, ReadOnlySpan<byte> packet, Span<byte> destination, out int written)
    {
        written = 0;
        var pec = ComputePec(address, read, packet);
        if (destination.Length < packet.Length + PecSize)
        {
            return false;
        }

        packet.CopyTo(destination);
        destination[packet.Length] = pec;
        written = packet.Length + PecSize;
        return true;
    }

    /// <summary>
    /// Checks one transfer and returns the MCTP packet in it (a slice, PEC removed).
    /// <see cref="WireStatus.NeedMoreData"/> when shorter than a transport header plus PEC;
    /// <see cref="WireStatus.Invalid"/> when the PEC does not match.
    /// </summary>
    public static WireStatus TryRead(byte address, bool read, ReadOnlySpan<byte> transfer, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        if (transfer.Length < MctpTransportHeader.Size + PecSize)
        {
            return WireStatus.NeedMoreData;
        }

        var body = transfer[..^PecSize];
        if (ComputePec(address, read, body) != transfer[^1])
        {
            return WireStatus.Invalid;
        }

        packet = body;
        return WireStatus.Done;
    }
}
