namespace Rampart.Wire.Checksums;

/// <summary>
/// CRC-32 (IEEE 802.3; the catalogue's CRC-32/ISO-HDLC): reflected polynomial 0xEDB88320,
/// initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF. Used by DSP0240 GetPLDMVersion (the CRC of
/// the version data) and by DSP0267 package header and payload checksums.
/// Check value: "123456789" gives 0xCBF43926.
/// </summary>
public static class Crc32
{
    /// <summary>The reflected generator polynomial.</summary>
    public const uint ReflectedPolynomial = 0xEDB8_8320;

    /// <summary>The CRC of "123456789".</summary>
    public const uint CheckValue = 0xCBF4_3926;

    private const uint Seed = 0xFFFF_FFFF;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues a CRC over more bytes: <c>Append(Compute(a), b) == Compute(a ++ b)</c>;
    /// start with 0 (the CRC of nothing).
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        var state = crc ^ Seed;
        foreach (var b in data)
        {
            state = table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return state ^ Seed;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
