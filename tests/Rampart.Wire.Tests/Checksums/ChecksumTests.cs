using CsCheck;
using System.Text;
using Rampart.Wire.Checksums;

namespace Rampart.Wire.Tests.Checksums;

public sealed class ChecksumTests
{
    [Theory]
    [InlineData("313233343536373839", 0xF4)] // "123456789": the CRC-8/SMBUS catalogue check value
    [InlineData("", 0x00)]
    [InlineData("00", 0x00)]
    [InlineData("01", 0x07)]
    [InlineData("FF", 0xF3)]
    public void Crc8Smbus_matches_vectors(string hex, int expected)
    {
        Assert.Equal((byte)expected, Crc8Smbus.Compute(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Crc8Smbus_check_value_constant_holds()
    {
        Assert.Equal(Crc8Smbus.CheckValue, Crc8Smbus.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Theory]
    [InlineData("010701080" + "9C8008102", 0x1805)] // DSP0253's example: revision, count, packet → 0x1805
    [InlineData("313233343536373839", 0x6F91)] // "123456789", CRC-16/MCRF4XX check value
    [InlineData("", 0xFFFF)]
    public void Crc16Fcs_matches_vectors(string hex, int expected)
    {
        Assert.Equal((ushort)expected, Crc16Fcs.Compute(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Crc16Fcs_is_not_complemented()
    {
        // RFC 1662's PPP FCS complements the result (0x906E for "123456789"); DSP0253 does not.
        Assert.NotEqual((ushort)0x906E, Crc16Fcs.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Crc8Smbus_equals_the_bitwise_definition_at_every_length_and_offset()
    {
        // Eight bytes per step plus a byte-at-a-time tail: every tail length and unaligned
        // slices, against the polynomial division done bit by bit.
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Int[0, 7]).Sample((data, skip) =>
        {
            var slice = data.AsSpan(Math.Min(skip, data.Length));
            byte crc = 0;
            foreach (var b in slice)
            {
                crc ^= b;
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ Crc8Smbus.Polynomial) : (byte)(crc << 1);
                }
            }

            Assert.Equal(crc, Crc8Smbus.Compute(slice));
        });
    }

    [Fact]
    public void Incremental_updates_equal_one_shot()
    {
        Gen.Byte.Array[0, 64].Select(Gen.Int[0, 64]).Sample((data, cut) =>
        {
            cut = Math.Min(cut, data.Length);
            Assert.Equal(Crc8Smbus.Compute(data), Crc8Smbus.Update(Crc8Smbus.Compute(data.AsSpan(0, cut)), data.AsSpan(cut)));
            Assert.Equal(Crc16Fcs.Compute(data), Crc16Fcs.Update(Crc16Fcs.Compute(data.AsSpan(0, cut)), data.AsSpan(cut)));
        });
    }

    [Fact]
    public void One_flipped_bit_changes_both_checksums()
    {
        Gen.Byte.Array[1, 64].Select(Gen.Int[0, 511]).Sample((data, bit) =>
        {
            bit %= data.Length * 8;
            var tampered = (byte[])data.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(Crc8Smbus.Compute(data), Crc8Smbus.Compute(tampered));
            Assert.NotEqual(Crc16Fcs.Compute(data), Crc16Fcs.Compute(tampered));
        });
    }
}
