using System.Buffers.Binary;

namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// The Caliptra VDM header that follows the MCTP message type byte 0x7F (vendor-defined, IANA;
/// DSP0236 §13.2 "Vendor defined – IANA", layout from caliptra-mcu-sw
/// common/mctp-vdm/src/protocol/header.rs, <c>VdmMsgHeader</c>):
/// <code>
///  0        4          5         6
///  +--------+----------+---------+-----------------------
///  | IANA   | control  | command | command payload …
///  | 0x0000A67F, MSB first | bit7 = 1 request, 0 response; bits 6..0 reserved (0)
///  +--------+----------+---------+-----------------------
/// </code>
/// Multi-byte payload fields after the header (area index, completion code) are little-endian.
/// </summary>
public readonly record struct VdmHeader(uint EnterpriseId, byte Control, byte Command)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 6;

    /// <summary>OCP's IANA enterprise number (42623) used for Caliptra VDMs.</summary>
    public const uint CaliptraEnterpriseId = 0xA67F;

    /// <summary>The request bit of the control byte.</summary>
    public const byte RequestBit = 0x80;

    /// <summary>True when the control byte marks a request.</summary>
    public bool IsRequest => (Control & RequestBit) != 0;

    /// <summary>True when the control byte's reserved bits are zero.</summary>
    public bool ReservedClear => (Control & 0x7F) == 0;

    /// <summary>Reads the header; false when <paramref name="message"/> is shorter than <see cref="Size"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out VdmHeader header)
    {
        header = default;
        if (message.Length < Size)
        {
            return false;
        }

        header = new VdmHeader(BinaryPrimitives.ReadUInt32BigEndian(message), message[4], message[5]);
        return true;
    }

    /// <summary>Writes a Caliptra header for <paramref name="command"/>; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryWrite(Span<byte> destination, bool request, byte command)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, CaliptraEnterpriseId);
        destination[4] = request ? RequestBit : (byte)0;
        destination[5] = command;
        return true;
    }
}
