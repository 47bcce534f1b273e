namespace Rampart.Wire.Checksums;

/// <summary>
/// The frame check sequence of DSP0253 (MCTP serial binding): the RFC 1662 CRC-16 with the
/// reflected polynomial 0x8408, initial value 0xFFFF, and — unlike RFC 1662's PPP use — no final
/// complement (the catalogue's CRC-16/MCRF4XX). DSP0253's example frame
/// <c>01 07 01 08 09 C8 00 81 02</c> gives 0x1805; "123456789" gives 0x6F91.
/// </summary>
public static class Crc16Fcs
{
    /// <summary>The reflected generator polynomial.</summary>
    public const ushort ReflectedPolynomial = 0x8408;

    /// <summary>The initial value.</summary>
    public const ushort InitialValue = 0xFFFF;

    /// <summary>The CRC of "123456789".</summary>
    public const ushort CheckValue = 0x6F91;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The FCS of <paramref name="data"/> from the initial value.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Update(InitialValue, data);

    /// <summary>Continues an FCS over more bytes (start with <see cref="InitialValue"/>).</summary>
    public static ushort Update(ushort fcs, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
        {
            fcs = (ushort)((fcs >> 8) ^ table[(fcs ^ b) & 0xFF]);
        }

        return fcs;
    }

    /// <summary>Continues an FCS over one byte.</summary>
    public static ushort Update(ushort fcs, byte value) => (ushort)((fcs >> 8) ^ Table[(fcs ^ value) & 0xFF]);

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ ReflectedPolynomial) : (ushort)(crc >> 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
