using System.Numerics;
using Rampart.Images.Signing;

namespace Rampart.Images.Tests;

public sealed class ImageVerdictTests
{
    [Fact]
    public void Codes_are_unique_and_far_from_success()
    {
        var values = Enum.GetValues<ImageVerdict>();
        Assert.Equal(values.Length, values.Distinct().Count());
        foreach (var value in values.Where(v => v != ImageVerdict.Verified))
        {
            Assert.True(BitOperations.PopCount((uint)value ^ (uint)ImageVerdict.Verified) >= 8, value.ToString());
            Assert.False(value.IsVerified());
        }

        Assert.NotEqual(0u, (uint)ImageVerdict.Verified);
    }

    [Theory]
    [InlineData("H5 W4 n24", 5, 7, 0x0A, 4 + 4 + 24 + (51 * 24) + 4 + (5 * 24))]
    [InlineData("H15 W4 n24 (Caliptra)", 15, 7, 0x0C, 1620)]
    [InlineData("unknown OTS type", 5, 0x99, 0x0A, 0)]
    [InlineData("OTS and LMS widths differ", 5, 3, 0x0A, 0)]
    public void Lms_signature_length_comes_from_its_type_codes(string name, int height, uint otsType, uint lmsType, int expected)
    {
        Assert.NotNull(name);
        var field = new byte[4628];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(field.AsSpan(4), otsType);
        var lmsOffset = 8 + 24 + (51 * 24);
        if (lmsOffset + 4 <= field.Length)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(field.AsSpan(lmsOffset), lmsType);
        }

        Assert.True(height > 0);
        Assert.Equal(expected, LmsSignatureLength.Read(field));
    }
}
