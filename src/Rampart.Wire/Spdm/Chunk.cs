namespace Rampart.Wire.Spdm;

/// <summary>
/// CHUNK_SEND (0x85) and CHUNK_RESPONSE (0x06), which share a layout, DSP0274 §10.22–10.23,
/// Tables 88 and 91.
/// </summary>
/// <remarks>
/// <code>
/// header (Param1: attributes, bit 0 = last chunk; Param2: Handle)
/// offset 4  ChunkSeqNo (2)
/// offset 6  reserved (2)
/// offset 8  ChunkSize (4)
/// offset 12 LargeMessageSize (4)    only in chunk 0
///           SPDMchunk [ChunkSize]
/// </code>
/// </remarks>
public readonly ref struct Chunk
{
    /// <summary>Param1 bit 0: last chunk.</summary>
    public const byte LastChunk = 0x01;

    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1 attributes.</summary>
    public byte Attributes { get; init; }

    /// <summary>Handle of the large message.</summary>
    public byte Handle { get; init; }

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber { get; init; }

    /// <summary>Large message size (chunk 0 only).</summary>
    public uint LargeMessageSize { get; init; }

    /// <summary>The chunk's bytes.</summary>
    public ReadOnlySpan<byte> Data { get; init; }

    /// <summary>True when this is the last chunk.</summary>
    public bool IsLast => (Attributes & LastChunk) != 0;

    /// <summary>Reads CHUNK_SEND or CHUNK_RESPONSE; chunk 0 without room for LargeMessageSize is Invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmCode code, out Chunk value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, code, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        var reader = new WireReader(message[SpdmHeader.Size..]);
        if (!reader.TryReadU16(out var seq) || !reader.TrySkip(2) || !reader.TryReadU32(out var size))
        {
            return WireStatus.NeedMoreData;
        }

        uint large = 0;
        if (seq == 0 && !reader.TryReadU32(out large))
        {
            return WireStatus.NeedMoreData;
        }

        if (size > int.MaxValue || !reader.TryReadBytes((int)size, out var data))
        {
            return WireStatus.NeedMoreData;
        }

        value = new Chunk { Version = header.Version, Attributes = header.Param1, Handle = header.Param2, SequenceNumber = seq, LargeMessageSize = large, Data = data };
        return WireStatus.Done;
    }

    /// <summary>Writes this chunk as <paramref name="code"/>.</summary>
    public bool TryWrite(Span<byte> destination, SpdmCode code, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, code, Attributes, Handle);
        writer.TryWriteU16(SequenceNumber);
        writer.TryWriteU16(0);
        writer.TryWriteU32((uint)Data.Length);
        if (SequenceNumber == 0)
        {
            writer.TryWriteU32(LargeMessageSize);
        }

        writer.TryWriteBytes(Data);
        return SpdmMessage.Finish(writer, out written);
    }
}

/// <summary>
/// CHUNK_SEND_ACK (0x05) and CHUNK_GET (0x86), DSP0274 §10.22–10.23, Tables 89 and 90.
/// </summary>
/// <remarks>
/// <code>
/// CHUNK_SEND_ACK  header (Param1: bit 0 early error detected, Param2: Handle) | ChunkSeqNo (2) |
///                 ResponseToLargeRequest (after the last chunk, or an ERROR on early error)
/// CHUNK_GET       header (Param1 reserved, Param2: Handle) | ChunkSeqNo (2)
/// </code>
/// </remarks>
public readonly ref struct ChunkAck
{
    /// <summary>Version.</summary>
    public byte Version { get; init; }

    /// <summary>Param1.</summary>
    public byte Attributes { get; init; }

    /// <summary>Handle.</summary>
    public byte Handle { get; init; }

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber { get; init; }

    /// <summary>What follows the sequence number (CHUNK_SEND_ACK only).</summary>
    public ReadOnlySpan<byte> Response { get; init; }

    /// <summary>Reads CHUNK_SEND_ACK or CHUNK_GET.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> message, SpdmCode code, out ChunkAck value)
    {
        value = default;
        var status = SpdmMessage.ReadHeader(message, code, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (message.Length < SpdmHeader.Size + 2)
        {
            return WireStatus.NeedMoreData;
        }

        var seq = (ushort)(message[4] | (message[5] << 8));
        value = new ChunkAck { Version = header.Version, Attributes = header.Param1, Handle = header.Param2, SequenceNumber = seq, Response = message[6..] };
        return WireStatus.Done;
    }

    /// <summary>Writes CHUNK_SEND_ACK or CHUNK_GET.</summary>
    public bool TryWrite(Span<byte> destination, SpdmCode code, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, Version, code, Attributes, Handle);
        writer.TryWriteU16(SequenceNumber);
        writer.TryWriteBytes(Response);
        return SpdmMessage.Finish(writer, out written);
    }
}
