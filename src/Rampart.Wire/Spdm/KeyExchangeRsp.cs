namespace Rampart.Wire.Spdm;

/// <summary>KEY_EXCHANGE_RSP (0x64), DSP0274 §10.12.2, Table 59.</summary>
/// <remarks>
/// <code>
/// header (Param1: HeartbeatPeriod, Param2: reserved)
/// offset 4  RspSessionID (2)
/// offset 6  MutAuthRequested (1)
/// offset 7  ReqSlotIDParam (1)
/// offset 8  RandomData (32)
/// offset 40 ExchangeData [D]
///           MeasurementSummaryHash [H or 0] | OpaqueDataLength (2) | OpaqueData |
///           Signature [S] | ResponderVerifyData [H] (absent when the handshake is in the clear)
/// </code>
/// </remarks>
public readonly ref struct KeyExchangeRsp
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>HeartbeatPeriod (seconds; 0 = none).</summary>
    public byte HeartbeatPeriod { get; init; }

    /// <summary>The responder's half of the session id.</summary>
    public ushort RspSessionId { get; init; }

    /// <summary>MutAuthRequested.</summary>
    public byte MutAuthRequested { get; init; }

    /// <summary>ReqSlotIDParam.</summary>
    public byte ReqSlotIdParam { get; init; }

    /// <summary>RandomData (32).</summary>
    public ReadOnlySpan<byte> RandomData { get; init; }

    /// <summary>The responder's DHE public value.</summary>
    public ReadOnlySpan<byte> ExchangeData { get; init; }

    /// <summary>Measurement summary hash (empty when not requested).</summary>
    public ReadOnlySpan<byte> MeasurementSummaryHash { get; init; }

    /// <summary>Opaque data.</summary>
    public ReadOnlySpan<byte> OpaqueData { get; init; }

    /// <summary>Signature over the transcript up to (not including) this field.</summary>
    public ReadOnlySpan<byte> Signature { get; init; }

    /// <summary>ResponderVerifyData (HMAC over TH with the finished key).</summary>
    public ReadOnlySpan<byte> VerifyData { get; init; }

    /// <summary>Offset of the signature.</summary>
    public int SignatureOffset { get; init; }

    /// <summary>Offset of the verify data.</summary>
    public int VerifyDataOffset { get; init; }

    /// <summary>Reads KEY_EXCHANGE_RSP.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmSizes sizes, bool summaryHashPresent, bool handshakeInTheClear, out KeyExchangeRsp value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.KeyExchangeRsp, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var sessionId) || !reader.TryReadU8(out var mutAuth) || !reader.TryReadU8(out var reqSlot) ||
            !reader.TryReadBytes(SpdmSizes.RandomDataSize, out var random) ||
            !reader.TryReadBytes(sizes.ExchangeDataSize, out var exchange) ||
            !reader.TryReadBytes(summaryHashPresent ? sizes.HashSize : 0, out var summary) ||
            !reader.TryReadU16(out var opaqueLength) || !reader.TryReadBytes(opaqueLength, out var opaque))
        {
            return WireStatus.NeedMoreData;
        }

        var signatureOffset = SpdmHeader.Size + reader.Position;
        if (!reader.TryReadBytes(sizes.SignatureSize, out var signature))
        {
            return WireStatus.NeedMoreData;
        }

        var verifyOffset = SpdmHeader.Size + reader.Position;
        if (!reader.TryReadBytes(handshakeInTheClear ? 0 : sizes.HashSize, out var verify))
        {
            return WireStatus.NeedMoreData;
        }

        value = new KeyExchangeRsp
        {
            Version = header.Version,
            HeartbeatPeriod = header.Param1,
            RspSessionId = sessionId,
            MutAuthRequested = mutAuth,
            ReqSlotIdParam = reqSlot,
            RandomData = random,
            ExchangeData = exchange,
            MeasurementSummaryHash = summary,
            OpaqueData = opaque,
            Signature = signature,
            VerifyData = verify,
            SignatureOffset = signatureOffset,
            VerifyDataOffset = verifyOffset,
        };
        return WireStatus.Done;
    }

    /// <summary>
    /// Writes everything before the signature; the caller then writes the signature at
    /// <paramref name="signatureOffset"/> and the verify data right after it.
    /// </summary>
    public bool TryWritePrefix(Span<byte> destination, out int signatureOffset)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.KeyExchangeRsp, HeartbeatPeriod, 0);
        writer.TryWriteU16(RspSessionId);
        writer.TryWriteU8(MutAuthRequested);
        writer.TryWriteU8(ReqSlotIdParam);
        writer.TryWriteBytes(RandomData);
        writer.TryWriteBytes(ExchangeData);
        writer.TryWriteBytes(MeasurementSummaryHash);
        writer.TryWriteU16((ushort)OpaqueData.Length);
        writer.TryWriteBytes(OpaqueData);
        return SpdmMessage.Finish(writer, out signatureOffset);
    }
}
