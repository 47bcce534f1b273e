using System.Buffers.Binary;
using Rampart.Wire;

namespace Rampart.Images.Manifest;

/// <summary>Where an SoC image comes from (image metadata flags bits 1:0).</summary>
public enum ImageSource : byte
{
    /// <summary>Loaded at the load address before authorization.</summary>
    LoadAddress = 0x00,

    /// <summary>Staged at the staging address, then copied.</summary>
    StagingAddress = 0x01,

    /// <summary>Reserved value 2.</summary>
    Reserved2 = 0x02,

    /// <summary>Reserved value 3.</summary>
    Reserved3 = 0x03,
}

/// <summary>
/// One 80-byte image metadata entry of the SoC authorization manifest (caliptra-sw
/// <c>AuthManifestImageMetadata</c>).
/// <code>
///  0 fw_id(4) | 4 component_id(4) | 8 classification(4) | 12 flags(4)
/// 16 load address lo(4) hi(4) | 24 staging address lo(4) hi(4) | 32 SHA-384(48)
/// flags: bits 1:0 image source, bit 2 ignore auth check, bits 14:8 FW_EXEC_CTRL bit
/// </code>
/// </summary>
/// <param name="FwId">Firmware id the runtime authorizes by.</param>
/// <param name="ComponentId">The PLDM component identifier.</param>
/// <param name="Classification">The component classification.</param>
/// <param name="Flags">Raw flags.</param>
/// <param name="LoadAddress">Where the image runs.</param>
/// <param name="StagingAddress">Where it is staged.</param>
/// <param name="Digest">SHA-384 of the image.</param>
public sealed record ImageMetadataEntry(
    uint FwId,
    uint ComponentId,
    uint Classification,
    uint Flags,
    ulong LoadAddress,
    ulong StagingAddress,
    ReadOnlyMemory<byte> Digest)
{
    /// <summary>Size of an entry.</summary>
    public const int EncodedSize = 80;

    /// <summary>Offset of the fw_id.</summary>
    public const int FwIdOffset = 0;

    /// <summary>Offset of the digest.</summary>
    public const int DigestOffset = 32;

    private const uint IgnoreAuthBit = 1u << 2;
    private const int ExecBitShift = 8;
    private const uint ExecBitMask = 0x7Fu << ExecBitShift;

    /// <summary>Flags bits 1:0.</summary>
    public ImageSource Source => (ImageSource)(Flags & 0x3);

    /// <summary>Flags bit 2: skip the digest check for this image.</summary>
    public bool IgnoreAuthCheck => (Flags & IgnoreAuthBit) != 0;

    /// <summary>Flags bits 14:8: the FW_EXEC_CTRL bit released after authorization.</summary>
    public int ExecBit => (int)((Flags & ExecBitMask) >> ExecBitShift);

    /// <summary>Composes the flags word.</summary>
    public static uint ComposeFlags(ImageSource source, bool ignoreAuthCheck, int execBit)
    {
        if (execBit is < 0 or > 0x7F)
        {
            throw new ArgumentOutOfRangeException(nameof(execBit));
        }

        return (uint)source | (ignoreAuthCheck ? IgnoreAuthBit : 0u) | ((uint)execBit << ExecBitShift);
    }

    /// <summary>Reads an entry.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out ImageMetadataEntry? entry)
    {
        entry = null;
        if (source.Length < EncodedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = new WireReader(source[..EncodedSize]);
        reader.TryReadU32(out var fwId);
        reader.TryReadU32(out var componentId);
        reader.TryReadU32(out var classification);
        reader.TryReadU32(out var flags);
        reader.TryReadU64(out var load);
        reader.TryReadU64(out var staging);
        reader.TryReadBytes(48, out var digest);
        entry = new ImageMetadataEntry(fwId, componentId, classification, flags, load, staging, digest.ToArray());
        return WireStatus.Done;
    }

    /// <summary>Writes the entry.</summary>
    public void Write(Span<byte> destination)
    {
        if (Digest.Length != 48)
        {
            throw new InvalidOperationException("The digest is 48 bytes.");
        }

        var writer = new WireWriter(destination[..EncodedSize]);
        writer.TryWriteU32(FwId);
        writer.TryWriteU32(ComponentId);
        writer.TryWriteU32(Classification);
        writer.TryWriteU32(Flags);
        writer.TryWriteU64(LoadAddress);
        writer.TryWriteU64(StagingAddress);
        writer.TryWriteBytes(Digest.Span);
    }

    /// <summary>The fw_id of an encoded entry.</summary>
    internal static uint ReadFwId(ReadOnlySpan<byte> entry) => BinaryPrimitives.ReadUInt32LittleEndian(entry[FwIdOffset..]);
}
