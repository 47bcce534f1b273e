using System.Buffers.Binary;

namespace Rampart.Wire.Recovery;

/// <summary>INDIRECT_STATUS byte 0 flags (OCP Secure Firmware Recovery 1.1 §9.2, INDIRECT_STATUS).</summary>
[Flags]
public enum IndirectStatusFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Bit 0: the access overflowed the region and wrapped.</summary>
    Overflow = 1 << 0,

    /// <summary>Bit 1: a write hit a read-only region.</summary>
    ReadOnlyError = 1 << 1,

    /// <summary>Bit 2: polling acknowledge.</summary>
    PollingAck = 1 << 2,
}

/// <summary>Region types of INDIRECT_STATUS / INDIRECT_FIFO_STATUS byte 1.</summary>
public enum CmsRegionType : byte
{
    /// <summary>Code space for recovery.</summary>
    CodeSpace = 0x0,

    /// <summary>Log (debug format).</summary>
    Log = 0x1,

    /// <summary>Vendor defined, writable.</summary>
    VendorWritable = 0x4,

    /// <summary>Vendor defined, read only.</summary>
    VendorReadOnly = 0x5,

    /// <summary>Unsupported region.</summary>
    Unsupported = 0x7,
}

/// <summary>
/// INDIRECT_STATUS (0x2A) payload, OCP Secure Firmware Recovery 1.1 §9.2: status flags,
/// region type and the region size in 4-byte units.
/// </summary>
public readonly record struct IndirectStatus(IndirectStatusFlags Flags, CmsRegionType RegionType, uint SizeInDwords)
{
    // +0      +1            +2
    // | flags | region type | size in 4-byte units (LE 4) |
    private const int FlagsOffset = 0;
    private const int RegionOffset = 1;
    private const int SizeOffset = 2;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 6;

    /// <summary>Decodes exactly <see cref="Size"/> bytes.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out IndirectStatus value)
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

        value = new IndirectStatus((IndirectStatusFlags)payload[FlagsOffset], (CmsRegionType)payload[RegionOffset], BinaryPrimitives.ReadUInt32LittleEndian(payload[SizeOffset..]));
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
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOffset..], SizeInDwords);
        written = Size;
        return true;
    }
}
