namespace Rampart.Wire.Checksums;

/// <summary>
/// SMBus packet error code: CRC-8 with polynomial x^8 + x^2 + x + 1 (0x07), initial value 0,
/// no reflection and no final XOR (SMBus 3.x §6.4; used as the PEC of DSP0233 MCTP over I3C and
/// of the OCP Recovery framing). Check value: "123456789" gives 0xF4.
/// </summary>
public static class Crc8Smbus
{
    /// <summary>The generator polynomial without its x^8 term.</summary>
    public const byte Polynomial = 0x07;

    /// <summary>The CRC of "123456789" (the catalogue check value).</summary>
    public const byte CheckValue = 0xF4;

    // Tables[k][x] is the CRC of byte x followed by k zero bytes (Tables[0] is the classic
    // byte-at-a-time table). The CRC is linear over GF(2), so eight bytes fold into the state
    // with eight independent lookups: crc(s, b0..b7) = T7[s ^ b0] ^ T6[b1] ^ ... ^ T0[b7].
    private static readonly byte[][] Tables = BuildTables();

    /// <summary>The CRC of <paramref name="data"/> from the initial value 0.</summary>
    public static byte Compute(ReadOnlySpan<byte> data) => Update(0, data);

    /// <summary>Continues a CRC over more bytes (start with 0).</summary>
    public static byte Update(byte crc, ReadOnlySpan<byte> data)
    {
        var t = Tables;
        var (t0, t1, t2, t3, t4, t5, t6, t7) = (t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);
        while (data.Length >= 8)
        {
            crc = (byte)(t7[crc ^ data[0]] ^ t6[data[1]] ^ t5[data[2]] ^ t4[data[3]]
                ^ t3[data[4]] ^ t2[data[5]] ^ t1[data[6]] ^ t0[data[7]]);
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t0[crc ^ b];
        }

        return crc;
    }

    /// <summary>Continues a CRC over one byte.</summary>
    public static byte Update(byte crc, byte value) => Tables[0][crc ^ value];

    private static byte[][] BuildTables()
    {
        var tables = new byte[8][];
        tables[0] = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (byte)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ Polynomial) : (byte)(crc << 1);
            }

            tables[0][i] = crc;
        }

        for (var k = 1; k < 8; k++)
        {
            tables[k] = new byte[256];
            for (var i = 0; i < 256; i++)
            {
                tables[k][i] = tables[0][tables[k - 1][i]];
            }
        }

        return tables;
    }
}
