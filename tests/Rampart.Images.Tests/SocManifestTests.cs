using Rampart.Images.Signing;
using Rampart.Images.Manifest;
using Rampart.Wire;

namespace Rampart.Images.Tests;

public sealed class SocManifestTests
{
    private static readonly Lazy<byte[]> Signed = new(() => Build(svn: 4, flags: SocManifestLayout.VendorSignatureRequired, entries: 2));

    public static SocManifestTrust Trust => new(
        HybridPublicKeys.Of(TestKeys.MlDsaVendor[0]), HybridPublicKeys.Of(TestKeys.MlDsaOwner), MinimumSvn: 2, AntiRollbackDisabled: false);

    public static byte[] Build(uint svn, uint flags, int entries)
    {
        var manifestVendor = TestKeys.MlDsaVendor[1];
        var manifestOwner = TestKeys.MlDsaVendor[2];
        var manifest = new SocManifest
        {
            Svn = svn,
            Flags = flags,
            VendorKeys = HybridKeyFields.Of(HybridPublicKeys.Of(manifestVendor)),
            VendorKeysSignatures = HybridSignatureFields.Empty,
            OwnerKeys = HybridKeyFields.Of(HybridPublicKeys.Of(manifestOwner)),
            OwnerKeysSignatures = HybridSignatureFields.Empty,
            VendorMetadataSignatures = HybridSignatureFields.Empty,
            OwnerMetadataSignatures = HybridSignatureFields.Empty,
            Entries = [.. Enumerable.Range(0, entries).Select(Entry)],
        };
        var bytes = manifest.ToArray();
        Assert.True(SocManifestSigner.TrySign(TestKeys.Engines.Sha, bytes, TestKeys.MlDsaVendor[0], TestKeys.MlDsaOwner, manifestVendor, manifestOwner));
        return bytes;
    }

    public static ImageMetadataEntry Entry(int i)
    {
        var digest = new byte[48];
        TestKeys.Engines.Sha.Hash(Hal.Crypto.ShaAlgorithm.Sha384, TestKeys.Pattern(100 + i, i), digest);
        return new ImageMetadataEntry(
            (uint)(0x10 + i), (uint)(0x1000 + i), 0x0A, ImageMetadataEntry.ComposeFlags(ImageSource.StagingAddress, false, 2 + i),
            0x8000_0000_0000UL + (ulong)(i * 0x1000), 0x9000_0000UL, digest);
    }

    [Fact]
    public void Layout_matches_caliptra_sizes()
    {
        Assert.Equal(24292, SocManifestLayout.EntryCountOffset);
        Assert.Equal(80, ImageMetadataEntry.EncodedSize);
        Assert.Equal(new byte[] { 0x41, 0x54, 0x4D, 0x32 }, BitConverter.GetBytes(SocManifestLayout.Marker));
    }

    [Fact]
    public void Signed_manifest_verifies_round_trips_and_finds_entries()
    {
        var bytes = Signed.Value;
        Assert.Equal(ImageVerdict.Verified, SocManifestVerifier.Verify(TestKeys.Engines, bytes, Trust));
        Assert.Equal(WireStatus.Done, SocManifest.TryRead(bytes, out var parsed));
        Assert.Equal(bytes, parsed!.ToArray());
        Assert.Equal(2, parsed.Entries.Count);
        Assert.Equal(ImageSource.StagingAddress, parsed.Entries[1].Source);
        Assert.Equal(3, parsed.Entries[1].ExecBit);
        Assert.False(parsed.Entries[1].IgnoreAuthCheck);
        Assert.True(SocManifest.TryFindEntry(bytes, 0x11, out var entry));
        Assert.Equal(0x1001u, BitConverter.ToUInt32(entry[4..8]));
        Assert.False(SocManifest.TryFindEntry(bytes, 0x99, out _));
    }

