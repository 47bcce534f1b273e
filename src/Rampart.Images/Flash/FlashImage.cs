using System.Buffers.Binary;
using Rampart.Wire.Checksums;

namespace Rampart.Images.Flash;

/// <summary>What a flash image entry holds.</summary>
public enum FlashImageType : uint
{
    /// <summary>The Caliptra FMC + runtime bundle ("CMN2").</summary>
    CaliptraBundle = 0x01,

    /// <summary>The SoC authorization manifest ("ATM2").</summary>
    SocManifest = 0x02,

    /// <summary>The MCU runtime.</summary>
    McuRuntime = 0x03,

    /// <summary>Another SoC image, authorized by its fw_id in the SoC manifest.</summary>
    SocImage = 0x04,
}

/// <summary>One image of a flash image: its kind, fw_id (for SoC manifest lookups), version and bytes.</summary>
/// <param name="Type">What it is.</param>
/// <param name="FwId">The SoC manifest fw_id (0 for the bundle and the manifest).</param>
/// <param name="Version">A version number for display.</param>
/// <param name="Image">The bytes.</param>
public sealed record FlashImageEntry(FlashImageType Type, uint FwId, uint Version, ReadOnlyMemory<byte> Image);

/// <summary>
/// Rampart's flash image: every image of a streaming or flash boot packed behind one table
/// of contents, so one PLDM component carries them all (design in docs/decisions/0191).
/// Integrity only: CRC-32s catch corruption in storage and transfer; authenticity comes from
/// the bundle's signatures and the SoC manifest's digests.
/// <code>
/// header (32):  0 magic "RFLI"(4) | 4 format version(2) = 1 | 6 header size(2) = 32
///               8 entry count(2) | 10 reserved(2) | 12 total size(4) | 16 reserved(12)
///              28 CRC-32 of bytes [0, 28) and all TOC entries
/// TOC entry (32): 0 type(4) | 4 fw_id(4) | 8 offset(4) | 12 size(4) | 16 CRC-32 of image(4)
///                20 version(4) | 24 reserved(8)
/// images: in entry order, each at the next 4-byte boundary, zero padding between them
/// </code>
/// </summary>
public static class FlashImage
{
    /// <summary>"RFLI" as a little-endian u32.</summary>
    public const uint Magic = 0x494C_4652;

    /// <summary>The format version this code writes and reads.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Size of the header.</summary>
    public const int HeaderSize = 32;

    /// <summary>Size of a TOC entry.</summary>
    public const int EntrySize = 32;

    /// <summary>Entries a flash image may hold.</summary>
    public const int MaxEntries = 64;

    private const int MagicOffset = 0;
    private const int VersionOffset = 4;
    private const int HeaderSizeOffset = 6;
    private const int CountOffset = 8;
    private const int TotalSizeOffset = 12;
    private const int ChecksumOffset = 28;
    private const int EntryTypeOffset = 0;
    private const int EntryFwIdOffset = 4;
    private const int EntryOffsetOffset = 8;
    private const int EntrySizeOffset = 12;
    private const int EntryCrcOffset = 16;
    private const int EntryVersionOffset = 20;

    /// <summary>Packs the images.</summary>
    public static byte[] Write(IReadOnlyList<FlashImageEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > MaxEntries)
        {
            throw new ArgumentException("A flash image holds 1 to 64 images.", nameof(entries));
        }

        long offset = HeaderSize + (entries.Count * EntrySize);
        var offsets = new long[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            offset = Align(offset);
            offsets[i] = offset;
            offset += entries[i].Image.Length;
        }

        if (offset > int.MaxValue)
        {
            throw new ArgumentException("A flash image is smaller than 2 GiB.", nameof(entries));
        }

        var bytes = new byte[offset];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[VersionOffset..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[HeaderSizeOffset..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[CountOffset..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[TotalSizeOffset..], (uint)offset);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = span.Slice(HeaderSize + (i * EntrySize), EntrySize);
            var image = entries[i].Image.Span;
            BinaryPrimitives.WriteUInt32LittleEndian(entry[EntryTypeOffset..], (uint)entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[EntryFwIdOffset..], entries[i].FwId);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[EntryOffsetOffset..], (uint)offsets[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[EntrySizeOffset..], (uint)image.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[EntryCrcOffset..], Crc32.Compute(image));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[EntryVersionOffset..], entries[i].Version);
            image.CopyTo(span[(int)offsets[i]..]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[ChecksumOffset..], TocChecksum(span, entries.Count));
        return bytes;
    }

