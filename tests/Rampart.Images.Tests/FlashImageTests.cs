using Rampart.Images.Flash;

namespace Rampart.Images.Tests;

public sealed class FlashImageTests
{
    private static readonly FlashImageEntry[] Entries =
    [
        new(FlashImageType.CaliptraBundle, 0, 1, TestKeys.Pattern(101, 1)),
        new(FlashImageType.SocManifest, 0, 1, TestKeys.Pattern(50, 2)),
        new(FlashImageType.McuRuntime, 2, 3, TestKeys.Pattern(3, 3)),
        new(FlashImageType.SocImage, 0x10, 4, TestKeys.Pattern(64, 4)),
    ];

    [Fact]
    public void Round_trips_and_finds_images()
    {
        var bytes = FlashImage.Write(Entries);
        Assert.Equal(ImageVerdict.Verified, FlashImage.TryRead(bytes, out var entries));
        Assert.Equal(4, entries!.Count);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Entries[i].Image.ToArray(), entries[i].Image.ToArray());
            Assert.Equal(Entries[i] with { Image = default }, entries[i] with { Image = default });
        }

        Assert.True(FlashImage.TryFind(bytes, FlashImageType.SocImage, 0x10, out var soc));
        Assert.Equal(TestKeys.Pattern(64, 4), soc.ToArray());
        Assert.False(FlashImage.TryFind(bytes, FlashImageType.SocImage, 0x11, out _));
        Assert.Equal(FlashImage.HeaderSize + (4 * FlashImage.EntrySize), 160);
    }

    [Fact]
    public void Any_flipped_bit_in_header_toc_or_image_is_rejected()
    {
        var bytes = FlashImage.Write(Entries);
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            var verdict = FlashImage.Check(bytes);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(ImageVerdict.Verified, verdict);
        }
    }

    [Fact]
    public void Truncated_and_oversized_images_are_rejected()
    {
        var bytes = FlashImage.Write(Entries);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.NotEqual(ImageVerdict.Verified, FlashImage.Check(bytes.AsSpan(0, length)));
        }

        Assert.Equal(ImageVerdict.FlashTruncated, FlashImage.Check(bytes.AsSpan(0, 10)));
        Assert.Equal(ImageVerdict.FlashTrailingBytes, FlashImage.Check(bytes.Concat(new byte[4]).ToArray()));
    }
}
