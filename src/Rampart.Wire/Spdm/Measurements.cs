namespace Rampart.Wire.Spdm;

/// <summary>MEASUREMENTS (0x60), DSP0274 §10.11.2, Table 45.</summary>
/// <remarks>
/// <code>
/// header (Param1: number of blocks for operation 0, else reserved;
///         Param2: SlotID 3:0, content changed 5:4)
/// offset 4  NumberOfBlocks (1)
/// offset 5  MeasurementRecordLength (3)
/// offset 8  MeasurementRecord [length]
///           Nonce (32) | OpaqueDataLength (2) | OpaqueData | 1.3: RequesterContext (8) |
///           Signature [S] when requested
/// </code>
/// </remarks>
public readonly ref struct Measurements
{
    /// <summary>Fixed part before the record.</summary>
    public const int FixedSize = 8;

    /// <summary>Largest MeasurementRecordLength (24 bits).</summary>
    public const int MaxRecordLength = 0xFF_FFFF;

    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1.</summary>
    public byte Param1 { get; init; }

    /// <summary>Param2.</summary>
    public byte Param2 { get; init; }

    /// <summary>NumberOfBlocks.</summary>
    public byte NumberOfBlocks { get; init; }

    /// <summary>The measurement record (concatenated blocks; see <see cref="MeasurementBlock"/>).</summary>
    public ReadOnlySpan<byte> Record { get; init; }

    /// <summary>The responder's nonce.</summary>
    public ReadOnlySpan<byte> Nonce { get; init; }

    /// <summary>Opaque data.</summary>
    public ReadOnlySpan<byte> OpaqueData { get; init; }

    /// <summary>1.3 RequesterContext.</summary>
    public ReadOnlySpan<byte> RequesterContext { get; init; }

    /// <summary>Signature (empty when not requested).</summary>
    public ReadOnlySpan<byte> Signature { get; init; }

    /// <summary>Offset where the signature starts (= bytes covered with the L1/L2 transcript).</summary>
    public int SignatureOffset { get; init; }

    /// <summary>Reads MEASUREMENTS; <paramref name="signed"/> when the request asked for a signature.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmSizes sizes, bool signed, out Measurements value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Measurements, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU8(out var blocks) || !reader.TryReadU24(out var recordLength))
        {
            return WireStatus.NeedMoreData;
        }

        if (!reader.TryReadBytes((int)recordLength, out var record) ||
            !reader.TryReadBytes(SpdmSizes.NonceSize, out var nonce) ||
            !reader.TryReadU16(out var opaqueLength) ||
            !reader.TryReadBytes(opaqueLength, out var opaque) ||
            !reader.TryReadBytes(sizes.ContextSize, out var context))
        {
            return WireStatus.NeedMoreData;
        }

        var signatureOffset = SpdmHeader.Size + reader.Position;
        ReadOnlySpan<byte> signature = default;
        if (signed && !reader.TryReadBytes(sizes.SignatureSize, out signature))
        {
            return WireStatus.NeedMoreData;
        }

        if (!MeasurementBlock.IsWellFormedRecord(record, blocks))
        {
            return WireStatus.Invalid;
        }

        value = new Measurements
        {
            Version = header.Version,
            Param1 = header.Param1,
            Param2 = header.Param2,
            NumberOfBlocks = blocks,
            Record = record,
            Nonce = nonce,
            OpaqueData = opaque,
            RequesterContext = context,
            Signature = signature,
            SignatureOffset = signatureOffset,
        };
        return WireStatus.Done;
    }

    /// <summary>
    /// Writes MEASUREMENTS up to the signature. When <paramref name="signatureSize"/> is non-zero
    /// room for it is zeroed at <paramref name="signatureOffset"/> for the caller to fill.
    /// </summary>
    public bool TryWriteUnsigned(Span<byte> destination, int signatureSize, out int signatureOffset, out int totalLength)
    {
        signatureOffset = 0;
        if (Record.Length > MaxRecordLength)
        {
            totalLength = 0;
            return false;
        }

        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.Measurements, Param1, Param2);
        writer.TryWriteU8(NumberOfBlocks);
        writer.TryWriteU24((uint)Record.Length);
        writer.TryWriteBytes(Record);
        writer.TryWriteBytes(Nonce);
        writer.TryWriteU16((ushort)OpaqueData.Length);
        writer.TryWriteBytes(OpaqueData);
        if (Version >= SpdmVersion.V13)
        {
            writer.TryWriteBytes(RequesterContext);
        }

        signatureOffset = writer.Position;
        writer.TryWriteZeros(signatureSize);
        return SpdmMessage.Finish(writer, out totalLength);
    }
}
