using System.Globalization;
using System.Text;

namespace Rampart.Wire.Mctp.Control;

/// <summary>
/// One version number entry of Get MCTP Version Support (DSP0236 §12): major, minor, update and alpha bytes. Major, minor and update are BCD in the
/// low nibble with the high nibble 0xF ("F1 F3 F3 00" is 1.3.3); an update of 0xFF is absent.
/// </summary>
/// <param name="Major">Major version byte.</param>
/// <param name="Minor">Minor version byte.</param>
/// <param name="Update">Update version byte (0xFF when absent).</param>
/// <param name="Alpha">Alpha byte (0x00 when none).</param>
public readonly record struct MctpVersion(byte Major, byte Minor, byte Update, byte Alpha)
{
    /// <summary>Size of one entry.</summary>
    public const int Size = 4;

    /// <summary>Reads one entry from the first 4 bytes.</summary>
    public static MctpVersion Read(ReadOnlySpan<byte> source) => new(source[0], source[1], source[2], source[3]);

    /// <summary>Writes the entry into the first 4 bytes.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = Major;
        destination[1] = Minor;
        destination[2] = Update;
        destination[3] = Alpha;
    }

    /// <summary>"1.3.3", "1.0", or the raw hex when a byte is not in the version format.</summary>
    public override string ToString()
    {
        if (!IsField(Major) || !IsField(Minor) || (Update != 0xFF && !IsField(Update)))
        {
            return $"{Major:X2} {Minor:X2} {Update:X2} {Alpha:X2}";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Major & 0x0F}.{Minor & 0x0F}");
        if (Update != 0xFF)
        {
            text.Append(CultureInfo.InvariantCulture, $".{Update & 0x0F}");
        }

        if (Alpha is >= 0x20 and < 0x7F)
        {
            text.Append((char)Alpha);
        }

        return text.ToString();
    }

    private static bool IsField(byte value) => (value & 0xF0) == 0xF0 && (value & 0x0F) <= 9;
}

/// <summary>Get MCTP Version Support request body (DSP0236 §12), after the control header.</summary>
/// <param name="MessageTypeNumber">The message type asked about; 0xFF asks for the base specification.</param>
public readonly record struct GetMctpVersionSupportRequest(byte MessageTypeNumber)
{
    /// <summary>Request data size.</summary>
    public const int Size = 1;

    /// <summary>The message type number that asks for the MCTP base specification version.</summary>
    public const byte BaseSpecification = 0xFF;

    /// <summary>Reads the body.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetMctpVersionSupportRequest value, out int consumed)
    {
        value = default;
        consumed = 0;
        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, Size);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        value = new GetMctpVersionSupportRequest(source[0]);
        consumed = Size;
        return WireStatus.Done;
    }

    /// <summary>Writes the body.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[0] = MessageTypeNumber;
        written = Size;
        return true;
    }
}

/// <summary>
/// Get MCTP Version Support response body (DSP0236 §12), after the control header:
/// completion code, entry count, then that many 4-byte version entries. The entries are a slice of
/// the caller's bytes.
/// </summary>
public readonly ref struct GetMctpVersionSupportResponse
{
    /// <summary>Fixed part: completion code and entry count.</summary>
    public const int FixedSize = 2;

    // +0 [ completion code ]   +1 [ version entry count N ]   +2 [ N × (major, minor, update, alpha) ]
    private const int CountOffset = 1;
    private const int EntriesOffset = 2;

    /// <summary>Creates a response; <paramref name="entries"/> must be a whole number of entries (at most 255).</summary>
    public GetMctpVersionSupportResponse(MctpCompletionCode completionCode, ReadOnlySpan<byte> entries)
    {
        if (entries.Length % MctpVersion.Size != 0 || entries.Length / MctpVersion.Size > byte.MaxValue)
        {
            throw new ArgumentException("Version entries are 4 bytes each, at most 255 of them.", nameof(entries));
        }

        CompletionCode = completionCode;
        Entries = completionCode == MctpCompletionCode.Success ? entries : default;
    }

    /// <summary>Completion code; 0x80 means the message type is not supported.</summary>
    public MctpCompletionCode CompletionCode { get; }

    /// <summary>The raw version entries.</summary>
    public ReadOnlySpan<byte> Entries { get; }

    /// <summary>Number of version entries.</summary>
    public int Count => Entries.Length / MctpVersion.Size;

    /// <summary>The size this response takes on the wire.</summary>
    public int WireSize => CompletionCode == MctpCompletionCode.Success ? FixedSize + Entries.Length : 1;

    /// <summary>Entry <paramref name="index"/>.</summary>
    public MctpVersion this[int index] => MctpVersion.Read(Entries.Slice(index * MctpVersion.Size, MctpVersion.Size));

    /// <summary>Reads the body.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out GetMctpVersionSupportResponse value, out int consumed)
    {
        value = default;
        consumed = 0;
        var status = MctpCompletionCodes.TryRead(source, out var code);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (code != MctpCompletionCode.Success)
        {
            if (source.Length != 1)
            {
                return WireStatus.Invalid;
            }

            value = new GetMctpVersionSupportResponse(code, default);
            consumed = 1;
            return WireStatus.Done;
        }

        if (source.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var length = source[CountOffset] * MctpVersion.Size;
        var lengthStatus = MctpCompletionCodes.CheckLength(source.Length, EntriesOffset + length);
        if (lengthStatus != WireStatus.Done)
        {
            return lengthStatus;
        }

        value = new GetMctpVersionSupportResponse(code, source.Slice(EntriesOffset, length));
        consumed = EntriesOffset + length;
        return WireStatus.Done;
    }

    /// <summary>Writes the body (the completion code alone when it is not success).</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < WireSize)
        {
            return false;
        }

        destination[0] = (byte)CompletionCode;
        if (CompletionCode == MctpCompletionCode.Success)
        {
            destination[CountOffset] = (byte)Count;
            Entries.CopyTo(destination[EntriesOffset..]);
        }

        written = WireSize;
        return true;
    }
}
