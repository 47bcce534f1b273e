using System.Buffers.Binary;

namespace Rampart.Wire.Recovery;

/// <summary>INDIRECT_FIFO_STATUS byte 0 flags (OCP Secure Firmware Recovery 1.1 §9.2).</summary>
[Flags]
public enum FifoStatusFlags : byte
{
    /// <summary>Neither empty nor full.</summary>
    None = 0,

    /// <summary>Bit 0: FIFO empty.</summary>
    Empty = 1 << 0,

    /// <summary>Bit 1: FIFO full.</summary>
    Full = 1 << 1,
}

/// <summary>
/// INDIRECT_FIFO_STATUS (0x2E) payload, OCP Secure Firmware Recovery 1.1 §9.2: flags, region
/// type, two reserved bytes, then write index, read index, FIFO size and maximum transfer
/// size, each a little-endian u32 in 4-byte units.
/// </summary>
public readonly record struct IndirectFifoStatus(
    FifoStatusFlags Flags,
    CmsRegionType RegionType,
    uint WriteIndex,
    uint ReadIndex,
    uint FifoSizeInDwords,
    uint MaxTransferInDwords)
{
    // +0      +1            +2         +4          +8         +12        +16
    // | flags | region type | reserved | write idx | read idx | FIFO size | max transfer |
    private const int FlagsOffset = 0;
    private const int RegionOffset = 1;
    private const int ReservedOffset = 2;
    private const int WriteIndexOffset = 4;
    private const int ReadIndexOffset = 8;
    private const int FifoSizeOffset = 12;
    private const int MaxTransferOffset = 16;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 20;

    /// <summary>Decodes exactly <see cref="Size"/> bytes; reserved bytes are ignored.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out IndirectFifoStatus value)
    {
        value = default;
        if (payload.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (payload.Length > Size)
        {
            return WireStatus.Invalid;
        }

        value = new IndirectFifoStatus(
            (FifoStatusFlags)payload[FlagsOffset],
            (CmsRegionType)payload[RegionOffset],
            BinaryPrimitives.ReadUInt32LittleEndian(payload[WriteIndexOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[ReadIndexOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[FifoSizeOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[MaxTransferOffset..]));
        return WireStatus.Done;
    }

    /// <summary>Encodes; false (nothing written) if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[FlagsOffset] = (byte)Flags;
        destination[RegionOffset] = (byte)RegionType;
        destination.Slice(ReservedOffset, 2).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination[WriteIndexOffset..], WriteIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ReadIndexOffset..], ReadIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FifoSizeOffset..], FifoSizeInDwords);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[MaxTransferOffset..], MaxTransferInDwords);
        written = Size;
        return true;
    }
}
