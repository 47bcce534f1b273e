namespace Rampart.Wire.Spdm;

/// <summary>
/// VENDOR_DEFINED_REQUEST (0xFE) and VENDOR_DEFINED_RESPONSE (0x7E), DSP0274 §10.20,
/// Tables 83–85.
/// </summary>
/// <remarks>
/// <code>
/// header (Param1, Param2 reserved)
/// offset 4  StandardID (2: DMTF registry, 4 = IANA, 3 = PCI-SIG)
/// offset 6  Len (1)
/// offset 7  VendorID [Len]
///           ReqLength / RespLength (2) | payload
/// </code>
/// Caliptra's messages use StandardID 4 (IANA) with vendor id 0xA67F.
/// </remarks>
public readonly ref struct VendorDefined
{
    /// <summary>StandardID of the PCI-SIG registry.</summary>
    public const ushort StandardPciSig = 3;

    /// <summary>StandardID of IANA.</summary>
    public const ushort StandardIana = 4;

    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>StandardID.</summary>
    public ushort StandardId { get; init; }

    /// <summary>VendorID bytes.</summary>
    public ReadOnlySpan<byte> VendorId { get; init; }

    /// <summary>The vendor payload.</summary>
    public ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>Bytes of the message.</summary>
    public int Length { get; init; }

    /// <summary>Reads a vendor-defined request (<paramref name="response"/> false) or response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, bool response, out VendorDefined value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, response ? SpdmCode.VendorDefinedResponse : SpdmCode.VendorDefinedRequest, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var standard) || !reader.TryReadU8(out var len) || !reader.TryReadBytes(len, out var vendor) ||
            !reader.TryReadU16(out var payloadLength) || !reader.TryReadBytes(payloadLength, out var payload))
        {
            return WireStatus.NeedMoreData;
        }

        value = new VendorDefined { Version = header.Version, StandardId = standard, VendorId = vendor, Payload = payload, Length = SpdmHeader.Size + reader.Position };
        return WireStatus.Done;
    }

    /// <summary>Writes the message.</summary>
    public bool TryWrite(Span<byte> destination, bool response, out int written)
    {
        if (VendorId.Length > byte.MaxValue || Payload.Length > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, response ? SpdmCode.VendorDefinedResponse : SpdmCode.VendorDefinedRequest, 0, 0);
        writer.TryWriteU16(StandardId);
        writer.TryWriteU8((byte)VendorId.Length);
        writer.TryWriteBytes(VendorId);
        writer.TryWriteU16((ushort)Payload.Length);
        writer.TryWriteBytes(Payload);
        return SpdmMessage.Finish(writer, out written);
    }
}
