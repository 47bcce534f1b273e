namespace Rampart.Wire.Spdm;

/// <summary>GET_CAPABILITIES (0xE1) and CAPABILITIES (0x61), DSP0274 §10.4, Tables 10–12.</summary>
/// <remarks>
/// Both directions share one layout (1.2 and later: 20 bytes):
/// <code>
/// offset 0  header (Param1: 1.3 bit 0 = supported-algorithms requested/present)
/// offset 4  reserved
/// offset 5  CTExponent
/// offset 6  reserved (2)
/// offset 8  Flags (4)
/// offset 12 DataTransferSize (4)   1.2+
/// offset 16 MaxSPDMmsgSize (4)     1.2+
/// </code>
/// 1.1 messages end at offset 12. Rampart never sets the 1.3 supported-algorithms bit, so its
/// CAPABILITIES never carries the optional algorithm block.
/// </remarks>
public readonly record struct GetCapabilities(byte Version, byte CtExponent, SpdmCapabilityFlags Flags, uint DataTransferSize, uint MaxSpdmMessageSize, byte Param1 = 0)
{
    /// <summary>Size of a 1.2/1.3 message.</summary>
    public const int Size12 = 20;

    /// <summary>Size of a 1.1 message.</summary>
    public const int Size11 = 12;

    /// <summary>Minimum DataTransferSize in 1.2 (MinDataTransferSize, §10.4).</summary>
    public const uint MinDataTransferSize = 42;

    /// <summary>Reads a request (<see cref="SpdmCode.GetCapabilities"/>) or response (<see cref="SpdmCode.Capabilities"/>).</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmCode code, out GetCapabilities value, out int length)
    {
        value = default;
        length = 0;
        var status = SpdmMessage.ReadHeader(message, code, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var size = header.Version >= SpdmVersion.V12 ? Size12 : header.Version == SpdmVersion.V11 ? Size11 : SpdmHeader.Size;
        if (message.Length < size)
        {
            return WireStatus.NeedMoreData;
        }

        if (header.Version < SpdmVersion.V11)
        {
            value = new GetCapabilities(header.Version, 0, SpdmCapabilityFlags.None, 0, 0, header.Param1);
            length = size;
            return WireStatus.Done;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        reader.TrySkip(1);
        reader.TryReadU8(out var ct);
        reader.TrySkip(2);
        reader.TryReadU32(out var flags);
        uint dts = 0, max = 0;
        if (header.Version >= SpdmVersion.V12)
        {
            reader.TryReadU32(out dts);
            reader.TryReadU32(out max);
        }

        value = new GetCapabilities(header.Version, ct, (SpdmCapabilityFlags)flags, dts, max, header.Param1);
        length = size;
        return WireStatus.Done;
    }

    /// <summary>Writes the message as <paramref name="code"/> at <see cref="Version"/>.</summary>
    public bool TryWrite(Span<byte> destination, SpdmCode code, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, code, Param1, 0);
        if (Version >= SpdmVersion.V11)
        {
            writer.TryWriteU8(0);
            writer.TryWriteU8(CtExponent);
            writer.TryWriteU16(0);
            writer.TryWriteU32((uint)Flags);
        }

        if (Version >= SpdmVersion.V12)
        {
            writer.TryWriteU32(DataTransferSize);
            writer.TryWriteU32(MaxSpdmMessageSize);
        }

        return SpdmMessage.Finish(writer, out written);
    }
}
