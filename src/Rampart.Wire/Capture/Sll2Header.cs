using System.Buffers.Binary;

namespace Rampart.Wire.Capture;

/// <summary>Packet type of a Linux cooked capture (the kernel's PACKET_* values).</summary>
public enum Sll2PacketType : byte
{
    /// <summary>PACKET_HOST (0): addressed to this host (received).</summary>
    Host = 0,

    /// <summary>PACKET_BROADCAST (1).</summary>
    Broadcast = 1,

    /// <summary>PACKET_MULTICAST (2).</summary>
    Multicast = 2,

    /// <summary>PACKET_OTHERHOST (3).</summary>
    OtherHost = 3,

    /// <summary>PACKET_OUTGOING (4): sent by this host.</summary>
    Outgoing = 4,
}

/// <summary>
/// The 20-byte LINKTYPE_LINUX_SLL2 header (tcpdump.org "LINKTYPE_LINUX_SLL2"): protocol type,
/// reserved, interface index, ARPHRD type, packet type, link-layer address length and 8 bytes of
/// address. Multi-byte fields are big-endian (network order). For MCTP the protocol is
/// ETH_P_MCTP 0x00FA and the ARPHRD type ARPHRD_MCTP 290; the payload is the MCTP packet.
/// </summary>
/// <param name="Protocol">Protocol type (an ETH_P_* value).</param>
/// <param name="InterfaceIndex">The capturing interface's index.</param>
/// <param name="ArphrdType">Link type of the interface (an ARPHRD_* value).</param>
/// <param name="PacketType">Direction / addressing of the packet.</param>
/// <param name="AddressLength">Bytes of <paramref name="Address"/> in use (0–8).</param>
/// <param name="Address">Link-layer address, the first <paramref name="AddressLength"/> bytes meaningful, big-endian in a u64.</param>
public readonly record struct Sll2Header(ushort Protocol, uint InterfaceIndex, ushort ArphrdType, Sll2PacketType PacketType, byte AddressLength, ulong Address)
{
    /// <summary>Header size.</summary>
    public const int Size = 20;

    /// <summary>ETH_P_MCTP.</summary>
    public const ushort ProtocolMctp = 0x00FA;

    /// <summary>ARPHRD_MCTP.</summary>
    public const ushort ArphrdMctp = 290;

    /// <summary>Largest link-layer address.</summary>
    public const byte MaxAddressLength = 8;

    // +0 [ protocol type u16 BE ]  +2 [ reserved u16 = 0 ]  +4 [ interface index u32 BE ]
    // +8 [ ARPHRD type u16 BE ]   +10 [ packet type ]      +11 [ address length ]
    // +12 [ link-layer address, 8 bytes ]
    private const int ProtocolOffset = 0;
    private const int ReservedOffset = 2;
    private const int InterfaceOffset = 4;
    private const int ArphrdOffset = 8;
    private const int PacketTypeOffset = 10;
    private const int AddressLengthOffset = 11;
    private const int AddressOffset = 12;

    /// <summary>An SLL2 header for an MCTP packet on interface <paramref name="interfaceIndex"/>.</summary>
    public static Sll2Header ForMctp(Sll2PacketType packetType, uint interfaceIndex = 1) =>
        new(ProtocolMctp, interfaceIndex, ArphrdMctp, packetType, 0, 0);

    /// <summary>Reads the header; reserved bytes set or an address longer than 8 is <see cref="WireStatus.Invalid"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out Sll2Header header)
    {
        header = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(source[ReservedOffset..]) != 0 || source[AddressLengthOffset] > MaxAddressLength)
        {
            return WireStatus.Invalid;
        }

        header = new Sll2Header(
            BinaryPrimitives.ReadUInt16BigEndian(source[ProtocolOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[InterfaceOffset..]),
            BinaryPrimitives.ReadUInt16BigEndian(source[ArphrdOffset..]),
            (Sll2PacketType)source[PacketTypeOffset],
            source[AddressLengthOffset],
            BinaryPrimitives.ReadUInt64BigEndian(source[AddressOffset..]));
        return WireStatus.Done;
    }

    /// <summary>Writes the header.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AddressLength, MaxAddressLength);
        if (destination.Length < Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[ProtocolOffset..], Protocol);
        BinaryPrimitives.WriteUInt16BigEndian(destination[ReservedOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[InterfaceOffset..], InterfaceIndex);
        BinaryPrimitives.WriteUInt16BigEndian(destination[ArphrdOffset..], ArphrdType);
        destination[PacketTypeOffset] = (byte)PacketType;
        destination[AddressLengthOffset] = AddressLength;
        BinaryPrimitives.WriteUInt64BigEndian(destination[AddressOffset..], Address);
        return true;
    }
}
