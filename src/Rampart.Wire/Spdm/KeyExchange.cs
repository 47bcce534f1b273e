namespace Rampart.Wire.Spdm;

/// <summary>KEY_EXCHANGE (0xE4), DSP0274 §10.12, Table 56.</summary>
/// <remarks>
/// <code>
/// header (Param1: MeasurementSummaryHashType, Param2: SlotID)
/// offset 4  ReqSessionID (2)
/// offset 6  SessionPolicy (1, 1.2+)
/// offset 7  reserved (1)
/// offset 8  RandomData (32)
/// offset 40 ExchangeData [D]
///           OpaqueDataLength (2) | OpaqueData
/// </code>
/// </remarks>
public readonly ref struct KeyExchange
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>MeasurementSummaryHashType.</summary>
    public byte HashType { get; init; }

    /// <summary>Slot of the responder's certificate chain.</summary>
    public byte SlotId { get; init; }

    /// <summary>The requester's half of the session id.</summary>
    public ushort ReqSessionId { get; init; }

    /// <summary>SessionPolicy.</summary>
    public byte SessionPolicy { get; init; }

    /// <summary>RandomData (32).</summary>
    public ReadOnlySpan<byte> RandomData { get; init; }

    /// <summary>The requester's DHE public value (D bytes).</summary>
    public ReadOnlySpan<byte> ExchangeData { get; init; }

    /// <summary>Opaque data.</summary>
    public ReadOnlySpan<byte> OpaqueData { get; init; }

    /// <summary>Bytes of the request.</summary>
    public int Length { get; init; }

    /// <summary>Reads KEY_EXCHANGE with exchange data of <see cref="SpdmSizes.ExchangeDataSize"/> bytes.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmSizes sizes, out KeyExchange value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.KeyExchange, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var sessionId) || !reader.TryReadU8(out var policy) || !reader.TrySkip(1) ||
            !reader.TryReadBytes(SpdmSizes.RandomDataSize, out var random) ||
            !reader.TryReadBytes(sizes.ExchangeDataSize, out var exchange) ||
            !reader.TryReadU16(out var opaqueLength) || !reader.TryReadBytes(opaqueLength, out var opaque))
        {
            return WireStatus.NeedMoreData;
        }

        if (header.Param2 > 7 && header.Param2 != 0xFF)
        {
            return WireStatus.Invalid;
        }

        value = new KeyExchange
        {
            Version = header.Version,
            HashType = header.Param1,
            SlotId = header.Param2,
            ReqSessionId = sessionId,
            SessionPolicy = policy,
            RandomData = random,
            ExchangeData = exchange,
            OpaqueData = opaque,
            Length = SpdmHeader.Size + reader.Position,
        };
        return WireStatus.Done;
    }

    /// <summary>Writes KEY_EXCHANGE.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.KeyExchange, HashType, SlotId);
        writer.TryWriteU16(ReqSessionId);
        writer.TryWriteU8(SessionPolicy);
        writer.TryWriteU8(0);
        writer.TryWriteBytes(RandomData);
        writer.TryWriteBytes(ExchangeData);
        writer.TryWriteU16((ushort)OpaqueData.Length);
        writer.TryWriteBytes(OpaqueData);
        return SpdmMessage.Finish(writer, out written);
    }
}
