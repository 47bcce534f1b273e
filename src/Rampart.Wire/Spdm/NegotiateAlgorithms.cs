namespace Rampart.Wire.Spdm;

/// <summary>
/// NEGOTIATE_ALGORITHMS (0xE3) and ALGORITHMS (0x63), DSP0274 §10.5, Tables 14–19.
/// </summary>
/// <remarks>
/// <code>
/// NEGOTIATE_ALGORITHMS (Param1 = number of algorithm structure tables)
/// offset 4  Length (2)                     whole message
/// offset 6  MeasurementSpecification (1)
/// offset 7  OtherParamsSupport (1)         1.2+
/// offset 8  BaseAsymAlgo (4)
/// offset 12 BaseHashAlgo (4)
/// offset 16 reserved (12)
/// offset 28 ExtAsymCount (1)
/// offset 29 ExtHashCount (1)
/// offset 30 reserved (1)
/// offset 31 MELspecification (1)           1.3
/// offset 32 ExtAsym (4 × ExtAsymCount), ExtHash (4 × ExtHashCount), AlgStructure tables
///
/// ALGORITHMS (Param1 = number of algorithm structure tables)
/// offset 4  Length (2)
/// offset 6  MeasurementSpecificationSel (1)
/// offset 7  OtherParamsSelection (1)
/// offset 8  MeasurementHashAlgo (4)
/// offset 12 BaseAsymSel (4)
/// offset 16 BaseHashSel (4)
/// offset 20 reserved (11)
/// offset 31 MELspecificationSel (1)        1.3
/// offset 32 ExtAsymSelCount (1)
/// offset 33 ExtHashSelCount (1)
/// offset 34 reserved (2)
/// offset 36 ExtAsymSel, ExtHashSel, AlgStructure tables
///
/// AlgStructure: AlgType (1) | AlgCount (1: FixedAlgCount 7:4, ExtAlgCount 3:0) |
///               AlgSupported (FixedAlgCount) | AlgExternal (4 × ExtAlgCount)
/// </code>
/// </remarks>
public readonly ref struct NegotiateAlgorithms
{
    /// <summary>Fixed part of NEGOTIATE_ALGORITHMS.</summary>
    public const int RequestFixedSize = 32;

    /// <summary>Fixed part of ALGORITHMS.</summary>
    public const int ResponseFixedSize = 36;

    /// <summary>Largest NEGOTIATE_ALGORITHMS length allowed in 1.1+ (§10.5).</summary>
    public const int MaxRequestLength = 128;

    /// <summary>The message's SPDMVersion.</summary>
    public byte Version { get; init; }

    /// <summary>MeasurementSpecification (request) or MeasurementSpecificationSel (response).</summary>
    public SpdmMeasurementSpecification MeasurementSpecification { get; init; }

    /// <summary>OtherParamsSupport / OtherParamsSelection (bits 3:0 opaque data format).</summary>
    public byte OtherParams { get; init; }

    /// <summary>BaseAsymAlgo / BaseAsymSel.</summary>
    public SpdmBaseAsymAlgo BaseAsym { get; init; }

    /// <summary>BaseHashAlgo / BaseHashSel.</summary>
    public SpdmBaseHashAlgo BaseHash { get; init; }

    /// <summary>MeasurementHashAlgo (response only).</summary>
    public SpdmMeasurementHashAlgo MeasurementHash { get; init; }

    /// <summary>MELspecification (1.3).</summary>
    public byte MelSpecification { get; init; }

    /// <summary>DHE groups of the DHE structure (0 when absent).</summary>
    public SpdmDheGroup Dhe { get; init; }

    /// <summary>AEAD suites of the AEAD structure.</summary>
    public SpdmAeadSuite Aead { get; init; }

    /// <summary>ReqBaseAsymAlg bits.</summary>
    public SpdmBaseAsymAlgo ReqBaseAsym { get; init; }

    /// <summary>Key schedules.</summary>
    public SpdmKeyScheduleAlgo KeySchedule { get; init; }

    /// <summary>Bytes the message's Length field covers.</summary>
    public int Length { get; init; }

    /// <summary>Reads NEGOTIATE_ALGORITHMS (<paramref name="response"/> false) or ALGORITHMS (true).</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, bool response, out NegotiateAlgorithms value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, response ? SpdmCode.Algorithms : SpdmCode.NegotiateAlgorithms, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var fixedSize = response ? ResponseFixedSize : RequestFixedSize;
        if (message.Length < fixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        reader.TryReadU16(out var length);
        if (length < fixedSize || (!response && length > MaxRequestLength))
        {
            return WireStatus.Invalid;
        }

        if (message.Length < length)
        {
            return WireStatus.NeedMoreData;
        }

        reader.TryReadU8(out var measSpec);
        reader.TryReadU8(out var other);
        uint measHash = 0;
        if (response)
        {
            reader.TryReadU32(out measHash);
        }

        reader.TryReadU32(out var asym);
        reader.TryReadU32(out var hash);
        reader.TrySkip(response ? 11 : 12);
        byte mel = 0, extAsym, extHash;
        if (response)
        {
            reader.TryReadU8(out mel);
            reader.TryReadU8(out extAsym);
            reader.TryReadU8(out extHash);
            reader.TrySkip(2);
        }
        else
        {
            reader.TryReadU8(out extAsym);
            reader.TryReadU8(out extHash);
            reader.TrySkip(1);
            reader.TryReadU8(out mel);
        }

        // The whole message is bounded by Length from here on.
        var body = new WireReader(message[fixedSize..length]);
        if (!body.TrySkip(4 * (extAsym + extHash)))
        {
            return WireStatus.Invalid;
        }

        SpdmDheGroup dhe = 0;
        SpdmAeadSuite aead = 0;
        SpdmBaseAsymAlgo reqAsym = 0;
        SpdmKeyScheduleAlgo keySchedule = 0;
        byte previousType = 0;
        for (var i = 0; i < header.Param1; i++)
        {
            if (!body.TryReadU8(out var type) || !body.TryReadU8(out var count))
            {
                return WireStatus.Invalid;
            }

            var fixedCount = count >> 4;
            var extCount = count & 0xF;

            // DSP0274 §10.5: tables appear in increasing AlgType order, each at most once, 2 fixed bytes.
            if (type <= previousType || type < (byte)SpdmAlgType.Dhe || type > (byte)SpdmAlgType.KeySchedule || fixedCount != 2)
            {
                return WireStatus.Invalid;
            }

            previousType = type;
            if (!body.TryReadU16(out var supported) || !body.TrySkip(4 * extCount))
            {
                return WireStatus.Invalid;
            }

            switch ((SpdmAlgType)type)
            {
                case SpdmAlgType.Dhe:
                    dhe = (SpdmDheGroup)supported;
                    break;
                case SpdmAlgType.Aead:
                    aead = (SpdmAeadSuite)supported;
                    break;
                case SpdmAlgType.ReqBaseAsymAlg:
                    reqAsym = (SpdmBaseAsymAlgo)supported;
                    break;
                default:
                    keySchedule = (SpdmKeyScheduleAlgo)supported;
                    break;
            }
        }

        if (body.Remaining != 0)
        {
            return WireStatus.Invalid;
        }

        value = new NegotiateAlgorithms
        {
            Version = header.Version,
            MeasurementSpecification = (SpdmMeasurementSpecification)measSpec,
            OtherParams = other,
            BaseAsym = (SpdmBaseAsymAlgo)asym,
            BaseHash = (SpdmBaseHashAlgo)hash,
            MeasurementHash = (SpdmMeasurementHashAlgo)measHash,
            MelSpecification = mel,
            Dhe = dhe,
            Aead = aead,
            ReqBaseAsym = reqAsym,
            KeySchedule = keySchedule,
            Length = length,
        };
        return WireStatus.Done;
    }

    /// <summary>Writes NEGOTIATE_ALGORITHMS or ALGORITHMS with the four structure tables (no external algorithms).</summary>
    public bool TryWrite(Span<byte> destination, bool response, out int written)
    {
        var fixedSize = response ? ResponseFixedSize : RequestFixedSize;
        const int tables = 4;
        var length = fixedSize + (tables * 4);
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, response ? SpdmCode.Algorithms : SpdmCode.NegotiateAlgorithms, tables, 0);
        writer.TryWriteU16((ushort)length);
        writer.TryWriteU8((byte)MeasurementSpecification);
        writer.TryWriteU8(OtherParams);
        if (response)
        {
            writer.TryWriteU32((uint)MeasurementHash);
        }

        writer.TryWriteU32((uint)BaseAsym);
        writer.TryWriteU32((uint)BaseHash);
        if (response)
        {
            writer.TryWriteZeros(11);
            writer.TryWriteU8(MelSpecification);
            writer.TryWriteZeros(4);
        }
        else
        {
            writer.TryWriteZeros(12);
            writer.TryWriteZeros(3);
            writer.TryWriteU8(MelSpecification);
        }

        WriteTable(ref writer, SpdmAlgType.Dhe, (ushort)Dhe);
        WriteTable(ref writer, SpdmAlgType.Aead, (ushort)Aead);
        WriteTable(ref writer, SpdmAlgType.ReqBaseAsymAlg, (ushort)ReqBaseAsym);
        WriteTable(ref writer, SpdmAlgType.KeySchedule, (ushort)KeySchedule);
        return SpdmMessage.Finish(writer, out written);
    }

    private static void WriteTable(ref WireWriter writer, SpdmAlgType type, ushort supported)
    {
        writer.TryWriteU8((byte)type);
        writer.TryWriteU8(SpdmAlgStruct.FixedTwoNoExt);
        writer.TryWriteU16(supported);
    }
}
