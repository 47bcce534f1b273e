using System.Security.Cryptography;
using Rampart.Wire;

namespace Rampart.Host.ChipState;

/// <summary>
/// The envelope of every file in a chip's state directory (Rampart's own format, decision
/// 0212): a tagged payload sealed with a SHA-384 digest, so a corrupted or tampered file is
/// detected and refused rather than used.
/// </summary>
/// <remarks>
/// <code>
/// offset  size  field
///   0      4    magic "RPCS"
///   4      2    format version (1), little-endian
///   6      2    flags (0)
///   8      4    content tag (ASCII, e.g. "FUSE")
///  12      4    payload length n, little-endian
///  16      n    payload
///  16+n   48    SHA-384 over bytes 0 … 16+n−1
/// </code>
/// </remarks>
public static class ChipStateFile
{
    /// <summary>Offset of the magic.</summary>
    public const int MagicOffset = 0;

    /// <summary>Offset of the version.</summary>
    public const int VersionOffset = 4;

    /// <summary>Offset of the flags.</summary>
    public const int FlagsOffset = 6;

    /// <summary>Offset of the tag.</summary>
    public const int TagOffset = 8;

    /// <summary>Offset of the payload length.</summary>
    public const int LengthOffset = 12;

    /// <summary>Header size (the payload starts here).</summary>
    public const int HeaderSize = 16;

    /// <summary>Digest size.</summary>
    public const int DigestSize = 48;

    /// <summary>The format version written and accepted.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>The largest payload accepted (16 MiB).</summary>
    public const int MaxPayloadSize = 16 * 1024 * 1024;

    /// <summary>The magic.</summary>
    public static ReadOnlySpan<byte> Magic => "RPCS"u8;

    /// <summary>The size of a file holding <paramref name="payloadLength"/> bytes.</summary>
    public static int SizeFor(int payloadLength) => HeaderSize + payloadLength + DigestSize;

    /// <summary>Seals a payload under a 4-character tag.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> tag, ReadOnlySpan<byte> payload)
    {
        if (tag.Length != 4)
        {
            throw new ArgumentException("The tag is 4 ASCII bytes.", nameof(tag));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxPayloadSize, nameof(payload));
        var file = new byte[SizeFor(payload.Length)];
        var writer = new WireWriter(file);
        writer.TryWriteBytes(Magic);
        writer.TryWriteU16(FormatVersion);
        writer.TryWriteU16(0);
        writer.TryWriteBytes(tag);
        writer.TryWriteU32((uint)payload.Length);
        writer.TryWriteBytes(payload);
        SHA384.HashData(file.AsSpan(0, HeaderSize + payload.Length), file.AsSpan(HeaderSize + payload.Length));
        return file;
    }

    /// <summary>
    /// Opens a sealed file: checks magic, version, flags, tag, exact length and the digest.
    /// On failure <paramref name="payload"/> is empty and the named status says why.
    /// </summary>
    public static ChipStateStatus TryOpen(ReadOnlySpan<byte> file, ReadOnlySpan<byte> tag, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        var reader = new WireReader(file);
        if (!reader.TryReadBytes(Magic.Length, out var magic) || !magic.SequenceEqual(Magic)
            || !reader.TryReadU16(out var version) || version != FormatVersion
            || !reader.TryReadU16(out var flags)
            || !reader.TryReadBytes(4, out var fileTag)
            || !reader.TryReadU32(out var length))
        {
            return ChipStateStatus.Malformed;
        }

        // The digest covers the header too, so a flipped header bit that still parses is Corrupted.
        if (length > MaxPayloadSize || file.Length != SizeFor((int)length))
        {
            return ChipStateStatus.Malformed;
        }

        Span<byte> digest = stackalloc byte[DigestSize];
        var sealedLength = HeaderSize + (int)length;
        SHA384.HashData(file[..sealedLength], digest);
        if (!CryptographicOperations.FixedTimeEquals(digest, file[sealedLength..]))
        {
            return ChipStateStatus.Corrupted;
        }

        if (flags != 0 || !fileTag.SequenceEqual(tag))
        {
            return ChipStateStatus.Malformed;
        }

        payload = file.Slice(HeaderSize, (int)length);
        return ChipStateStatus.Ok;
    }
}
