using System.Buffers.Binary;
using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Images.Bundle;

/// <summary>
/// The ROM's checks of a Caliptra firmware bundle over the caller's bytes (no copies):
/// manifest marker and size; PQC type vs fuse; key descriptors; vendor PK hash vs fuse; active
/// key indices in range, not revoked, and matching their descriptor hashes; owner PK hash vs
/// fuse; TOC digest against the header; TOC entries and image bounds; image digests; vendor
/// and owner ECC and PQC signatures over the header; header indices and TOC count; SVN against
/// the fused minimum unless anti-rollback is disabled. Nothing is accepted until every check
/// has passed; the cheap digest checks run before the signature checks so tampered bytes are
/// turned away without public-key work (docs/decisions/0190). The first failure is the
/// verdict; success is the hardened <see cref="ImageVerdict.Verified"/>.
/// </summary>
public static class FirmwareBundleVerifier
{
    /// <summary>Verifies <paramref name="bundle"/> against <paramref name="fuses"/> for Rampart's core (<see cref="BundleMemoryMap.Rampart"/>).</summary>
    public static ImageVerdict Verify(ICryptoEngines engines, ReadOnlySpan<byte> bundle, ImageVerificationFuses fuses) =>
        Verify(engines, bundle, fuses, BundleMemoryMap.Rampart);

    /// <summary>Verifies <paramref name="bundle"/> against <paramref name="fuses"/>, with load ranges and entry points checked against <paramref name="memory"/>.</summary>
    public static ImageVerdict Verify(ICryptoEngines engines, ReadOnlySpan<byte> bundle, ImageVerificationFuses fuses, BundleMemoryMap memory)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(fuses);
        ArgumentNullException.ThrowIfNull(memory);
        var verdict = VerifyManifestKeys(engines, bundle, fuses, out var pqcType);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        verdict = VerifyToc(engines.Sha, bundle, memory);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        verdict = VerifySignatures(engines, bundle, pqcType);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        var svn = U32(bundle, BundleLayout.HeaderOffset + ImageHeader.SvnOffset);
        if (svn > ImageVerificationFuses.MaxSvn)
        {
            return ImageVerdict.BundleSvnOutOfRange;
        }

        if (!fuses.AntiRollbackDisabled && svn < fuses.MinimumSvn)
        {
            return ImageVerdict.BundleSvnRollback;
        }

