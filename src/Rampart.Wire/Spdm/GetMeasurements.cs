namespace Rampart.Wire.Spdm;

/// <summary>GET_MEASUREMENTS (0xE0), DSP0274 §10.11, Table 40.</summary>
/// <remarks>
/// <code>
/// header (Param1: attributes — bit 0 signature requested, bit 1 raw bit stream requested,
///         bit 2 new measurement requested (1.3); Param2: operation — 0 count, 1..0xFE index, 0xFF all)
/// if signature requested: Nonce (32) | SlotIDParam (1: slot in 3:0)
/// 1.3: RequesterContext (8)
/// </code>
/// </remarks>
public readonly ref struct GetMeasurements
{
    /// <summary>Param1 bit 0: the responder signs the response.</summary>
    public const byte AttributeSignatureRequested = 0x01;

    /// <summary>Param1 bit 1: raw bit stream requested.</summary>
    public const byte AttributeRawBitStream = 0x02;

    /// <summary>Operation 0: report the number of measurement blocks.</summary>
    public const byte OperationCount = 0x00;

    /// <summary>Operation 0xFF: all measurement blocks.</summary>
    public const byte OperationAll = 0xFF;

    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1 attributes.</summary>
    public byte Attributes { get; init; }

    /// <summary>Param2 operation.</summary>
    public byte Operation { get; init; }

    /// <summary>The nonce (empty unless a signature is requested).</summary>
    public ReadOnlySpan<byte> Nonce { get; init; }

    /// <summary>Slot of the signing key (0 unless a signature is requested).</summary>
    public byte SlotId { get; init; }

    /// <summary>1.3 RequesterContext.</summary>
    public ReadOnlySpan<byte> RequesterContext { get; init; }

    /// <summary>Bytes of the request.</summary>
    public int Length { get; init; }

    /// <summary>True when Param1 asks for a signature.</summary>
    public bool SignatureRequested => (Attributes & AttributeSignatureRequested) != 0;

    /// <summary>Reads GET_MEASUREMENTS.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, out GetMeasurements value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.GetMeasurements, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var signed = (header.Param1 & AttributeSignatureRequested) != 0;
        var reader = new WireReader(message[SpdmHeader.Size..]);
        ReadOnlySpan<byte> nonce = default;
        byte slot = 0;
        if (signed && (!reader.TryReadBytes(SpdmSizes.NonceSize, out nonce) || !reader.TryReadU8(out slot)))
        {
            return WireStatus.NeedMoreData;
        }

        ReadOnlySpan<byte> context = default;
        if (header.Version >= SpdmVersion.V13 && !reader.TryReadBytes(SpdmSizes.RequesterContextSize, out context))
        {
            return WireStatus.NeedMoreData;
        }

        slot &= 0xF;
        if (signed && slot > 7 && slot != 0xF)
        {
            return WireStatus.Invalid;
        }

        value = new GetMeasurements
        {
            Version = header.Version,
            Attributes = header.Param1,
            Operation = header.Param2,
            Nonce = nonce,
            SlotId = slot,
            RequesterContext = context,
            Length = SpdmHeader.Size + reader.Position,
        };
        return WireStatus.Done;
    }

    /// <summary>Writes GET_MEASUREMENTS.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.GetMeasurements, Attributes, Operation);
        if (SignatureRequested)
        {
            writer.TryWriteBytes(Nonce);
            writer.TryWriteU8(SlotId);
        }

        if (Version >= SpdmVersion.V13)
        {
            writer.TryWriteBytes(RequesterContext);
        }

        return SpdmMessage.Finish(writer, out written);
    }
}
