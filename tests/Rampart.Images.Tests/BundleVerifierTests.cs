using Rampart.Images.Bundle;
using Rampart.Images.Signing;
using Rampart.Wire;

namespace Rampart.Images.Tests;

public sealed class BundleVerifierTests
{
    [Fact]
    public void Manifest_layout_matches_caliptra_sizes()
    {
        Assert.Equal(16956, BundleLayout.ManifestSize);
        Assert.Equal(1736, BundleLayout.VendorKeyInfoLength);
        Assert.Equal(16588, BundleLayout.HeaderOffset);
        Assert.Equal(160, ImageHeader.EncodedSize);
        Assert.Equal(104, ImageTocEntry.EncodedSize);
        Assert.Equal(0, BundleLayout.ManifestSize % 4);
        Assert.Equal(new byte[] { 0x43, 0x4D, 0x4E, 0x32 }, BitConverter.GetBytes(BundleLayout.Marker));
    }

    [Theory]
    [InlineData(PqcKeyType.MlDsa87)]
    [InlineData(PqcKeyType.Lms)]
    public void Signed_bundle_verifies_and_round_trips(PqcKeyType type)
    {
        var (bundle, fuses) = type == PqcKeyType.Lms ? TestKeys.SmallLmsBundle : TestKeys.SmallMlDsaBundle;
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses));
        Assert.Equal(WireStatus.Done, FirmwareBundle.TryRead(bundle, out var parsed));
        Assert.Equal(bundle, parsed!.ToArray());
        Assert.Equal(type, parsed.PqcKeyType);
        Assert.Equal(5u, parsed.Header.Svn);
        Assert.Equal((uint)ImageTocEntryId.Fmc, parsed.Fmc.Id);
        Assert.Equal(TestKeys.Pattern(24, 2), parsed.RuntimeImage.ToArray());
    }

    [Fact]
    public void Unsigned_bundle_is_rejected_at_the_vendor_signature()
    {
        var bytes = FirmwareBundleBuilder.Build(TestKeys.Engines.Sha, TestKeys.Description(PqcKeyType.MlDsa87, 16, 24, 5)).ToArray();
        var fuses = TestKeys.FusesFor(bytes, PqcKeyType.MlDsa87, 1);
        Assert.Equal(ImageVerdict.BundleVendorEccSignatureInvalid, FirmwareBundleVerifier.Verify(TestKeys.Engines, bytes, fuses));
    }

    [Fact]
    public void Signing_with_keys_the_bundle_does_not_carry_is_refused()
    {
        var bytes = FirmwareBundleBuilder.Build(TestKeys.Engines.Sha, TestKeys.Description(PqcKeyType.MlDsa87, 16, 24, 5)).ToArray();
        var before = bytes.ToArray();
        Assert.Equal(BundleSigningStatus.VendorKeyMismatch, FirmwareBundleSigner.Sign(TestKeys.Engines.Sha, bytes, TestKeys.MlDsaVendor[1], TestKeys.MlDsaOwner));
        Assert.Equal(BundleSigningStatus.OwnerKeyMismatch, FirmwareBundleSigner.Sign(TestKeys.Engines.Sha, bytes, TestKeys.MlDsaVendor[0], TestKeys.MlDsaVendor[2]));
        Assert.Equal(before, bytes);
    }

    public static TheoryData<string, Func<ImageVerificationFuses, ImageVerificationFuses>, ImageVerdict> FuseCases => new()
    {
        { "revoked ECC key index 0", f => f with { EccRevocation = 0b0001 }, ImageVerdict.BundleVendorEccKeyRevoked },
        { "revoked ML-DSA key index 0", f => f with { MlDsaRevocation = 0b0001 }, ImageVerdict.BundleVendorPqcKeyRevoked },
        { "LMS revocation does not apply to ML-DSA", f => f with { LmsRevocation = 0xFFFF_FFFF }, ImageVerdict.Verified },
        { "other ECC index revoked", f => f with { EccRevocation = 0b1110 }, ImageVerdict.Verified },
        { "wrong vendor key hash", f => f with { VendorPublicKeyHash = new byte[48] }, ImageVerdict.BundleVendorPublicKeyHashMismatch },
        { "wrong owner key hash", f => f with { OwnerPublicKeyHash = Enumerable.Repeat((byte)1, 48).ToArray() }, ImageVerdict.BundleOwnerPublicKeyHashMismatch },
        { "owner hash not provisioned", f => f with { OwnerPublicKeyHash = new byte[48] }, ImageVerdict.Verified },
        { "SVN rollback", f => f with { MinimumSvn = 6 }, ImageVerdict.BundleSvnRollback },
        { "SVN equal to minimum", f => f with { MinimumSvn = 5 }, ImageVerdict.Verified },
        { "anti-rollback disabled", f => f with { MinimumSvn = 100, AntiRollbackDisabled = true }, ImageVerdict.Verified },
        { "PQC type fused as LMS", f => f with { PqcKeyType = PqcKeyType.Lms }, ImageVerdict.BundlePqcKeyTypeMismatch },
    };

    [Theory]
    [MemberData(nameof(FuseCases))]
    public void Fuse_values_give_the_expected_verdict(string name, Func<ImageVerificationFuses, ImageVerificationFuses> change, ImageVerdict expected)
    {
        Assert.NotNull(name);
        var (bundle, fuses) = TestKeys.SmallMlDsaBundle;
        Assert.Equal(expected, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, change(fuses)));
    }

    [Fact]
    public void Lms_revocation_bit_of_the_active_index_rejects()
    {
        var (bundle, fuses) = TestKeys.SmallLmsBundle;
        Assert.Equal(ImageVerdict.BundleVendorPqcKeyRevoked, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses with { LmsRevocation = 1 }));
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses with { MlDsaRevocation = 1 }));
    }

    [Fact]
    public void Active_key_index_two_verifies_and_is_revocable()
    {
        var (bundle, fuses) = TestKeys.SignedBundle(PqcKeyType.MlDsa87, 16, 24, svn: 1, eccIndex: 2, pqcIndex: 2);
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses with { EccRevocation = 0b1011, MlDsaRevocation = 0b1011 }));
        Assert.Equal(ImageVerdict.BundleVendorEccKeyRevoked, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses with { EccRevocation = 0b0100 }));
        Assert.Equal(ImageVerdict.BundleVendorPqcKeyRevoked, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses with { MlDsaRevocation = 0b0100 }));
    }

    [Theory]
    [InlineData(PqcKeyType.MlDsa87, 3u, 3u)]
    [InlineData(PqcKeyType.Lms, 1u, 1u)]
    public void The_last_listed_vendor_key_is_never_revoked(PqcKeyType type, uint eccIndex, uint pqcIndex)
    {
        // Caliptra's ROM exempts the descriptor's last key, so no revocation fuse value bricks the device.
        var (bundle, fuses) = TestKeys.SignedBundle(type, 16, 24, svn: 1, eccIndex, pqcIndex);
        var all = fuses with { EccRevocation = 0xF, LmsRevocation = 0xFFFF_FFFF, MlDsaRevocation = 0xF };
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, all));
        var (first, firstFuses) = TestKeys.SignedBundle(type, 16, 24, svn: 1);
        Assert.Equal(ImageVerdict.BundleVendorEccKeyRevoked, FirmwareBundleVerifier.Verify(TestKeys.Engines, first, firstFuses with { EccRevocation = 0xF, LmsRevocation = 0xFFFF_FFFF, MlDsaRevocation = 0xF }));
        Assert.Equal(ImageVerdict.BundleVendorPqcKeyRevoked, FirmwareBundleVerifier.Verify(TestKeys.Engines, first, firstFuses with { LmsRevocation = 0xFFFF_FFFF, MlDsaRevocation = 0xF }));
    }

    public static TheoryData<string, uint, uint, uint, uint, ImageVerdict> PlacementCases => new()
    {
        { "FMC loaded below the ICCM", 0x3FFF_FFF0, 0x4000_0000, 0x4010_0000, 0x4010_0004, ImageVerdict.BundleFmcLoadAddressInvalid },
        { "FMC loaded in the DCCM", 0x5000_0000, 0x5000_0000, 0x4010_0000, 0x4010_0004, ImageVerdict.BundleFmcLoadAddressInvalid },
        { "FMC load address unaligned", 0x4000_0002, 0x4000_0004, 0x4010_0000, 0x4010_0004, ImageVerdict.BundleFmcLoadAddressUnaligned },
        { "FMC entry point outside the ICCM", 0x4000_0000, 0x5000_0000, 0x4010_0000, 0x4010_0004, ImageVerdict.BundleFmcEntryPointInvalid },
        { "FMC entry point unaligned", 0x4000_0000, 0x4000_0002, 0x4010_0000, 0x4010_0004, ImageVerdict.BundleFmcEntryPointUnaligned },
        { "runtime ends past the ICCM", 0x4000_0000, 0x4000_0000, 0x4040_0000 - 20, 0x4040_0000 - 20, ImageVerdict.BundleRuntimeLoadAddressInvalid },
        { "runtime load address unaligned", 0x4000_0000, 0x4000_0000, 0x4010_0001, 0x4010_0004, ImageVerdict.BundleRuntimeLoadAddressUnaligned },
        { "runtime entry point outside the ICCM", 0x4000_0000, 0x4000_0000, 0x4010_0000, 0x0000_0000, ImageVerdict.BundleRuntimeEntryPointInvalid },
        { "runtime entry point unaligned", 0x4000_0000, 0x4000_0000, 0x4010_0000, 0x4010_0006, ImageVerdict.BundleRuntimeEntryPointUnaligned },
        { "entry point in the ICCM but outside its image", 0x4000_0000, 0x4000_0000, 0x4010_0000, 0x4020_0000, ImageVerdict.BundleEntryPointInvalid },
        { "last ICCM bytes", 0x4000_0000, 0x4000_0000, 0x4040_0000 - 24, 0x4040_0000 - 24, ImageVerdict.Verified },
    };

    [Theory]
    [MemberData(nameof(PlacementCases))]
    public void Load_addresses_and_entry_points_are_checked_against_the_iccm(string name, uint fmcLoad, uint fmcEntry, uint rtLoad, uint rtEntry, ImageVerdict expected)
    {
        Assert.NotNull(name);
        var description = TestKeys.Description(PqcKeyType.MlDsa87, 16, 24, svn: 5) is var d
            ? d with { Fmc = d.Fmc with { LoadAddress = fmcLoad, EntryPoint = fmcEntry }, Runtime = d.Runtime with { LoadAddress = rtLoad, EntryPoint = rtEntry } }
            : null!;
        var bytes = FirmwareBundleBuilder.Build(TestKeys.Engines.Sha, description).ToArray();
        Assert.Equal(BundleSigningStatus.Signed, FirmwareBundleSigner.Sign(TestKeys.Engines.Sha, bytes, TestKeys.MlDsaVendor[0], TestKeys.MlDsaOwner));
        Assert.Equal(expected, FirmwareBundleVerifier.Verify(TestKeys.Engines, bytes, TestKeys.FusesFor(bytes, PqcKeyType.MlDsa87, 1)));
    }

    [Fact]
    public void Caliptra_memory_map_refuses_images_beyond_its_256_kib_iccm()
    {
        var (bundle, fuses) = TestKeys.SmallMlDsaBundle;
        Assert.Equal(ImageVerdict.BundleRuntimeLoadAddressInvalid, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses, BundleMemoryMap.Caliptra));
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses, BundleMemoryMap.Rampart));
    }

    [Fact]
    public void Svn_above_the_fuse_width_is_out_of_range()
    {
        var (bundle, fuses) = TestKeys.SignedBundle(PqcKeyType.MlDsa87, 16, 24, svn: 129);
        Assert.Equal(ImageVerdict.BundleSvnOutOfRange, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses));
    }

    [Fact]
    public void Every_truncation_is_rejected_without_reading_past_the_end()
    {
        var (bundle, fuses) = TestKeys.SmallMlDsaBundle;
        foreach (var length in new[] { 0, 1, 4, 12, BundleLayout.HeaderOffset, BundleLayout.ManifestSize - 1, BundleLayout.ManifestSize, bundle.Length - 1 })
        {
            var prefix = bundle.AsSpan(0, length).ToArray();
            var verdict = FirmwareBundleVerifier.Verify(TestKeys.Engines, prefix, fuses);
            Assert.NotEqual(ImageVerdict.Verified, verdict);
            Assert.Equal(WireStatus.NeedMoreData, FirmwareBundle.TryRead(prefix, out var parsed));
            Assert.Null(parsed);
            if (length < BundleLayout.ManifestSize)
            {
                Assert.Equal(ImageVerdict.BundleTruncated, verdict);
            }
            else
            {
                Assert.Equal(ImageVerdict.BundleImageOutOfBounds, verdict);
            }
        }
    }

    [Fact]
    public void Oversized_bundle_is_rejected()
    {
        var (bundle, fuses) = TestKeys.SmallMlDsaBundle;
        var longer = bundle.Concat(new byte[] { 0 }).ToArray();
        Assert.Equal(ImageVerdict.BundleTrailingBytes, FirmwareBundleVerifier.Verify(TestKeys.Engines, longer, fuses));
        Assert.Equal(WireStatus.Invalid, FirmwareBundle.TryRead(longer, out _));
    }

    [Theory]
    [InlineData("marker", BundleLayout.MarkerOffset, ImageVerdict.BundleBadMarker)]
    [InlineData("size", BundleLayout.SizeOffset, ImageVerdict.BundleBadManifestSize)]
    [InlineData("pqc type", BundleLayout.PqcKeyTypeOffset, ImageVerdict.BundleUnsupportedPqcKeyType)]
    [InlineData("descriptor version", BundleLayout.EccDescriptorOffset, ImageVerdict.BundleKeyDescriptorInvalid)]
    [InlineData("descriptor hash", BundleLayout.EccDescriptorHashesOffset + 100, ImageVerdict.BundleVendorPublicKeyHashMismatch)]
    [InlineData("vendor ECC key", BundleLayout.VendorEccKeyOffset + 10, ImageVerdict.BundleVendorEccKeyHashMismatch)]
    [InlineData("vendor PQC key", BundleLayout.VendorPqcKeyOffset + 10, ImageVerdict.BundleVendorPqcKeyHashMismatch)]
    [InlineData("owner key", BundleLayout.OwnerPqcKeyOffset + 10, ImageVerdict.BundleOwnerPublicKeyHashMismatch)]
    [InlineData("vendor ECC signature", BundleLayout.VendorEccSignatureOffset + 5, ImageVerdict.BundleVendorEccSignatureInvalid)]
    [InlineData("vendor PQC signature", BundleLayout.VendorPqcSignatureOffset + 5, ImageVerdict.BundleVendorPqcSignatureInvalid)]
    [InlineData("vendor PQC signature padding", BundleLayout.VendorPqcSignatureOffset + 4627, ImageVerdict.BundleVendorPqcSignatureInvalid)]
    [InlineData("owner ECC signature", BundleLayout.OwnerEccSignatureOffset + 5, ImageVerdict.BundleOwnerEccSignatureInvalid)]
    [InlineData("owner PQC signature", BundleLayout.OwnerPqcSignatureOffset + 5, ImageVerdict.BundleOwnerPqcSignatureInvalid)]
    public void Preamble_faults_have_named_verdicts(string name, int offset, ImageVerdict expected)
    {
        Assert.NotNull(name);
        var (bundle, fuses) = TestKeys.SmallMlDsaBundle;
        bundle[offset] ^= 0x01;
        Assert.Equal(expected, FirmwareBundleVerifier.Verify(TestKeys.Engines, bundle, fuses));
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(1u, 1u)]
    [InlineData(0b111u, 3u)]
    [InlineData(0x8000_0000u, 32u)]
    public void Svn_fuse_decodes_to_highest_bit(uint fuse, uint svn) =>
        Assert.Equal(svn, ImageVerificationFuses.SvnFromFuse(fuse));

    [Fact]
    public void Full_svn_fuse_is_128() => Assert.Equal(128u, ImageVerificationFuses.SvnFromFuse(UInt128.MaxValue));
}
