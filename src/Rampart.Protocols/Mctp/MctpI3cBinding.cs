using Rampart.Wire;
using Rampart.Wire.Bindings;
using Rampart.Wire.Mctp;

namespace Rampart.Protocols.Mctp;

/// <summary>
/// The I3C transport binding (DSP0233) of one MCTP link: every private transfer is one MCTP
/// packet followed by a PEC (SMBus CRC-8 over the address byte, then the packet). The address is
/// always the target's; the direction bit comes from <see cref="MctpBindingRole"/>. A transfer too
/// short to hold a header and PEC, or with a wrong PEC, is dropped and counted — never thrown.
/// </summary>
public sealed class MctpI3cBinding
{
    /// <summary>Creates the binding for the target at <paramref name="targetAddress"/> (7 bits).</summary>
    public MctpI3cBinding(byte targetAddress, MctpBindingRole role)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetAddress, I3cMctpPacket.MaxAddress);
        if (role is not (MctpBindingRole.Target or MctpBindingRole.Controller))
        {
            throw new ArgumentOutOfRangeException(nameof(role));
        }

        TargetAddress = targetAddress;
        Role = role;
    }

    /// <summary>The target's 7-bit dynamic address.</summary>
    public byte TargetAddress { get; }

    /// <summary>Which end this is.</summary>
    public MctpBindingRole Role { get; }

    /// <summary>Bytes the binding adds to a packet (the PEC).</summary>
    public static int Overhead => I3cMctpPacket.PecSize;

    /// <summary>Transfers dropped because the PEC did not match (DSP0233: the packet is dropped).</summary>
    public long BadPec { get; private set; }

    /// <summary>Transfers dropped because they were shorter than a transport header plus PEC.</summary>
    public long Short { get; private set; }

    /// <summary>Transfers accepted.</summary>
    public long Accepted { get; private set; }

    private bool IncomingIsRead => Role == MctpBindingRole.Controller;

    /// <summary>
    /// Checks one received transfer; on success <paramref name="packet"/> is the MCTP packet
    /// (a slice, PEC removed). False (counted) for a short transfer or a bad PEC.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> transfer, out ReadOnlySpan<byte> packet)
    {
        switch (I3cMctpPacket.TryRead(TargetAddress, IncomingIsRead, transfer, out packet))
        {
            case WireStatus.Done:
                Accepted++;
                return true;
            case WireStatus.Invalid:
                BadPec++;
                return false;
            default:
                Short++;
                return false;
        }
    }

    /// <summary>
    /// Appends the PEC to the packet already written at the start of <paramref name="transfer"/>
    /// (<paramref name="packetLength"/> bytes); returns the transfer length, or 0 when there is no room.
    /// </summary>
    public int SealInPlace(Span<byte> transfer, int packetLength)
    {
        if (packetLength < MctpTransportHeader.Size || transfer.Length < packetLength + I3cMctpPacket.PecSize)
        {
            return 0;
        }

        transfer[packetLength] = I3cMctpPacket.ComputePec(TargetAddress, !IncomingIsRead, transfer[..packetLength]);
        return packetLength + I3cMctpPacket.PecSize;
    }
}