    [Fact]
    public void Images_are_authorized_by_digest()
    {
        var bytes = Signed.Value;
        Assert.Equal(ImageVerdict.Verified, SocManifestVerifier.AuthorizeImage(TestKeys.Engines.Sha, bytes, 0x10, TestKeys.Pattern(100, 0)));
        Assert.Equal(ImageVerdict.ManifestImageDigestMismatch, SocManifestVerifier.AuthorizeImage(TestKeys.Engines.Sha, bytes, 0x10, TestKeys.Pattern(100, 1)));
        Assert.Equal(ImageVerdict.ManifestFwIdNotFound, SocManifestVerifier.AuthorizeImage(TestKeys.Engines.Sha, bytes, 0x42, TestKeys.Pattern(100, 0)));
    }

    public static ImageVerdict ExpectedFor(int offset)
    {
        if (offset is >= SocManifestLayout.VersionOffset and < SocManifestLayout.VendorKeysSignaturesOffset)
        {
            return ImageVerdict.ManifestVendorKeysEccSignatureInvalid;
        }

        if (offset is >= SocManifestLayout.OwnerKeysOffset and < SocManifestLayout.OwnerKeysSignaturesOffset)
        {
            return ImageVerdict.ManifestOwnerKeysEccSignatureInvalid;
        }

        return ImageVerdict.ManifestVendorMetadataEccSignatureInvalid;
    }

