using System.Buffers.Binary;
using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Images.Manifest;

/// <summary>The values a SoC manifest is checked against: the running firmware's keys and the SoC manifest SVN fuses.</summary>
/// <param name="FirmwareVendor">The active vendor keys of the verified firmware bundle.</param>
/// <param name="FirmwareOwner">The owner keys of the verified firmware bundle.</param>
/// <param name="MinimumSvn">The fused minimum SoC manifest SVN.</param>
/// <param name="AntiRollbackDisabled">The anti-rollback disable fuse.</param>
public sealed record SocManifestTrust(HybridPublicKeys FirmwareVendor, HybridPublicKeys FirmwareOwner, uint MinimumSvn, bool AntiRollbackDisabled);

/// <summary>
/// Caliptra runtime's SET_AUTH_MANIFEST checks over the caller's bytes: structure; the
/// firmware vendor's ECC and PQC signatures over version..vendor keys; the firmware owner's over
/// the owner keys; the manifest vendor's over the image metadata when flags bit 0 asks for it;
/// the manifest owner's over the image metadata; SVN against the fused minimum unless
/// anti-rollback is disabled. The first failure is the verdict.
/// </summary>
public static class SocManifestVerifier
{
    /// <summary>The SoC manifest SVN fuse is 128 bits, one-hot encoded.</summary>
    public const uint MaxSvn = 128;

    /// <summary>Verifies <paramref name="manifest"/>.</summary>
    public static ImageVerdict Verify(ICryptoEngines engines, ReadOnlySpan<byte> manifest, SocManifestTrust trust)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(trust);
        var verdict = SocManifest.CheckStructure(manifest);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        var type = trust.FirmwareVendor.PqcType;
        verdict = Check(
            engines, type, trust.FirmwareVendor.EccPublicKey.Span, trust.FirmwareVendor.PqcPublicKey.Span,
            manifest.Slice(SocManifestLayout.VersionOffset, SocManifestLayout.VendorSignedLength),
            manifest[SocManifestLayout.VendorKeysSignaturesOffset..],
            ImageVerdict.ManifestVendorKeysEccSignatureInvalid, ImageVerdict.ManifestVendorKeysPqcSignatureInvalid);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        verdict = Check(
            engines, type, trust.FirmwareOwner.EccPublicKey.Span, trust.FirmwareOwner.PqcPublicKey.Span,
            manifest.Slice(SocManifestLayout.OwnerKeysOffset, SocManifestLayout.KeysSize),
            manifest[SocManifestLayout.OwnerKeysSignaturesOffset..],
            ImageVerdict.ManifestOwnerKeysEccSignatureInvalid, ImageVerdict.ManifestOwnerKeysPqcSignatureInvalid);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        var metadata = SocManifest.MetadataRegion(manifest);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(manifest[SocManifestLayout.FlagsOffset..]);
        if ((flags & SocManifestLayout.VendorSignatureRequired) != 0)
        {
            var vendorKeys = manifest.Slice(SocManifestLayout.VendorKeysOffset, SocManifestLayout.KeysSize);
            verdict = Check(
                engines, type, vendorKeys[..P384.PublicKeySize], vendorKeys[P384.PublicKeySize..], metadata,
                manifest[SocManifestLayout.VendorMetadataSignaturesOffset..],
                ImageVerdict.ManifestVendorMetadataEccSignatureInvalid, ImageVerdict.ManifestVendorMetadataPqcSignatureInvalid);
            if (verdict != ImageVerdict.Verified)
            {
                return verdict;
            }
        }

        var ownerKeys = manifest.Slice(SocManifestLayout.OwnerKeysOffset, SocManifestLayout.KeysSize);
        verdict = Check(
            engines, type, ownerKeys[..P384.PublicKeySize], ownerKeys[P384.PublicKeySize..], metadata,
            manifest[SocManifestLayout.OwnerMetadataSignaturesOffset..],
            ImageVerdict.ManifestOwnerMetadataEccSignatureInvalid, ImageVerdict.ManifestOwnerMetadataPqcSignatureInvalid);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        var svn = BinaryPrimitives.ReadUInt32LittleEndian(manifest[SocManifestLayout.SvnOffset..]);
        if (svn > MaxSvn)
        {
            return ImageVerdict.ManifestSvnOutOfRange;
        }

        if (!trust.AntiRollbackDisabled && svn < trust.MinimumSvn)
        {
            return ImageVerdict.ManifestSvnRollback;
        }

        return ImageVerdict.Verified;
    }

    /// <summary>
    /// AUTHORIZE_AND_STASH's digest check: the image's SHA-384 against the entry for
    /// <paramref name="fwId"/> (skipped when the entry sets "ignore auth check"). The manifest
    /// must already have passed <see cref="Verify"/>.
    /// </summary>
    public static ImageVerdict AuthorizeImage(IShaEngine sha, ReadOnlySpan<byte> manifest, uint fwId, ReadOnlySpan<byte> image)
    {
        ArgumentNullException.ThrowIfNull(sha);
        if (!SocManifest.TryFindEntry(manifest, fwId, out var entry))
        {
            return ImageVerdict.ManifestFwIdNotFound;
        }

        var flags = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
        if ((flags & 0x4) != 0)
        {
            return ImageVerdict.Verified;
        }

        Span<byte> digest = stackalloc byte[48];
        sha.Hash(ShaAlgorithm.Sha384, image, digest);
        return CryptographicOperations.FixedTimeEquals(digest, entry.Slice(ImageMetadataEntry.DigestOffset, 48))
            ? ImageVerdict.Verified
            : ImageVerdict.ManifestImageDigestMismatch;
    }

    private static ImageVerdict Check(
        ICryptoEngines engines,
        PqcKeyType type,
        ReadOnlySpan<byte> eccKey,
        ReadOnlySpan<byte> pqcKeyField,
        ReadOnlySpan<byte> data,
        ReadOnlySpan<byte> signatures,
        ImageVerdict eccFailure,
        ImageVerdict pqcFailure)
    {
        if (eccKey.Length != P384.PublicKeySize || pqcKeyField.Length < PqcFieldSizes.PublicKeyLength(type))
        {
            return eccFailure;
        }

        Span<byte> d384 = stackalloc byte[48];
        Span<byte> d512 = stackalloc byte[64];
        engines.Sha.Hash(ShaAlgorithm.Sha384, data, d384);
        if (!HybridSignature.VerifyEcc(engines.Ecc, eccKey, d384, signatures).IsValid())
        {
            return eccFailure;
        }

        if (type == PqcKeyType.MlDsa87)
        {
            engines.Sha.Hash(ShaAlgorithm.Sha512, data, d512);
        }

        return HybridSignature.VerifyPqc(engines, type, pqcKeyField, d384, d512, signatures[P384.SignatureSize..]).IsValid()
            ? ImageVerdict.Verified
            : pqcFailure;
    }
}
