namespace Rampart.Wire.Spdm;

/// <summary>FINISH (0xE5) and FINISH_RSP (0x65), DSP0274 §10.13, Tables 61–63.</summary>
/// <remarks>
/// <code>
/// FINISH      header (Param1: bit 0 signature included, Param2: ReqSlotID) |
///             Signature [S, if included] | RequesterVerifyData [H]
/// FINISH_RSP  header | ResponderVerifyData [H, only when the handshake is in the clear]
/// </code>
/// </remarks>
public readonly ref struct Finish
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1.</summary>
    public byte Attributes { get; init; }

    /// <summary>Param2.</summary>
    public byte ReqSlotId { get; init; }

    /// <summary>The requester's signature (mutual authentication only).</summary>
    public ReadOnlySpan<byte> Signature { get; init; }

    /// <summary>RequesterVerifyData.</summary>
    public ReadOnlySpan<byte> VerifyData { get; init; }

    /// <summary>Offset of the verify data (the bytes before it enter the transcript first).</summary>
    public int VerifyDataOffset { get; init; }

    /// <summary>Reads FINISH.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmSizes sizes, out Finish value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Finish, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var signed = (header.Param1 & 1) != 0;
        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadBytes(signed ? sizes.SignatureSize : 0, out var signature))
        {
            return WireStatus.NeedMoreData;
        }

        var verifyOffset = SpdmHeader.Size + reader.Position;
        if (!reader.TryReadBytes(sizes.HashSize, out var verify))
        {
            return WireStatus.NeedMoreData;
        }

        value = new Finish
        {
            Version = header.Version,
            Attributes = header.Param1,
            ReqSlotId = header.Param2,
            Signature = signature,
            VerifyData = verify,
            VerifyDataOffset = verifyOffset,
        };
        return WireStatus.Done;
    }

    /// <summary>Writes the FINISH header (and signature, if any); the verify data goes at the returned offset.</summary>
    public bool TryWritePrefix(Span<byte> destination, out int verifyDataOffset)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.Finish, Attributes, ReqSlotId);
        writer.TryWriteBytes(Signature);
        return SpdmMessage.Finish(writer, out verifyDataOffset);
    }

    /// <summary>Writes FINISH_RSP; <paramref name="verifyData"/> is empty unless the handshake is in the clear.</summary>
    public static bool TryWriteResponse(Span<byte> destination, byte version, ReadOnlySpan<byte> verifyData, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, version, SpdmCode.FinishRsp, 0, 0);
        writer.TryWriteBytes(verifyData);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Reads FINISH_RSP.</summary>
    public static WireStatus TryReadResponse(ReadOnlySpan<byte> message, SpdmSizes sizes, bool handshakeInTheClear, out ReadOnlySpan<byte> verifyData)
    {
        verifyData = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.FinishRsp, out _);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var size = handshakeInTheClear ? sizes.HashSize : 0;
        if (message.Length < SpdmHeader.Size + size)
        {
            return WireStatus.NeedMoreData;
        }

        verifyData = message.Slice(SpdmHeader.Size, size);
        return WireStatus.Done;
    }
}
