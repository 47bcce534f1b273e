using System.Buffers.Binary;

namespace Rampart.Wire.Recovery;

/// <summary>
/// INDIRECT_CTRL (0x29) payload, OCP Secure Firmware Recovery 1.1 §9.2: the component memory
/// space, a reserved byte and the indirect memory offset in bytes (4-byte aligned).
/// </summary>
public readonly record struct IndirectCtrl(byte Cms, uint Offset)
{
    // +0    +1         +2
    // | CMS | reserved | offset (LE 4) |
    private const int CmsOffset = 0;
    private const int ReservedOffset = 1;
    private const int MemoryOffsetOffset = 2;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 6;

    /// <summary>Decodes exactly <see cref="Size"/> bytes; the reserved byte is ignored.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out IndirectCtrl value)
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

        value = new IndirectCtrl(payload[CmsOffset], BinaryPrimitives.ReadUInt32LittleEndian(payload[MemoryOffsetOffset..]));
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

        destination[CmsOffset] = Cms;
        destination[ReservedOffset] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[MemoryOffsetOffset..], Offset);
        written = Size;
        return true;
    }
}