        return ImageVerdict.Verified;
    }

    /// <summary>SHA-384 of the vendor key descriptors: the value of the vendor PK hash fuse. False when too short.</summary>
    public static bool TryComputeVendorPublicKeyHash(IShaEngine sha, ReadOnlySpan<byte> bundle, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(sha);
        if (bundle.Length < BundleLayout.ManifestSize)
        {
            return false;
        }

        sha.Hash(ShaAlgorithm.Sha384, bundle.Slice(BundleLayout.PreambleOffset, BundleLayout.VendorKeyInfoLength), hash);
        return true;
    }

    /// <summary>SHA-384 of the owner keys: the value of the owner PK hash fuse. False when too short.</summary>
    public static bool TryComputeOwnerPublicKeyHash(IShaEngine sha, ReadOnlySpan<byte> bundle, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(sha);
        if (bundle.Length < BundleLayout.ManifestSize)
        {
            return false;
        }

        sha.Hash(ShaAlgorithm.Sha384, bundle.Slice(BundleLayout.OwnerEccKeyOffset, BundleLayout.OwnerKeysLength), hash);
        return true;
    }

    private static ImageVerdict VerifyManifestKeys(ICryptoEngines engines, ReadOnlySpan<byte> bundle, ImageVerificationFuses fuses, out PqcKeyType pqcType)
    {
        pqcType = default;
        if (bundle.Length < BundleLayout.ManifestSize)
        {
            return ImageVerdict.BundleTruncated;
        }

        if (U32(bundle, BundleLayout.MarkerOffset) != BundleLayout.Marker)
        {
            return ImageVerdict.BundleBadMarker;
        }

        if (U32(bundle, BundleLayout.SizeOffset) != BundleLayout.ManifestSize)
        {
            return ImageVerdict.BundleBadManifestSize;
        }

        var typeByte = bundle[BundleLayout.PqcKeyTypeOffset];
        if (!PqcFieldSizes.IsDefined(typeByte))
        {
            return ImageVerdict.BundleUnsupportedPqcKeyType;
        }

        pqcType = (PqcKeyType)typeByte;
        if (pqcType != fuses.PqcKeyType)
        {
            return ImageVerdict.BundlePqcKeyTypeMismatch;
        }

        int eccCount = bundle[BundleLayout.EccDescriptorOffset + 3];
        int pqcCount = bundle[BundleLayout.PqcDescriptorOffset + 3];
        if (U16(bundle, BundleLayout.EccDescriptorOffset) != BundleLayout.KeyDescriptorVersion
            || U16(bundle, BundleLayout.PqcDescriptorOffset) != BundleLayout.KeyDescriptorVersion
            || bundle[BundleLayout.PqcDescriptorOffset + 2] != typeByte
            || eccCount is 0 or > BundleLayout.MaxVendorEccKeys
            || pqcCount == 0 || pqcCount > PqcFieldSizes.MaxVendorKeys(pqcType))
        {
            return ImageVerdict.BundleKeyDescriptorInvalid;
        }

        Span<byte> digest = stackalloc byte[BundleLayout.DigestSize];
        var sha = engines.Sha;
        sha.Hash(ShaAlgorithm.Sha384, bundle.Slice(BundleLayout.PreambleOffset, BundleLayout.VendorKeyInfoLength), digest);
        if (!HashEquals(digest, fuses.VendorPublicKeyHash.Span))
        {
            return ImageVerdict.BundleVendorPublicKeyHashMismatch;
        }

        var eccIndex = U32(bundle, BundleLayout.VendorEccIndexOffset);
        if (eccIndex >= eccCount)
        {
            return ImageVerdict.BundleVendorEccKeyIndexOutOfRange;
        }

        // As Caliptra's ROM: the last key the descriptor lists is never revoked, so no fuse value can revoke every key.
        if (eccIndex != eccCount - 1 && ((fuses.EccRevocation >> (int)eccIndex) & 1) != 0)
        {
            return ImageVerdict.BundleVendorEccKeyRevoked;
        }

        sha.Hash(ShaAlgorithm.Sha384, bundle.Slice(BundleLayout.VendorEccKeyOffset, P384.PublicKeySize), digest);
        if (!HashEquals(digest, bundle.Slice(BundleLayout.EccDescriptorHashesOffset + ((int)eccIndex * BundleLayout.DigestSize), BundleLayout.DigestSize)))
        {
            return ImageVerdict.BundleVendorEccKeyHashMismatch;
        }

        var pqcIndex = U32(bundle, BundleLayout.VendorPqcIndexOffset);
        if (pqcIndex >= pqcCount)
        {
            return ImageVerdict.BundleVendorPqcKeyIndexOutOfRange;
        }

        if (pqcIndex != pqcCount - 1 && ((fuses.PqcRevocation >> (int)pqcIndex) & 1) != 0)
        {
            return ImageVerdict.BundleVendorPqcKeyRevoked;
        }

        var pqcKeyLength = PqcFieldSizes.PublicKeyLength(pqcType);
        sha.Hash(ShaAlgorithm.Sha384, bundle.Slice(BundleLayout.VendorPqcKeyOffset, pqcKeyLength), digest);
        if (!HashEquals(digest, bundle.Slice(BundleLayout.PqcDescriptorHashesOffset + ((int)pqcIndex * BundleLayout.DigestSize), BundleLayout.DigestSize))
            || bundle.Slice(BundleLayout.VendorPqcKeyOffset + pqcKeyLength, PqcFieldSizes.PublicKeyField - pqcKeyLength).IndexOfAnyExcept((byte)0) >= 0)
        {
            return ImageVerdict.BundleVendorPqcKeyHashMismatch;
        }

        if (fuses.OwnerHashProvisioned)
        {
            sha.Hash(ShaAlgorithm.Sha384, bundle.Slice(BundleLayout.OwnerEccKeyOffset, BundleLayout.OwnerKeysLength), digest);
            if (!HashEquals(digest, fuses.OwnerPublicKeyHash.Span))
            {
                return ImageVerdict.BundleOwnerPublicKeyHashMismatch;
            }
        }

        return ImageVerdict.Verified;
    }

    private static ImageVerdict VerifySignatures(ICryptoEngines engines, ReadOnlySpan<byte> bundle, PqcKeyType pqcType)
    {
        var header = bundle.Slice(BundleLayout.HeaderOffset, BundleLayout.HeaderSize);
        Span<byte> d384 = stackalloc byte[48];
        Span<byte> d512 = stackalloc byte[64];
        var vendorSigned = header[..BundleLayout.VendorSignedHeaderLength];
        engines.Sha.Hash(ShaAlgorithm.Sha384, vendorSigned, d384);
        if (!HybridSignature.VerifyEcc(engines.Ecc, bundle[BundleLayout.VendorEccKeyOffset..], d384, bundle[BundleLayout.VendorEccSignatureOffset..]).IsValid())
        {
            return ImageVerdict.BundleVendorEccSignatureInvalid;
        }

        if (pqcType == PqcKeyType.MlDsa87)
        {
            engines.Sha.Hash(ShaAlgorithm.Sha512, vendorSigned, d512);
        }

        if (!HybridSignature.VerifyPqc(engines, pqcType, bundle[BundleLayout.VendorPqcKeyOffset..], d384, d512, bundle[BundleLayout.VendorPqcSignatureOffset..]).IsValid())
        {
            return ImageVerdict.BundleVendorPqcSignatureInvalid;
        }

        engines.Sha.Hash(ShaAlgorithm.Sha384, header, d384);
        if (!HybridSignature.VerifyEcc(engines.Ecc, bundle[BundleLayout.OwnerEccKeyOffset..], d384, bundle[BundleLayout.OwnerEccSignatureOffset..]).IsValid())
        {
            return ImageVerdict.BundleOwnerEccSignatureInvalid;
        }

        if (pqcType == PqcKeyType.MlDsa87)
        {
            engines.Sha.Hash(ShaAlgorithm.Sha512, header, d512);
        }

        if (!HybridSignature.VerifyPqc(engines, pqcType, bundle[BundleLayout.OwnerPqcKeyOffset..], d384, d512, bundle[BundleLayout.OwnerPqcSignatureOffset..]).IsValid())
        {
            return ImageVerdict.BundleOwnerPqcSignatureInvalid;
        }

        if (U32(header, ImageHeader.VendorEccKeyIndexOffset) != U32(bundle, BundleLayout.VendorEccIndexOffset)
            || U32(header, ImageHeader.VendorPqcKeyIndexOffset) != U32(bundle, BundleLayout.VendorPqcIndexOffset))
        {
            return ImageVerdict.BundleVendorKeyIndexMismatch;
        }

        if (U32(header, ImageHeader.TocEntryCountOffset) != BundleLayout.TocEntryCount)
        {
            return ImageVerdict.BundleTocEntryCountInvalid;
        }

        return ImageVerdict.Verified;
    }

    private static ImageVerdict VerifyToc(IShaEngine sha, ReadOnlySpan<byte> bundle, BundleMemoryMap memory)
    {
        Span<byte> digest = stackalloc byte[BundleLayout.DigestSize];
        sha.Hash(ShaAlgorithm.Sha384, bundle.Slice(BundleLayout.TocOffset, BundleLayout.TocSize), digest);
        if (!HashEquals(digest, bundle.Slice(BundleLayout.HeaderOffset + ImageHeader.TocDigestOffset, BundleLayout.DigestSize)))
        {
            return ImageVerdict.BundleTocDigestMismatch;
        }

        var fmc = bundle.Slice(BundleLayout.TocOffset, ImageTocEntry.EncodedSize);
        var runtime = bundle.Slice(BundleLayout.TocOffset + ImageTocEntry.EncodedSize, ImageTocEntry.EncodedSize);
        if (U32(fmc, ImageTocEntry.Fields.Id) != (uint)ImageTocEntryId.Fmc || U32(runtime, ImageTocEntry.Fields.Id) != (uint)ImageTocEntryId.Runtime
            || U32(fmc, ImageTocEntry.Fields.Type) != ImageTocEntry.ExecutableType || U32(runtime, ImageTocEntry.Fields.Type) != ImageTocEntry.ExecutableType
            || U32(fmc, ImageTocEntry.Fields.Size) == 0 || U32(runtime, ImageTocEntry.Fields.Size) == 0)
        {
            return ImageVerdict.BundleTocEntryInvalid;
        }

        var fmcStart = (long)U32(fmc, ImageTocEntry.Fields.Offset);
        var fmcEnd = fmcStart + U32(fmc, ImageTocEntry.Fields.Size);
        var rtStart = (long)U32(runtime, ImageTocEntry.Fields.Offset);
        var rtEnd = rtStart + U32(runtime, ImageTocEntry.Fields.Size);
        if (fmcStart < BundleLayout.ManifestSize || rtStart < BundleLayout.ManifestSize || fmcEnd > bundle.Length || rtEnd > bundle.Length)
        {
            return ImageVerdict.BundleImageOutOfBounds;
        }

        if (fmcStart < rtEnd && rtStart < fmcEnd)
        {
            return ImageVerdict.BundleImagesOverlap;
        }

        var fmcLoad = (long)U32(fmc, ImageTocEntry.Fields.LoadAddress);
        var rtLoad = (long)U32(runtime, ImageTocEntry.Fields.LoadAddress);
        if (fmcLoad < rtLoad + (rtEnd - rtStart) && rtLoad < fmcLoad + (fmcEnd - fmcStart))
        {
            return ImageVerdict.BundleImagesOverlap;
        }

        var verdict = CheckPlacement(fmc, memory, ImageVerdict.BundleFmcLoadAddressInvalid, ImageVerdict.BundleFmcLoadAddressUnaligned, ImageVerdict.BundleFmcEntryPointInvalid, ImageVerdict.BundleFmcEntryPointUnaligned);
        if (verdict == ImageVerdict.Verified)
        {
            verdict = CheckPlacement(runtime, memory, ImageVerdict.BundleRuntimeLoadAddressInvalid, ImageVerdict.BundleRuntimeLoadAddressUnaligned, ImageVerdict.BundleRuntimeEntryPointInvalid, ImageVerdict.BundleRuntimeEntryPointUnaligned);
        }

        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        if (!EntryInside(fmc) || !EntryInside(runtime))
        {
            return ImageVerdict.BundleEntryPointInvalid;
        }

        if (Math.Max(fmcEnd, rtEnd) != bundle.Length)
        {
            return ImageVerdict.BundleTrailingBytes;
        }

        sha.Hash(ShaAlgorithm.Sha384, bundle[(int)fmcStart..(int)fmcEnd], digest);
        if (!HashEquals(digest, fmc.Slice(ImageTocEntry.Fields.Digest, BundleLayout.DigestSize)))
        {
            return ImageVerdict.BundleFmcDigestMismatch;
        }

        sha.Hash(ShaAlgorithm.Sha384, bundle[(int)rtStart..(int)rtEnd], digest);
        if (!HashEquals(digest, runtime.Slice(ImageTocEntry.Fields.Digest, BundleLayout.DigestSize)))
        {
            return ImageVerdict.BundleRuntimeDigestMismatch;
        }

        return ImageVerdict.Verified;
    }

    private static ImageVerdict CheckPlacement(ReadOnlySpan<byte> entry, BundleMemoryMap memory, ImageVerdict loadInvalid, ImageVerdict loadUnaligned, ImageVerdict entryInvalid, ImageVerdict entryUnaligned)
    {
        var load = U32(entry, ImageTocEntry.Fields.LoadAddress);
        var entryPoint = U32(entry, ImageTocEntry.Fields.EntryPoint);
        if (!memory.IccmContains(load, U32(entry, ImageTocEntry.Fields.Size)))
        {
            return loadInvalid;
        }

        if (load % BundleMemoryMap.Alignment != 0)
        {
            return loadUnaligned;
        }

        if (!memory.IccmContains(entryPoint, 1))
        {
            return entryInvalid;
        }

        return entryPoint % BundleMemoryMap.Alignment != 0 ? entryUnaligned : ImageVerdict.Verified;
    }

    private static bool EntryInside(ReadOnlySpan<byte> entry)
    {
        var load = (long)U32(entry, ImageTocEntry.Fields.LoadAddress);
        var entryPoint = (long)U32(entry, ImageTocEntry.Fields.EntryPoint);
        return entryPoint >= load && entryPoint < load + U32(entry, ImageTocEntry.Fields.Size);
    }

    private static bool HashEquals(ReadOnlySpan<byte> computed, ReadOnlySpan<byte> expected) =>
        expected.Length == computed.Length && CryptographicOperations.FixedTimeEquals(computed, expected);

    private static uint U32(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);

    private static ushort U16(ReadOnlySpan<byte> bytes, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]);
}
