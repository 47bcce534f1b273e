using System.Buffers.Binary;

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

    // Slicing-by-8 (Kounavis and Berry): Tables[k][b] is the CRC state after byte b followed by
    // k zero bytes, so eight input bytes fold into the state with eight lookups and no
    // byte-serial dependency. Tables[0] is the classic byte-at-a-time table.
    private static readonly uint[][] Tables = BuildTables();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues a CRC over more bytes: <c>Append(Compute(a), b) == Compute(a ++ b)</c>;
    /// start with 0 (the CRC of nothing).
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var t = Tables;
        var (t0, t1, t2, t3, t4, t5, t6, t7) = (t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
        var state = crc ^ Seed;
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = t7[(byte)low] ^ t6[(byte)(low >> 8)] ^ t5[(byte)(low >> 16)] ^ t4[low >> 24]
                ^ t3[(byte)high] ^ t2[(byte)(high >> 8)] ^ t1[(byte)(high >> 16)] ^ t0[high >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            state = t0[(byte)(state ^ b)] ^ (state >> 8);
        }

        return state ^ Seed;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        tables[0] = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            tables[0][i] = value;
        }

        for (var k = 1; k < 8; k++)
        {
            tables[k] = new uint[256];
            for (var i = 0; i < 256; i++)
            {
                var previous = tables[k - 1][i];
                tables[k][i] = tables[0][(byte)previous] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