    /// <summary>
    /// Checks a flash image: <see cref="ImageVerdict.Verified"/> or the first broken rule.
    /// Every read stays inside <paramref name="source"/>.
    /// </summary>
    public static ImageVerdict Check(ReadOnlySpan<byte> source)
    {
        if (source.Length < HeaderSize)
        {
            return ImageVerdict.FlashTruncated;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(source[CountOffset..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[MagicOffset..]) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(source[VersionOffset..]) != FormatVersion
            || BinaryPrimitives.ReadUInt16LittleEndian(source[HeaderSizeOffset..]) != HeaderSize
            || count is 0 or > MaxEntries)
        {
            return ImageVerdict.FlashHeaderInvalid;
        }

        var tocEnd = HeaderSize + (count * EntrySize);
        if (source.Length < tocEnd)
        {
            return ImageVerdict.FlashTruncated;
        }

        if (TocChecksum(source, count) != BinaryPrimitives.ReadUInt32LittleEndian(source[ChecksumOffset..]))
        {
            return ImageVerdict.FlashChecksumMismatch;
        }

        var total = BinaryPrimitives.ReadUInt32LittleEndian(source[TotalSizeOffset..]);
        if (source.Length < total)
        {
            return ImageVerdict.FlashTruncated;
        }

        if (source.Length > total)
        {
            return ImageVerdict.FlashTrailingBytes;
        }

        long previousEnd = tocEnd;
        for (var i = 0; i < count; i++)
        {
            var entry = source.Slice(HeaderSize + (i * EntrySize), EntrySize);
            var offset = (long)BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryOffsetOffset..]);
            var end = offset + BinaryPrimitives.ReadUInt32LittleEndian(entry[EntrySizeOffset..]);
            if (offset != Align(previousEnd) || end > total || source[(int)previousEnd..(int)offset].IndexOfAnyExcept((byte)0) >= 0)
            {
                return ImageVerdict.FlashEntryOutOfBounds;
            }

            if (Crc32.Compute(source[(int)offset..(int)end]) != BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryCrcOffset..]))
            {
                return ImageVerdict.FlashImageChecksumMismatch;
            }

            previousEnd = end;
        }

        return previousEnd == total ? ImageVerdict.Verified : ImageVerdict.FlashTrailingBytes;
    }

    /// <summary>Decodes a checked flash image into its entries (copies).</summary>
    public static ImageVerdict TryRead(ReadOnlySpan<byte> source, out IReadOnlyList<FlashImageEntry>? entries)
    {
        entries = null;
        var verdict = Check(source);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(source[CountOffset..]);
        var result = new FlashImageEntry[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = ReadEntry(source, i, out var range) with { Image = source[range].ToArray() };
        }

        entries = result;
        return ImageVerdict.Verified;
    }

    /// <summary>Finds the first image of <paramref name="type"/> (and <paramref name="fwId"/> for SoC images) in a checked flash image, without copying.</summary>
    public static bool TryFind(ReadOnlySpan<byte> source, FlashImageType type, uint fwId, out ReadOnlySpan<byte> image)
    {
        image = default;
        if (Check(source) != ImageVerdict.Verified)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(source[CountOffset..]);
        for (var i = 0; i < count; i++)
        {
            var entry = source.Slice(HeaderSize + (i * EntrySize), EntrySize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryTypeOffset..]) == (uint)type
                && (type != FlashImageType.SocImage || BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryFwIdOffset..]) == fwId))
            {
                ReadEntry(source, i, out var range);
                image = source[range];
                return true;
            }
        }

        return false;
    }

    private static FlashImageEntry ReadEntry(ReadOnlySpan<byte> source, int index, out Range range)
    {
        var entry = source.Slice(HeaderSize + (index * EntrySize), EntrySize);
        var offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryOffsetOffset..]);
        var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[EntrySizeOffset..]);
        range = new Range(offset, offset + size);
        return new FlashImageEntry(
            (FlashImageType)BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryTypeOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryFwIdOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(entry[EntryVersionOffset..]),
            ReadOnlyMemory<byte>.Empty);
    }

    private static uint TocChecksum(ReadOnlySpan<byte> source, int count) =>
        Crc32.Append(Crc32.Compute(source[..ChecksumOffset]), source.Slice(HeaderSize, count * EntrySize));

    private static long Align(long value) => (value + 3) & ~3L;
}
