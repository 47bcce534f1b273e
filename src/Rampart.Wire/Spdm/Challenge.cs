namespace Rampart.Wire.Spdm;

/// <summary>CHALLENGE (0x83) and CHALLENGE_AUTH (0x03), DSP0274 §10.8, Tables 25–27.</summary>
/// <remarks>
/// <code>
/// CHALLENGE       header (Param1: SlotID, Param2: MeasurementSummaryHashType) | Nonce (32) |
///                 1.3: RequesterContext (8)
/// CHALLENGE_AUTH  header (Param1: SlotID 3:0, Param2: SlotMask) | CertChainHash [H] | Nonce (32) |
///                 MeasurementSummaryHash [H, or 0 when the type was 0] | OpaqueDataLength (2) |
///                 OpaqueData | 1.3: RequesterContext (8) | Signature [S]
/// </code>
/// MeasurementSummaryHashType: 0 none, 1 TCB components, 0xFF all measurements.
/// </remarks>
public readonly ref struct Challenge
{
    /// <summary>CHALLENGE size before 1.3.</summary>
    public const int RequestSize12 = 36;

    /// <summary>The request's version.</summary>
    public byte Version { get; init; }

    /// <summary>Slot of the certificate chain (0xFF: provisioned public key).</summary>
    public byte SlotId { get; init; }

    /// <summary>MeasurementSummaryHashType.</summary>
    public byte HashType { get; init; }

    /// <summary>The requester's nonce.</summary>
    public ReadOnlySpan<byte> Nonce { get; init; }

    /// <summary>1.3 RequesterContext (empty before 1.3).</summary>
    public ReadOnlySpan<byte> RequesterContext { get; init; }

    /// <summary>Bytes of the request.</summary>
    public int Length { get; init; }

    /// <summary>Reads CHALLENGE; a hash type other than 0, 1 or 0xFF is Invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, out Challenge value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Challenge, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var contextSize = header.Version >= SpdmVersion.V13 ? SpdmSizes.RequesterContextSize : 0;
        var size = RequestSize12 + contextSize;
        if (message.Length < size)
        {
            return WireStatus.NeedMoreData;
        }

        if (header.Param2 is not (0 or 1 or 0xFF) || (header.Param1 > 7 && header.Param1 != 0xFF))
        {
            return WireStatus.Invalid;
        }

        value = new Challenge
        {
            Version = header.Version,
            SlotId = header.Param1,
            HashType = header.Param2,
            Nonce = message.Slice(SpdmHeader.Size, SpdmSizes.NonceSize),
            RequesterContext = message.Slice(RequestSize12, contextSize),
            Length = size,
        };
        return WireStatus.Done;
    }

    /// <summary>Writes CHALLENGE.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.Challenge, SlotId, HashType);
        writer.TryWriteBytes(Nonce);
        if (Version >= SpdmVersion.V13)
        {
            writer.TryWriteBytes(RequesterContext);
        }

        return SpdmMessage.Finish(writer, out written);
    }
}

/// <summary>CHALLENGE_AUTH (0x03), DSP0274 §10.8.2, Table 27. Layout in <see cref="Challenge"/>.</summary>
public readonly ref struct ChallengeAuth
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1: SlotID in bits 3:0.</summary>
    public byte SlotId { get; init; }

    /// <summary>Param2: slot mask.</summary>
    public byte SlotMask { get; init; }

    /// <summary>Hash of the certificate chain used.</summary>
    public ReadOnlySpan<byte> CertChainHash { get; init; }

    /// <summary>The responder's nonce.</summary>
    public ReadOnlySpan<byte> Nonce { get; init; }

    /// <summary>Measurement summary hash (empty when not requested).</summary>
    public ReadOnlySpan<byte> MeasurementSummaryHash { get; init; }

    /// <summary>Opaque data.</summary>
    public ReadOnlySpan<byte> OpaqueData { get; init; }

    /// <summary>1.3 RequesterContext echoed back.</summary>
    public ReadOnlySpan<byte> RequesterContext { get; init; }

    /// <summary>Signature (S bytes).</summary>
    public ReadOnlySpan<byte> Signature { get; init; }

    /// <summary>Offset of the signature: the bytes before it are what the signature covers (with the transcript).</summary>
    public int SignatureOffset { get; init; }

    /// <summary>Reads CHALLENGE_AUTH with the negotiated sizes; <paramref name="summaryHashPresent"/> when the request's hash type was not 0.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmSizes sizes, bool summaryHashPresent, out ChallengeAuth value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.ChallengeAuth, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        var summarySize = summaryHashPresent ? sizes.HashSize : 0;
        if (!reader.TryReadBytes(sizes.HashSize, out var chainHash) ||
            !reader.TryReadBytes(SpdmSizes.NonceSize, out var nonce) ||
            !reader.TryReadBytes(summarySize, out var summary) ||
            !reader.TryReadU16(out var opaqueLength) ||
            !reader.TryReadBytes(opaqueLength, out var opaque) ||
            !reader.TryReadBytes(sizes.ContextSize, out var context))
        {
            return WireStatus.NeedMoreData;
        }

        var signatureOffset = SpdmHeader.Size + reader.Position;
        if (!reader.TryReadBytes(sizes.SignatureSize, out var signature))
        {
            return WireStatus.NeedMoreData;
        }

        value = new ChallengeAuth
        {
            Version = header.Version,
            SlotId = (byte)(header.Param1 & 0xF),
            SlotMask = header.Param2,
            CertChainHash = chainHash,
            Nonce = nonce,
            MeasurementSummaryHash = summary,
            OpaqueData = opaque,
            RequesterContext = context,
            Signature = signature,
            SignatureOffset = signatureOffset,
        };
        return WireStatus.Done;
    }

    /// <summary>
    /// Writes everything but the signature and returns the offset where the S-byte signature
    /// goes; the caller signs the transcript and writes it there.
    /// </summary>
    public bool TryWriteUnsigned(Span<byte> destination, int signatureSize, out int signatureOffset, out int totalLength)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, SpdmCode.ChallengeAuth, SlotId, SlotMask);
        writer.TryWriteBytes(CertChainHash);
        writer.TryWriteBytes(Nonce);
        writer.TryWriteBytes(MeasurementSummaryHash);
        writer.TryWriteU16((ushort)OpaqueData.Length);
        writer.TryWriteBytes(OpaqueData);
        if (Version >= SpdmVersion.V13)
        {
            writer.TryWriteBytes(RequesterContext);
        }

        signatureOffset = writer.Position;
        writer.TryWriteZeros(signatureSize);
        var ok = SpdmMessage.Finish(writer, out totalLength);
        if (!ok)
        {
            signatureOffset = 0;
        }

        return ok;
    }
}
