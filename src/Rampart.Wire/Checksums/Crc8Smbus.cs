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

    private static readonly byte[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/> from the initial value 0.</summary>
    public static byte Compute(ReadOnlySpan<byte> data) => Update(0, data);

    /// <summary>Continues a CRC over more bytes (start with 0).</summary>
    public static byte Update(byte crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
        {
            crc = table[crc ^ b];
        }

        return crc;
    }

    /// <summary>Continues a CRC over one byte.</summary>
    public static byte Update(byte crc, byte value) => Table[crc ^ value];

    private static byte[] BuildTable()
    {
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (byte)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ Polynomial) : (byte)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
