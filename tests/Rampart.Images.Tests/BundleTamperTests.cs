using Rampart.Images.Bundle;

namespace Rampart.Images.Tests;

/// <summary>Every bit of the signed regions of a small signed bundle, flipped one at a time, is rejected with the right reason.</summary>
public sealed class BundleTamperTests
{
    public static ImageVerdict ExpectedFor(int offset, int fmcEnd)
    {
        var header = offset - BundleLayout.HeaderOffset;
        if (header is >= ImageHeader.TocDigestOffset and < ImageHeader.SvnOffset)
        {
            return ImageVerdict.BundleTocDigestMismatch;
        }

        if (header is >= 0 and < BundleLayout.VendorSignedHeaderLength)
        {
            return ImageVerdict.BundleVendorEccSignatureInvalid;
        }

        if (header is >= BundleLayout.VendorSignedHeaderLength and < BundleLayout.HeaderSize)
        {
            return ImageVerdict.BundleOwnerEccSignatureInvalid;
        }

        if (offset < BundleLayout.ManifestSize)
        {
            return ImageVerdict.BundleTocDigestMismatch;
        }

        return offset < fmcEnd ? ImageVerdict.BundleFmcDigestMismatch : ImageVerdict.BundleRuntimeDigestMismatch;
    }

    [Fact]
    public void Every_signed_bit_flipped_is_rejected_with_its_named_reason()
    {
        var (bundle, fuses) = TestKeys.SmallMlDsaBundle;
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses));
        var fmcEnd = BundleLayout.ManifestSize + 16;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(BundleLayout.HeaderOffset * 8, bundle.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 2 }, bit =>
        {
            var copy = bundle.ToArray();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            var verdict = FirmwareBundleVerifier.Verify(TestKeys.Engines, copy, fuses);
            var expected = ExpectedFor(bit / 8, fmcEnd);
            if (verdict != expected)
            {
                failures.Add($"bit {bit}: {verdict}, expected {expected}");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void Sampled_bits_of_a_one_mebibyte_bundle_are_rejected()
    {
        var (bundle, fuses) = TestKeys.OneMebibyteBundle;
        Assert.Equal(1024 * 1024, bundle.Length);
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses));
        var fmcEnd = BundleLayout.ManifestSize + (256 * 1024);
        foreach (var bit in Spread(BundleLayout.HeaderOffset * 8L, bundle.Length * 8L, 48))
        {
            bundle[bit / 8] ^= (byte)(1 << (int)(bit % 8));
            Assert.Equal(ExpectedFor((int)(bit / 8), fmcEnd), FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses));
            bundle[bit / 8] ^= (byte)(1 << (int)(bit % 8));
        }
    }

    [Fact]
    public void Sampled_preamble_bits_are_never_accepted()
    {
        var (bundle, fuses) = TestKeys.SmallMlDsaBundle;
        foreach (var sample in Spread(0, BundleLayout.HeaderOffset * 8L, 300))
        {
            var bit = (int)sample;
            bundle[bit / 8] ^= (byte)(1 << (bit % 8));
            var verdict = FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses);
            bundle[bit / 8] ^= (byte)(1 << (bit % 8));
            var inReserved = bit / 8 is >= BundleLayout.PreambleReservedOffset and < BundleLayout.HeaderOffset
                || bit / 8 is >= 9 and < 12;
            if (!inReserved)
            {
                Assert.NotEqual(ImageVerdict.Verified, verdict);
            }
        }
    }

    /// <summary>Deterministic, evenly spread sample positions (golden-ratio stride) in [start, end).</summary>
    public static IEnumerable<long> Spread(long start, long end, int count)
    {
        var span = (ulong)(end - start);
        for (ulong i = 1; i <= (ulong)count; i++)
        {
            yield return start + (long)((i * 0x9E37_79B9_7F4A_7C15UL) % span);
        }
    }
}
