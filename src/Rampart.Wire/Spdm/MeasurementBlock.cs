namespace Rampart.Wire.Spdm;

/// <summary>DMTF measurement value types (DSP0274 1.3 Table 46, bits 6:0; bit 7 = raw bit stream).</summary>
public enum DmtfMeasurementType : byte
{
    /// <summary>Immutable ROM (0).</summary>
    ImmutableRom = 0,

    /// <summary>Mutable firmware (1).</summary>
    MutableFirmware = 1,

    /// <summary>Hardware configuration (2).</summary>
    HardwareConfiguration = 2,

    /// <summary>Firmware configuration (3).</summary>
    FirmwareConfiguration = 3,

    /// <summary>Freeform measurement manifest (4).</summary>
    MeasurementManifest = 4,

    /// <summary>Device mode (5).</summary>
    DeviceMode = 5,

    /// <summary>Mutable firmware's version (6).</summary>
    Version = 6,

    /// <summary>Mutable firmware's security version number (7).</summary>
    SecurityVersionNumber = 7,

    /// <summary>Hash-extend measurement (8, 1.3).</summary>
    HashExtendMeasurement = 8,

    /// <summary>Informational (9, 1.3).</summary>
    Informational = 9,

    /// <summary>Structured measurement manifest (10, 1.3).</summary>
    StructuredManifest = 10,
}

/// <summary>One measurement block in DMTF format (DSP0274 §10.11.1, Tables 43–46).</summary>
/// <remarks>
/// <code>
/// Index (1) | MeasurementSpecification (1: bit 0 DMTF) | MeasurementSize (2) | Measurement
/// DMTF Measurement: DMTFSpecMeasurementValueType (1: bit 7 raw) | ValueSize (2) | Value
/// </code>
/// </remarks>
public readonly ref struct MeasurementBlock
{
    /// <summary>Bytes before the measurement.</summary>
    public const int HeaderSize = 4;

    /// <summary>Bytes before a DMTF value.</summary>
    public const int DmtfHeaderSize = 3;

    /// <summary>Index (1..0xFE; 0xFD manifest, 0xFE device mode).</summary>
    public byte Index { get; init; }

    /// <summary>DMTFSpecMeasurementValueType, bit 7 = raw bit stream.</summary>
    public byte ValueType { get; init; }

    /// <summary>The value (a digest, or raw bits).</summary>
    public ReadOnlySpan<byte> Value { get; init; }

    /// <summary>Bytes of the whole block.</summary>
    public int Length => HeaderSize + DmtfHeaderSize + Value.Length;

    /// <summary>Reads one DMTF block from the start of <paramref name="record"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> record, out MeasurementBlock block)
    {
        block = default;
        var reader = new WireReader(record);
        if (!reader.TryReadU8(out var index) || !reader.TryReadU8(out var spec) || !reader.TryReadU16(out var size))
        {
            return WireStatus.NeedMoreData;
        }

        if (spec != (byte)SpdmMeasurementSpecification.Dmtf)
        {
            return WireStatus.Unsupported;
        }

        if (!reader.TryReadBytes(size, out var measurement))
        {
            return WireStatus.NeedMoreData;
        }

        var inner = new WireReader(measurement);
        if (!inner.TryReadU8(out var type) || !inner.TryReadU16(out var valueSize) || !inner.TryReadBytes(valueSize, out var value) || inner.Remaining != 0)
        {
            return WireStatus.Invalid;
        }

        block = new MeasurementBlock { Index = index, ValueType = type, Value = value };
        return WireStatus.Done;
    }

    /// <summary>Writes this block.</summary>
    public bool TryWrite(ref WireWriter writer)
    {
        writer.TryWriteU8(Index);
        writer.TryWriteU8((byte)SpdmMeasurementSpecification.Dmtf);
        writer.TryWriteU16((ushort)(DmtfHeaderSize + Value.Length));
        writer.TryWriteU8(ValueType);
        writer.TryWriteU16((ushort)Value.Length);
        return writer.TryWriteBytes(Value);
    }

    /// <summary>True when <paramref name="record"/> is exactly <paramref name="count"/> well-formed blocks.</summary>
    public static bool IsWellFormedRecord(ReadOnlySpan<byte> record, int count)
    {
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            // Non-DMTF blocks are well-formed too; only their outer header is checked here.
            if (record.Length - offset < HeaderSize)
            {
                return false;
            }

            var size = record[offset + 2] | (record[offset + 3] << 8);
            if (record.Length - offset - HeaderSize < size)
            {
                return false;
            }

            offset += HeaderSize + size;
        }

        return offset == record.Length;
    }
}
