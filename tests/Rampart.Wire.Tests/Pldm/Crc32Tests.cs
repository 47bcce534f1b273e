using System.Text;
using CsCheck;
using Rampart.Wire.Checksums;

namespace Rampart.Wire.Tests.Pldm;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("313233343536373839", 0xCBF43926u)]
    [InlineData("00", 0xD202EF8Du)]
    [InlineData("00F0F1F1", 0x539DBEBAu)]
    [InlineData("00F0F1F100F0F0F1", 0xC1040606u)]
    public void Matches_catalogue_vectors(string hex, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Check_value_is_the_catalogue_one()
    {
        Assert.Equal(Crc32.CheckValue, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Append_equals_compute_over_the_join()
    {
        Gen.Select(Gen.Byte.Array[0, 64], Gen.Byte.Array[0, 64]).Sample((a, b) =>
            Assert.Equal(Crc32.Compute([.. a, .. b]), Crc32.Append(Crc32.Compute(a), b)));
    }

    [Fact]
    public void Equals_the_bitwise_definition_at_every_length_and_offset()
    {
        // The table-driven loop takes eight bytes at a time; lengths 0..300 and unaligned slices
        // cover every tail and both paths against the polynomial division done bit by bit.
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Int[0, 7]).Sample((data, skip) =>
        {
            var slice = data.AsSpan(Math.Min(skip, data.Length));
            Assert.Equal(Bitwise(slice), Crc32.Compute(slice));
        });
    }

    [Fact]
    public void A_flipped_bit_changes_the_crc()
    {
        Gen.Select(Gen.Byte.Array[1, 64], Gen.Int, Gen.Int[0, 7]).Sample((data, at, bit) =>
        {
            var index = (int)((uint)at % (uint)data.Length);
            var flipped = (byte[])data.Clone();
            flipped[index] ^= (byte)(1 << bit);
            Assert.NotEqual(Crc32.Compute(data), Crc32.Compute(flipped));
        });
    }

    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Crc32.ReflectedPolynomial : crc >> 1;
            }
        }

        return ~crc;
    }
}
