namespace Rampart.Wire.Spdm;

/// <summary>GET_CSR (0xED) and CSR (0x6D), DSP0274 §10.24, Tables 92–94.</summary>
/// <remarks>
/// <code>
/// GET_CSR  header (Param1: 1.3 KeyPairID, Param2: 1.3 request attributes) |
///          RequesterInfoLength (2) | OpaqueDataLength (2) | RequesterInfo | OpaqueData
/// CSR      header | CSRLength (2) | reserved (2) | CSRdata [CSRLength]
/// </code>
/// </remarks>
public readonly ref struct GetCsr
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1 (1.3 KeyPairID).</summary>
    public byte KeyPairId { get; init; }

    /// <summary>Param2 (1.3 attributes).</summary>
    public byte Attributes { get; init; }

    /// <summary>RequesterInfo (a DER CertificationRequestInfo template, may be empty).</summary>
    public ReadOnlySpan<byte> RequesterInfo { get; init; }

    /// <summary>Opaque data.</summary>
    public ReadOnlySpan<byte> OpaqueData { get; init; }

    /// <summary>Reads GET_CSR.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, out GetCsr value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.GetCsr, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var infoLength) || !reader.TryReadU16(out var opaqueLength) ||
            !reader.TryReadBytes(infoLength, out var info) || !reader.TryReadBytes(opaqueLength, out var opaque))
        {
            return WireStatus.NeedMoreData;
        }

        value = new GetCsr { Version = header.Version, KeyPairId = header.Param1, Attributes = header.Param2, RequesterInfo = info, OpaqueData = opaque };
        return WireStatus.Done;
    }

    /// <summary>Writes GET_CSR.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.GetCsr, KeyPairId, Attributes);
        writer.TryWriteU16((ushort)RequesterInfo.Length);
        writer.TryWriteU16((ushort)OpaqueData.Length);
        writer.TryWriteBytes(RequesterInfo);
        writer.TryWriteBytes(OpaqueData);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Writes CSR.</summary>
    public static bool TryWriteResponse(Span<byte> destination, byte version, ReadOnlySpan<byte> csr, out int written)
    {
        if (csr.Length > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, version, SpdmCode.Csr, 0, 0);
        writer.TryWriteU16((ushort)csr.Length);
        writer.TryWriteU16(0);
        writer.TryWriteBytes(csr);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Reads CSR.</summary>
    public static WireStatus TryReadResponse(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> csr)
    {
        csr = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Csr, out _);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var length) || !reader.TrySkip(2) || !reader.TryReadBytes(length, out var data))
        {
            return WireStatus.NeedMoreData;
        }

        csr = data;
        return WireStatus.Done;
    }
}
