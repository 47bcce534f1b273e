using System.Globalization;

namespace Rampart.Wire.Pldm.Base;

/// <summary>
/// A ver32 version (DSP0240 §7.1 / DSP0239 "ver32"): major, minor, update and alpha bytes.
/// Major, minor and update are BCD: 0xFn is the single digit n, 0xnm two digits; an update of
/// 0xFF means "no update number". Alpha is 0 or an ASCII letter. PLDM sends the 32-bit value
/// little-endian, so the wire order is alpha, update, minor, major (1.0.0 is 00 F0 F0 F1).
/// </summary>
/// <param name="Major">Major version byte.</param>
/// <param name="Minor">Minor version byte.</param>
/// <param name="Update">Update version byte (0xFF: absent).</param>
/// <param name="Alpha">Alpha byte (0: none).</param>
public readonly record struct PldmVersion(byte Major, byte Minor, byte Update, byte Alpha)
{
    /// <summary>Encoded size.</summary>
    public const int Length = 4;

    /// <summary>The 32-bit value: major in the top byte, alpha in the bottom.</summary>
    public uint Value => ((uint)Major << 24) | ((uint)Minor << 16) | ((uint)Update << 8) | Alpha;

    /// <summary>The version for a 32-bit value.</summary>
    public static PldmVersion FromValue(uint value) =>
        new((byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value);

    /// <summary>Encodes a version from numbers 0–99 (update null: absent; alpha null: none).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number is over 99 or alpha is not an ASCII letter.</exception>
    public static PldmVersion Create(int major, int minor, int? update = null, char? alpha = null)
    {
        if (alpha is { } a && !char.IsAsciiLetter(a))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha));
        }

        return new PldmVersion(Bcd(major), Bcd(minor), update is { } u ? Bcd(u) : (byte)0xFF, (byte)(alpha ?? '\0'));
    }

    /// <summary>Reads the 4 wire bytes.</summary>
    public static PldmVersion Read(ReadOnlySpan<byte> source) =>
        FromValue(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(source));

    /// <summary>Writes the 4 wire bytes.</summary>
    public void Write(Span<byte> destination) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination, Value);

    /// <summary>"1.0.0", "1.2", "1.3.1a"; undecodable BCD bytes appear as hex.</summary>
    public override string ToString()
    {
        var text = Digits(Major) + "." + Digits(Minor);
        if (Update != 0xFF)
        {
            text += "." + Digits(Update);
        }

        if (Alpha != 0)
        {
            text += Alpha is >= 0x20 and < 0x7F ? ((char)Alpha).ToString() : $"<{Alpha:X2}>";
        }

        return text;
    }

    private static byte Bcd(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 99);
        return value < 10 ? (byte)(0xF0 | value) : (byte)(((value / 10) << 4) | (value % 10));
    }

    private static string Digits(byte value)
    {
        var high = value >> 4;
        var low = value & 0xF;
        if (low > 9)
        {
            return $"<{value:X2}>";
        }

        if (high == 0xF)
        {
            return low.ToString(CultureInfo.InvariantCulture);
        }

        return high <= 9 ? (high * 10 + low).ToString(CultureInfo.InvariantCulture) : $"<{value:X2}>";
    }
}
