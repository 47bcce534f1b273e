namespace Rampart.Wire.Spdm;

/// <summary>PSK_EXCHANGE (0xE6), DSP0274 §10.16, Table 71.</summary>
/// <remarks>
/// <code>
/// header (Param1: MeasurementSummaryHashType, Param2: SessionPolicy)
/// offset 4  ReqSessionID (2)
/// offset 6  PSKHintLength P (2)
/// offset 8  RequesterContextLength R (2)
/// offset 10 OpaqueDataLength OL (2)
/// offset 12 PSKHint [P] | RequesterContext [R] | OpaqueData [OL]
/// </code>
/// </remarks>
public readonly ref struct PskExchange
{
    /// <summary>Fixed part.</summary>
    public const int FixedSize = 12;

    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>MeasurementSummaryHashType.</summary>
    public byte HashType { get; init; }

    /// <summary>SessionPolicy.</summary>
    public byte SessionPolicy { get; init; }

    /// <summary>ReqSessionID.</summary>
    public ushort ReqSessionId { get; init; }

    /// <summary>Identifies the pre-shared key.</summary>
    public ReadOnlySpan<byte> PskHint { get; init; }

    /// <summary>The requester's context (nonce).</summary>
    public ReadOnlySpan<byte> RequesterContext { get; init; }

    /// <summary>Opaque data.</summary>
    public ReadOnlySpan<byte> OpaqueData { get; init; }

    /// <summary>Bytes of the request.</summary>
    public int Length { get; init; }

    /// <summary>Reads PSK_EXCHANGE.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, out PskExchange value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.PskExchange, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var sessionId) || !reader.TryReadU16(out var hintLength) ||
            !reader.TryReadU16(out var contextLength) || !reader.TryReadU16(out var opaqueLength) ||
            !reader.TryReadBytes(hintLength, out var hint) || !reader.TryReadBytes(contextLength, out var context) ||
            !reader.TryReadBytes(opaqueLength, out var opaque))
        {
            return WireStatus.NeedMoreData;
        }

        value = new PskExchange
        {
            Version = header.Version,
            HashType = header.Param1,
            SessionPolicy = header.Param2,
            ReqSessionId = sessionId,
            PskHint = hint,
            RequesterContext = context,
            OpaqueData = opaque,
            Length = SpdmHeader.Size + reader.Position,
        };
        return WireStatus.Done;
    }

    /// <summary>Writes PSK_EXCHANGE.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.PskExchange, HashType, SessionPolicy);
        writer.TryWriteU16(ReqSessionId);
        writer.TryWriteU16((ushort)PskHint.Length);
        writer.TryWriteU16((ushort)RequesterContext.Length);
        writer.TryWriteU16((ushort)OpaqueData.Length);
        writer.TryWriteBytes(PskHint);
        writer.TryWriteBytes(RequesterContext);
        writer.TryWriteBytes(OpaqueData);
        return SpdmMessage.Finish(writer, out written);
    }
}

/// <summary>PSK_EXCHANGE_RSP (0x66), DSP0274 §10.16.2, Table 73.</summary>
/// <remarks>
/// <code>
/// header (Param1: HeartbeatPeriod)
/// offset 4  RspSessionID (2)
/// offset 6  reserved (2)
/// offset 8  ResponderContextLength Q (2)
/// offset 10 OpaqueDataLength OL (2)
/// offset 12 MeasurementSummaryHash [H or 0] | ResponderContext [Q] | OpaqueData [OL] |
///           ResponderVerifyData [H]
/// </code>
/// </remarks>
public readonly ref struct PskExchangeRsp
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>HeartbeatPeriod.</summary>
    public byte HeartbeatPeriod { get; init; }

    /// <summary>RspSessionID.</summary>
    public ushort RspSessionId { get; init; }

    /// <summary>Measurement summary hash (empty when not requested).</summary>
    public ReadOnlySpan<byte> MeasurementSummaryHash { get; init; }

    /// <summary>The responder's context.</summary>
    public ReadOnlySpan<byte> ResponderContext { get; init; }

    /// <summary>Opaque data.</summary>
    public ReadOnlySpan<byte> OpaqueData { get; init; }

    /// <summary>ResponderVerifyData.</summary>
    public ReadOnlySpan<byte> VerifyData { get; init; }

    /// <summary>Offset of the verify data.</summary>
    public int VerifyDataOffset { get; init; }

    /// <summary>Reads PSK_EXCHANGE_RSP.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmSizes sizes, bool summaryHashPresent, out PskExchangeRsp value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.PskExchangeRsp, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var sessionId) || !reader.TrySkip(2) || !reader.TryReadU16(out var contextLength) ||
            !reader.TryReadU16(out var opaqueLength) ||
            !reader.TryReadBytes(summaryHashPresent ? sizes.HashSize : 0, out var summary) ||
            !reader.TryReadBytes(contextLength, out var context) || !reader.TryReadBytes(opaqueLength, out var opaque))
        {
            return WireStatus.NeedMoreData;
        }

        var verifyOffset = SpdmHeader.Size + reader.Position;
        if (!reader.TryReadBytes(sizes.HashSize, out var verify))
        {
            return WireStatus.NeedMoreData;
        }

        value = new PskExchangeRsp
        {
            Version = header.Version,
            HeartbeatPeriod = header.Param1,
            RspSessionId = sessionId,
            MeasurementSummaryHash = summary,
            ResponderContext = context,
            OpaqueData = opaque,
            VerifyData = verify,
            VerifyDataOffset = verifyOffset,
        };
        return WireStatus.Done;
    }

    /// <summary>Writes everything before the verify data; returns its offset.</summary>
    public bool TryWritePrefix(Span<byte> destination, out int verifyDataOffset)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.PskExchangeRsp, HeartbeatPeriod, 0);
        writer.TryWriteU16(RspSessionId);
        writer.TryWriteU16(0);
        writer.TryWriteU16((ushort)ResponderContext.Length);
        writer.TryWriteU16((ushort)OpaqueData.Length);
        writer.TryWriteBytes(MeasurementSummaryHash);
        writer.TryWriteBytes(ResponderContext);
        writer.TryWriteBytes(OpaqueData);
        return SpdmMessage.Finish(writer, out verifyDataOffset);
    }
}
