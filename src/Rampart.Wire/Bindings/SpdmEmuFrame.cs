using System.Buffers.Binary;

namespace Rampart.Wire.Bindings;

/// <summary>
/// Commands of the spdm-emu socket protocol (DMTF spdm-emu <c>spdm_emu_common/command.h</c>;
/// SPDM-EMU.md). Open: unknown values are carried through and answered with <see cref="Unknown"/>.
/// </summary>
public enum SpdmEmuCommand : uint
{
    /// <summary>SOCKET_SPDM_COMMAND_NORMAL (0x0001): one transport message.</summary>
    Normal = 0x0001,

    /// <summary>SOCKET_SPDM_COMMAND_OOB_ENCAP_KEY_UPDATE (0x8001).</summary>
    OobEncapsulatedKeyUpdate = 0x8001,

    /// <summary>SOCKET_SPDM_COMMAND_OOB_ENCAP_ENDPOINT_INFO (0x8002).</summary>
    OobEncapsulatedEndpointInfo = 0x8002,

    /// <summary>SOCKET_SPDM_COMMAND_TEST (0xDEAD): the hello exchange.</summary>
    Test = 0xDEAD,

    /// <summary>SOCKET_SPDM_COMMAND_CONTINUE (0xFFFD): keep state, accept the next client.</summary>
    Continue = 0xFFFD,

    /// <summary>SOCKET_SPDM_COMMAND_SHUTDOWN (0xFFFE): end the server.</summary>
    Shutdown = 0xFFFE,

    /// <summary>SOCKET_SPDM_COMMAND_UNKNOWN (0xFFFF): the reply to an unrecognised command.</summary>
    Unknown = 0xFFFF,
}

/// <summary>Transport types of the spdm-emu socket protocol (SPDM-EMU.md).</summary>
public enum SpdmEmuTransport : uint
{
    /// <summary>SOCKET_TRANSPORT_TYPE_NONE (0): the bare SPDM message.</summary>
    None = 0,

    /// <summary>SOCKET_TRANSPORT_TYPE_MCTP (1): MCTP message type byte, then the message.</summary>
    Mctp = 1,

    /// <summary>SOCKET_TRANSPORT_TYPE_PCI_DOE (2): a DOE data object.</summary>
    PciDoe = 2,

    /// <summary>SOCKET_TRANSPORT_TYPE_TCP (3): the DSP0287 TCP binding.</summary>
    Tcp = 3,
}

/// <summary>
/// The 12-byte header of an spdm-emu socket frame (SPDM-EMU.md "Frame"): command, transport type
/// and payload size, each a big-endian u32; the payload follows.
/// </summary>
/// <param name="Command">The command.</param>
/// <param name="Transport">The transport type of the payload.</param>
/// <param name="PayloadSize">Payload bytes after the header.</param>
public readonly record struct SpdmEmuFrameHeader(SpdmEmuCommand Command, SpdmEmuTransport Transport, uint PayloadSize)
{
    /// <summary>Header size.</summary>
    public const int Size = 12;

    /// <summary>A payload limit that fits every frame DMTF's tools send (0x1200 + 128 rounded up).</summary>
    public const int DefaultMaxPayloadSize = 0x1400;

    // +0 [ command u32 BE ]   +4 [ transport type u32 BE ]   +8 [ payload size u32 BE ]   +12 [ payload ]
    private const int CommandOffset = 0;
    private const int TransportOffset = 4;
    private const int SizeOffset = 8;

    /// <summary>
    /// Reads the header. <see cref="WireStatus.NeedMoreData"/> on fewer than 12 bytes;
    /// <see cref="WireStatus.Invalid"/> when the payload size exceeds <paramref name="maxPayloadSize"/>.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out SpdmEmuFrameHeader header, int maxPayloadSize = DefaultMaxPayloadSize)
    {
        header = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        var size = BinaryPrimitives.ReadUInt32BigEndian(source[SizeOffset..]);
        if (size > (uint)maxPayloadSize)
        {
            return WireStatus.Invalid;
        }

        header = new SpdmEmuFrameHeader(
            (SpdmEmuCommand)BinaryPrimitives.ReadUInt32BigEndian(source[CommandOffset..]),
            (SpdmEmuTransport)BinaryPrimitives.ReadUInt32BigEndian(source[TransportOffset..]),
            size);
        return WireStatus.Done;
    }

    /// <summary>
    /// Reads a whole frame: header and payload (a slice). <see cref="WireStatus.NeedMoreData"/>
    /// until all payload bytes are there; <paramref name="consumed"/> is the frame size on success.
    /// </summary>
    public static WireStatus TryReadFrame(ReadOnlySpan<byte> source, out SpdmEmuFrameHeader header, out ReadOnlySpan<byte> payload, out int consumed, int maxPayloadSize = DefaultMaxPayloadSize)
    {
        payload = default;
        consumed = 0;
        var status = TryRead(source, out header, maxPayloadSize);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if ((uint)(source.Length - Size) < header.PayloadSize)
        {
            header = default;
            return WireStatus.NeedMoreData;
        }

        payload = source.Slice(Size, (int)header.PayloadSize);
        consumed = Size + (int)header.PayloadSize;
        return WireStatus.Done;
    }

    /// <summary>Writes the header.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[CommandOffset..], (uint)Command);
        BinaryPrimitives.WriteUInt32BigEndian(destination[TransportOffset..], (uint)Transport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SizeOffset..], PayloadSize);
        return true;
    }

    /// <summary>Writes a header for <paramref name="payload"/> followed by the payload.</summary>
    public static bool TryWriteFrame(SpdmEmuCommand command, SpdmEmuTransport transport, ReadOnlySpan<byte> payload, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size + payload.Length)
        {
            return false;
        }

        new SpdmEmuFrameHeader(command, transport, (uint)payload.Length).TryWrite(destination);
        payload.CopyTo(destination[Size..]);
        written = Size + payload.Length;
        return true;
    }
}
