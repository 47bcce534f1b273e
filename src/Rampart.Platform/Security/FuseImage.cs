using System.Buffers.Binary;
using System.Security.Cryptography;
using Rampart.Hal.Security;
using Rampart.Wire;

namespace Rampart.Platform.Security;

/// <summary>Visits one partition parsed from a fuse image; returns false to reject the image.</summary>
internal delegate bool FusePartitionVisitor(FusePartition id, ReadOnlySpan<byte> content, bool locked, ReadOnlySpan<byte> digest);

/// <summary>
/// The exported form of the whole fuse array (Rampart's own format; decision 0210): what a
/// named chip's fuse file carries.
/// </summary>
/// <remarks>
/// <code>
/// offset  size  field
///   0      4    magic "RPOT"
///   4      2    format version (1), little-endian
///   6      2    partition count (11)
///   8      …    per partition, in <see cref="FuseLayout.All"/> order:
///               id(2) | flags(1: bit0 locked, others 0) | length(2) | content(length) | digest(48)
/// digest = SHA-384("RPOTPART" || id(2, LE) || locked(1) || content)
/// </code>
/// </remarks>
internal static class FuseImage
{
    public const int MagicOffset = 0;
    public const int VersionOffset = 4;
    public const int CountOffset = 6;
    public const int HeaderSize = 8;
    public const ushort FormatVersion = 1;
    public const byte LockedFlag = 0x01;
    private const int PartitionOverhead = 2 + 1 + 2 + FuseLayout.HashSize;
    private const int MaxContentSize = FuseLayout.DebugUnlockKeysSize;

    public static ReadOnlySpan<byte> Magic => "RPOT"u8;

    private static ReadOnlySpan<byte> DigestLabel => "RPOTPART"u8;

    /// <summary>Total size of an image.</summary>
    public static int Size
    {
        get
        {
            var size = HeaderSize;
            foreach (var id in FuseLayout.All)
            {
                size += PartitionOverhead + FuseLayout.SizeOf(id);
            }

            return size;
        }
    }

    /// <summary>The integrity digest of a partition.</summary>
    public static void ComputePartitionDigest(FusePartition id, bool locked, ReadOnlySpan<byte> content, Span<byte> digest)
    {
        Span<byte> buffer = stackalloc byte[8 + 3 + MaxContentSize];
        DigestLabel.CopyTo(buffer);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer[8..], (ushort)id);
        buffer[10] = locked ? (byte)1 : (byte)0;
        content.CopyTo(buffer[11..]);
        SHA384.HashData(buffer[..(11 + content.Length)], digest);
    }

    /// <summary>Writes an image; <paramref name="partition"/> supplies each partition's state.</summary>
    public static void Write(Span<byte> image, Func<FusePartition, (byte[] Content, bool Locked, byte[] Digest)> partition)
    {
        var writer = new WireWriter(image);
        writer.TryWriteBytes(Magic);
        writer.TryWriteU16(FormatVersion);
        writer.TryWriteU16((ushort)FuseLayout.All.Length);
        foreach (var id in FuseLayout.All)
        {
            var (content, locked, digest) = partition(id);
            writer.TryWriteU16((ushort)id);
            writer.TryWriteU8(locked ? LockedFlag : (byte)0);
            writer.TryWriteU16((ushort)content.Length);
            writer.TryWriteBytes(content);
            writer.TryWriteBytes(digest);
        }

        if (writer.Overflowed)
        {
            throw new ArgumentException("The image buffer is too small.", nameof(image));
        }
    }

    /// <summary>
    /// Parses an image strictly (exact size, magic, version, every partition in order with its
    /// layout length, no unknown flags) and hands each partition to <paramref name="visit"/>.
    /// </summary>
    public static FuseStatus Read(ReadOnlySpan<byte> image, FusePartitionVisitor visit)
    {
        if (image.Length != Size)
        {
            return FuseStatus.MalformedImage;
        }

        var reader = new WireReader(image);
        if (!reader.TryReadBytes(Magic.Length, out var magic) || !magic.SequenceEqual(Magic)
            || !reader.TryReadU16(out var version) || version != FormatVersion
            || !reader.TryReadU16(out var count) || count != FuseLayout.All.Length)
        {
            return FuseStatus.MalformedImage;
        }

        foreach (var expected in FuseLayout.All)
        {
            if (!reader.TryReadU16(out var id) || id != (ushort)expected
                || !reader.TryReadU8(out var flags) || (flags & ~LockedFlag) != 0
                || !reader.TryReadU16(out var length) || length != FuseLayout.SizeOf(expected)
                || !reader.TryReadBytes(length, out var content)
                || !reader.TryReadBytes(FuseLayout.HashSize, out var digest))
            {
                return FuseStatus.MalformedImage;
            }

            if (!visit(expected, content, flags == LockedFlag, digest))
            {
                return FuseStatus.DigestMismatch;
            }
        }

        return reader.Remaining == 0 ? FuseStatus.Ok : FuseStatus.MalformedImage;
    }
}
