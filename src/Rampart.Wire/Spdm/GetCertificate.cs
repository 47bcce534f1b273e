namespace Rampart.Wire.Spdm;

/// <summary>GET_CERTIFICATE (0x82) and CERTIFICATE (0x02), DSP0274 §10.7, Tables 22–24.</summary>
/// <remarks>
/// <code>
/// GET_CERTIFICATE  header (Param1: SlotID 3:0, 1.3 SlotSizeRequested bit 7) | Offset (2) | Length (2)
/// CERTIFICATE      header (Param1: SlotID 3:0, Param2: 1.3 CertInfo) | PortionLength (2) |
///                  RemainderLength (2) | CertChain portion [PortionLength]
/// Certificate chain format (Table 24): Length (2) | reserved (2) | RootHash [H] | DER certificates
/// </code>
/// </remarks>
public readonly record struct GetCertificate(byte Version, byte SlotId, ushort Offset, ushort Length)
{
    /// <summary>GET_CERTIFICATE size.</summary>
    public const int RequestSize = 8;

    /// <summary>Fixed part of CERTIFICATE.</summary>
    public const int ResponseFixedSize = 8;

    /// <summary>Header of a certificate chain before the root hash (Length + reserved).</summary>
    public const int ChainHeaderSize = 4;

    /// <summary>Reads GET_CERTIFICATE; a slot above 7 is Invalid.</summary>
    public static WireStatus TryReadRequest(ReadOnlySpan<byte> message, out GetCertificate value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.GetCertificate, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (message.Length < RequestSize)
        {
            return WireStatus.NeedMoreData;
        }

        var slot = (byte)(header.Param1 & 0xF);
        if (slot > 7)
        {
            return WireStatus.Invalid;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        reader.TryReadU16(out var offset);
        reader.TryReadU16(out var length);
        value = new GetCertificate(header.Version, slot, offset, length);
        return WireStatus.Done;
    }

    /// <summary>Writes GET_CERTIFICATE.</summary>
    public bool TryWriteRequest(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.GetCertificate, SlotId, 0);
        writer.TryWriteU16(Offset);
        writer.TryWriteU16(Length);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Writes CERTIFICATE carrying <paramref name="portion"/>.</summary>
    public static bool TryWriteResponse(Span<byte> destination, byte version, byte slotId, ReadOnlySpan<byte> portion, ushort remainderLength, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, version, SpdmCode.Certificate, slotId, 0);
        writer.TryWriteU16((ushort)portion.Length);
        writer.TryWriteU16(remainderLength);
        writer.TryWriteBytes(portion);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Reads CERTIFICATE.</summary>
    public static WireStatus TryReadResponse(ReadOnlySpan<byte> message, out byte slotId, out ReadOnlySpan<byte> portion, out ushort remainderLength, out int length)
    {
        slotId = 0;
        portion = default;
        remainderLength = 0;
        length = 0;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Certificate, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (message.Length < ResponseFixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        reader.TryReadU16(out var portionLength);
        reader.TryReadU16(out var remainder);
        if (!reader.TryReadBytes(portionLength, out var bytes))
        {
            return WireStatus.NeedMoreData;
        }

        slotId = (byte)(header.Param1 & 0xF);
        portion = bytes;
        remainderLength = remainder;
        length = ResponseFixedSize + portionLength;
        return WireStatus.Done;
    }
}
