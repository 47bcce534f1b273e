namespace Rampart.Host.Trace;

/// <summary>How trace values are rendered.</summary>
internal static class TraceFormat
{
    /// <summary>Bytes shown before a long value is cut.</summary>
    public const int MaxHexBytes = 32;

    /// <summary>Space-separated hex, cut after <see cref="MaxHexBytes"/> with the full length noted.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > MaxHexBytes ? bytes[..MaxHexBytes] : bytes;
        var text = Convert.ToHexString(shown);
        var spaced = string.Join(' ', Enumerable.Range(0, shown.Length).Select(i => text.Substring(i * 2, 2)));
        return bytes.Length > MaxHexBytes ? $"{spaced} … ({bytes.Length} bytes)" : spaced;
    }
}