    [Fact]
    public void Every_signed_bit_flipped_is_rejected_with_its_named_reason()
    {
        var bytes = Build(svn: 4, flags: SocManifestLayout.VendorSignatureRequired, entries: 1);
        // Every bit of version, SVN, flags, both ECC keys and the image metadata. In the two 2592-byte
        // PQC key fields every byte is flipped, one bit each (rotating through the eight), not every
        // bit: a flip there is caught by the keys' ECDSA P-384 signature (about 0.6 ms a check), so
        // all 41,472 bits would cost about 25 s of CPU, while the verifier reads each field only as
        // a whole (SHA-384 of the keys), so which bit of a byte flips cannot change the path.
        var pqcFields = new[] { SocManifestLayout.VendorKeysOffset + 96, SocManifestLayout.OwnerKeysOffset + 96 };
        var flips = Enumerable.Range(SocManifestLayout.VersionOffset, 12 + 96)
            .Concat(Enumerable.Range(SocManifestLayout.OwnerKeysOffset, 96))
            .Concat(Enumerable.Range(SocManifestLayout.EntryCountOffset, bytes.Length - SocManifestLayout.EntryCountOffset))
            .SelectMany(offset => Enumerable.Range(0, 8).Select(bit => (Offset: offset, Bit: bit)))
            .Concat(pqcFields.SelectMany(start => Enumerable.Range(0, 2592).Select(k => (Offset: start + k, Bit: k % 8))))
            .ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, flips.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var offset = flips[i].Offset;
            var copy = bytes.ToArray();
            copy[offset] ^= (byte)(1 << flips[i].Bit);
            var verdict = SocManifestVerifier.Verify(TestKeys.Engines, copy, Trust);
            var expected = offset < SocManifestLayout.EntryCountOffset + 4 && offset >= SocManifestLayout.EntryCountOffset
                ? verdict
                : ExpectedFor(offset);
            if (offset is >= SocManifestLayout.EntriesOffset and < SocManifestLayout.EntriesOffset + 4 && verdict == ImageVerdict.ManifestDuplicateFwId)
            {
                expected = verdict;
            }
            if (verdict != expected || verdict == ImageVerdict.Verified)
            {
                failures.Add($"byte {offset} bit {flips[i].Bit}: {verdict}, expected {expected}");
            }
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void Entry_count_flips_are_structural_rejections()
    {
        var bytes = Signed.Value;
        for (var bit = 0; bit < 32; bit++)
        {
            var copy = bytes.ToArray();
            copy[SocManifestLayout.EntryCountOffset + (bit / 8)] ^= (byte)(1 << (bit % 8));
            var verdict = SocManifestVerifier.Verify(TestKeys.Engines, copy, Trust);
            Assert.Contains(verdict, new[] { ImageVerdict.ManifestTruncated, ImageVerdict.ManifestTrailingBytes, ImageVerdict.ManifestTooManyEntries });
        }
    }

    [Fact]
    public void Svn_rules_apply_unless_anti_rollback_is_disabled()
    {
        var bytes = Signed.Value;
        Assert.Equal(ImageVerdict.ManifestSvnRollback, SocManifestVerifier.Verify(TestKeys.Engines, bytes, Trust with { MinimumSvn = 5 }));
        Assert.Equal(ImageVerdict.Verified, SocManifestVerifier.Verify(TestKeys.Engines, bytes, Trust with { MinimumSvn = 5, AntiRollbackDisabled = true }));
        Assert.Equal(ImageVerdict.ManifestSvnOutOfRange, SocManifestVerifier.Verify(TestKeys.Engines, Build(200, 1, 1), Trust));
    }

    [Fact]
    public void Wrong_firmware_keys_are_rejected()
    {
        var bytes = Signed.Value;
        var otherVendor = Trust with { FirmwareVendor = HybridPublicKeys.Of(TestKeys.MlDsaVendor[3]) };
        Assert.Equal(ImageVerdict.ManifestVendorKeysEccSignatureInvalid, SocManifestVerifier.Verify(TestKeys.Engines, bytes, otherVendor));
        var otherOwner = Trust with { FirmwareOwner = HybridPublicKeys.Of(TestKeys.MlDsaVendor[3]) };
        Assert.Equal(ImageVerdict.ManifestOwnerKeysEccSignatureInvalid, SocManifestVerifier.Verify(TestKeys.Engines, bytes, otherOwner));
    }

    [Fact]
    public void Vendor_metadata_signature_is_only_checked_when_required()
    {
        var bytes = Build(svn: 4, flags: 0, entries: 1);
        bytes[SocManifestLayout.VendorMetadataSignaturesOffset + 3] ^= 0x80;
        Assert.Equal(ImageVerdict.Verified, SocManifestVerifier.Verify(TestKeys.Engines, bytes, Trust));
        bytes[SocManifestLayout.OwnerMetadataSignaturesOffset + 3] ^= 0x80;
        Assert.Equal(ImageVerdict.ManifestOwnerMetadataEccSignatureInvalid, SocManifestVerifier.Verify(TestKeys.Engines, bytes, Trust));
    }

    [Fact]
    public void Truncated_and_oversized_manifests_are_rejected()
    {
        var bytes = Signed.Value;
        foreach (var length in new[] { 0, 3, SocManifestLayout.EntryCountOffset, SocManifestLayout.EntriesOffset, bytes.Length - 1 })
        {
            Assert.Equal(ImageVerdict.ManifestTruncated, SocManifestVerifier.Verify(TestKeys.Engines, bytes.AsSpan(0, length), Trust));
            Assert.Equal(WireStatus.NeedMoreData, SocManifest.TryRead(bytes.AsSpan(0, length), out _));
        }

        Assert.Equal(ImageVerdict.ManifestTrailingBytes, SocManifestVerifier.Verify(TestKeys.Engines, bytes.Concat(new byte[1]).ToArray(), Trust));
    }

    [Fact]
    public void Duplicate_fw_ids_are_rejected()
    {
        var bytes = Signed.Value.ToArray();
        bytes[SocManifestLayout.EntriesOffset + ImageMetadataEntry.EncodedSize] = 0x10;
        Assert.Equal(ImageVerdict.ManifestDuplicateFwId, SocManifest.CheckStructure(bytes));
    }

    [Fact]
    public void Flags_compose_as_the_entry_layout_says()
    {
        Assert.Equal(0x0000_0705u, ImageMetadataEntry.ComposeFlags(ImageSource.StagingAddress, true, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageMetadataEntry.ComposeFlags(ImageSource.LoadAddress, false, 128));
    }
}
