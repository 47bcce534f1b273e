namespace Rampart.Wire.Spdm;

/// <summary>SET_CERTIFICATE (0xEE), DSP0274 §10.25, Table 95; SET_CERTIFICATE_RSP is header-only.</summary>
/// <remarks>
/// <code>
/// header (Param1: SlotID 3:0, 1.3 SetCertModel 6:4 and Erase bit 7; Param2: 1.3 KeyPairID) |
/// CertChain (SPDM certificate chain format; absent when erasing)
/// </code>
/// </remarks>
public readonly ref struct SetCertificate
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1.</summary>
    public byte Attributes { get; init; }

    /// <summary>Param2.</summary>
    public byte KeyPairId { get; init; }

    /// <summary>The certificate chain.</summary>
    public ReadOnlySpan<byte> CertChain { get; init; }

    /// <summary>Target slot.</summary>
    public byte SlotId => (byte)(Attributes & 0xF);

    /// <summary>Reads SET_CERTIFICATE. A chain whose Length field disagrees with the bytes present is Invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, out SetCertificate value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.SetCertificate, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if ((header.Param1 & 0xF) > 7)
        {
            return WireStatus.Invalid;
        }

        var chain = message[SpdmHeader.Size..];
        var erase = (header.Param1 & 0x80) != 0;
        if (!erase)
        {
            if (chain.Length < GetCertificate.ChainHeaderSize)
            {
                return WireStatus.NeedMoreData;
            }

            var declared = chain[0] | (chain[1] << 8);
            if (declared < GetCertificate.ChainHeaderSize || declared > chain.Length)
            {
                return WireStatus.Invalid;
            }

            chain = chain[..declared];
        }

        value = new SetCertificate { Version = header.Version, Attributes = header.Param1, KeyPairId = header.Param2, CertChain = erase ? default : chain };
        return WireStatus.Done;
    }

    /// <summary>Writes SET_CERTIFICATE.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.SetCertificate, Attributes, KeyPairId);
        writer.TryWriteBytes(CertChain);
        return SpdmMessage.Finish(writer, out written);
    }
}
