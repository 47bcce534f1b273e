using System.Buffers.Binary;

namespace Rampart.Wire.Recovery;

/// <summary>INDIRECT_FIFO_CTRL byte 1 (OCP Secure Firmware Recovery 1.1 §9.2, INDIRECT_FIFO_CTRL).</summary>
public enum FifoReset : byte
{
    /// <summary>No reset.</summary>
    None = 0x00,

    /// <summary>Reset the FIFO (indices to zero, contents dropped).</summary>
    Reset = 0x01,
}

/// <summary>
/// INDIRECT_FIFO_CTRL (0x2D) payload, OCP Secure Firmware Recovery 1.1 §9.2: the FIFO's
/// component memory space, a reset request and the image size in 4-byte units.
/// </summary>
public readonly record struct IndirectFifoCtrl(byte Cms, FifoReset Reset, uint ImageSizeInDwords)
{
    // +0    +1      +2
    // | CMS | reset | image size in 4-byte units (LE 4) |
    private const int CmsOffset = 0;
    private const int ResetOffset = 1;
    private const int ImageSizeOffset = 2;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 6;

    /// <summary>Decodes exactly <see cref="Size"/> bytes; values are kept as received.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out IndirectFifoCtrl value)
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

        value = new IndirectFifoCtrl(payload[CmsOffset], (FifoReset)payload[ResetOffset], BinaryPrimitives.ReadUInt32LittleEndian(payload[ImageSizeOffset..]));
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
        destination[ResetOffset] = (byte)Reset;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ImageSizeOffset..], ImageSizeInDwords);
        written = Size;
        return true;
    }
}
