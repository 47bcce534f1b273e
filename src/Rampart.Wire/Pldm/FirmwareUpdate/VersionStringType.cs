using System.Text;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// The string type byte that precedes every version string and descriptor title in DSP0267
/// (PLDM for Firmware Update 1.3, Table "Version string type values"; the same values are used
/// in the package header, in GetFirmwareParameters and in vendor-defined descriptors).
/// </summary>
public enum VersionStringType : byte
{
    /// <summary>Unknown (0): the bytes are opaque.</summary>
    Unknown = 0x00,

    /// <summary>ASCII (1): 7-bit characters, one byte each.</summary>
    Ascii = 0x01,

    /// <summary>UTF-8 (2).</summary>
    Utf8 = 0x02,

    /// <summary>UTF-16 (3): byte order from a leading byte-order mark, big-endian without one (RFC 2781 §4.3).</summary>
    Utf16 = 0x03,

    /// <summary>UTF-16LE (4): little-endian, no byte-order mark.</summary>
    Utf16LittleEndian = 0x04,

    /// <summary>UTF-16BE (5): big-endian, no byte-order mark.</summary>
    Utf16BigEndian = 0x05,
}

/// <summary>
/// Checks, decodes and encodes the strings named by a <see cref="VersionStringType"/>
/// (DSP0267 1.3 §"Version string type"). Checking allocates nothing; decoding to a
/// <see cref="string"/> is for display and tools, never for the packet path.
/// </summary>
public static class VersionStrings
{
    /// <summary>The largest string a one-byte length field can carry.</summary>
    public const int MaxLength = byte.MaxValue;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
    private static readonly UnicodeEncoding Utf16Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false);
    private static readonly UnicodeEncoding Utf16Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false);

    /// <summary>True for the six values DSP0267 defines (0–5).</summary>
    public static bool IsDefined(VersionStringType type) => (byte)type <= (byte)VersionStringType.Utf16BigEndian;

    /// <summary>
    /// Checks that <paramref name="bytes"/> are a well-formed string of <paramref name="type"/>:
    /// <see cref="WireStatus.Done"/> or <see cref="WireStatus.Invalid"/> (bad encoding, odd UTF-16
    /// length, non-ASCII byte, or a reserved type 6–255, which the spec does not allow on the wire).
    /// Unknown (0) strings are opaque and always pass.
    /// </summary>
    public static WireStatus Validate(VersionStringType type, ReadOnlySpan<byte> bytes)
    {
        switch (type)
        {
            case VersionStringType.Unknown:
                return WireStatus.Done;
            case VersionStringType.Ascii:
                return Ascii.IsValid(bytes) ? WireStatus.Done : WireStatus.Invalid;
            case VersionStringType.Utf8:
                return System.Text.Unicode.Utf8.IsValid(bytes) ? WireStatus.Done : WireStatus.Invalid;
            case VersionStringType.Utf16:
                return ValidateUtf16(StripByteOrderMark(bytes, out var bigEndian), bigEndian);
            case VersionStringType.Utf16LittleEndian:
                return ValidateUtf16(bytes, bigEndian: false);
            case VersionStringType.Utf16BigEndian:
                return ValidateUtf16(bytes, bigEndian: true);
            default:
                return WireStatus.Invalid;
        }
    }

    /// <summary>
    /// Decodes a string for display. Fails (without throwing) exactly when <see cref="Validate"/>
    /// fails; an Unknown (0) string decodes to its bytes in hex.
    /// </summary>
    public static WireStatus TryDecode(VersionStringType type, ReadOnlySpan<byte> bytes, out string? text)
    {
        text = null;
        var status = Validate(type, bytes);
        if (status != WireStatus.Done)
        {
            return status;
        }

        switch (type)
        {
            case VersionStringType.Unknown:
                text = Convert.ToHexString(bytes);
                break;
            case VersionStringType.Ascii:
            case VersionStringType.Utf8:
                text = StrictUtf8.GetString(bytes);
                break;
            case VersionStringType.Utf16:
                var body = StripByteOrderMark(bytes, out var bigEndian);
                text = (bigEndian ? Utf16Be : Utf16Le).GetString(body);
                break;
            case VersionStringType.Utf16LittleEndian:
                text = Utf16Le.GetString(bytes);
                break;
            default:
                text = Utf16Be.GetString(bytes);
                break;
        }

        return WireStatus.Done;
    }

    /// <summary>
    /// The encoded size of <paramref name="text"/> as <paramref name="type"/>. UTF-16 (3) is written
    /// with a little-endian byte-order mark (FF FE) so any reader knows the order.
    /// </summary>
    /// <exception cref="ArgumentException">The type is Unknown or reserved, or ASCII text has a non-ASCII character.</exception>
    public static int GetEncodedLength(VersionStringType type, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return type switch
        {
            VersionStringType.Ascii => Ascii.IsValid(text)
                ? text.Length
                : throw new ArgumentException("The text is not ASCII.", nameof(text)),
            VersionStringType.Utf8 => StrictUtf8.GetByteCount(text),
            VersionStringType.Utf16 => 2 + (text.Length * 2),
            VersionStringType.Utf16LittleEndian or VersionStringType.Utf16BigEndian => text.Length * 2,
            _ => throw new ArgumentException("Only the text string types (1–5) can be encoded from text.", nameof(type)),
        };
    }

    /// <summary>
    /// Encodes <paramref name="text"/> as <paramref name="type"/> into <paramref name="destination"/>.
    /// Returns false (writing nothing) when it does not fit or exceeds <see cref="MaxLength"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="GetEncodedLength"/>.</exception>
    public static bool TryEncode(VersionStringType type, string text, Span<byte> destination, out int bytesWritten)
    {
        var length = GetEncodedLength(type, text);
        bytesWritten = 0;
        if (length > MaxLength || length > destination.Length)
        {
            return false;
        }

        switch (type)
        {
            case VersionStringType.Ascii:
            case VersionStringType.Utf8:
                StrictUtf8.GetBytes(text, destination);
                break;
            case VersionStringType.Utf16:
                destination[0] = 0xFF;
                destination[1] = 0xFE;
                Utf16Le.GetBytes(text, destination[2..]);
                break;
            case VersionStringType.Utf16LittleEndian:
                Utf16Le.GetBytes(text, destination);
                break;
            default:
                Utf16Be.GetBytes(text, destination);
                break;
        }

        bytesWritten = length;
        return true;
    }

    /// <summary>Encodes <paramref name="text"/> into a new array (for tools and tests).</summary>
    public static byte[] Encode(VersionStringType type, string text)
    {
        var bytes = new byte[GetEncodedLength(type, text)];
        if (!TryEncode(type, text, bytes, out _))
        {
            throw new ArgumentException("The encoded string is longer than 255 bytes.", nameof(text));
        }

        return bytes;
    }

    /// <summary>
    /// Checks a string a writer is about to put on the wire: at most 255 bytes and well formed
    /// for its type. A failure is a caller bug.
    /// </summary>
    /// <exception cref="ArgumentException">The string is too long or malformed for its type.</exception>
    public static void ThrowIfNotWritable(VersionStringType type, ReadOnlySpan<byte> bytes, string paramName)
    {
        if (bytes.Length > MaxLength || Validate(type, bytes) != WireStatus.Done)
        {
            throw new ArgumentException("The version string is longer than 255 bytes or malformed for its type.", paramName);
        }
    }

    private static ReadOnlySpan<byte> StripByteOrderMark(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = true;
        if (bytes.Length >= 2)
        {
            if (bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                return bytes[2..];
            }

            if (bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                bigEndian = false;
                return bytes[2..];
            }
        }

        return bytes;
    }

    private static WireStatus ValidateUtf16(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        if ((bytes.Length & 1) != 0)
        {
            return WireStatus.Invalid;
        }

        var expectLow = false;
        for (var i = 0; i < bytes.Length; i += 2)
        {
            var unit = bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8);
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (expectLow != isLow)
            {
                return WireStatus.Invalid;
            }

            expectLow = isHigh;
        }

        return expectLow ? WireStatus.Invalid : WireStatus.Done;
    }
}
