using Rampart.Hal.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Images.Manifest;

/// <summary>
/// Signs an encoded SoC manifest in place (caliptra-sw auth-manifest): the firmware vendor
/// key over [version, end of vendor keys), the firmware owner key over the owner keys, and the
/// manifest's own vendor and owner keys over the image metadata (count and entries).
/// </summary>
public static class SocManifestSigner
{
    /// <summary>
    /// Writes the signatures. Returns false (writing nothing) when the manifest is malformed or
    /// the manifest keys given are not the keys the manifest carries.
    /// </summary>
    public static bool TrySign(
        IShaEngine sha,
        Span<byte> manifest,
        HybridSigningKeys firmwareVendor,
        HybridSigningKeys firmwareOwner,
        HybridSigningKeys manifestVendor,
        HybridSigningKeys manifestOwner)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(firmwareVendor);
        ArgumentNullException.ThrowIfNull(firmwareOwner);
        ArgumentNullException.ThrowIfNull(manifestVendor);
        ArgumentNullException.ThrowIfNull(manifestOwner);
        if (SocManifest.CheckStructure(manifest) != ImageVerdict.Verified
            || !Carries(manifest[SocManifestLayout.VendorKeysOffset..], manifestVendor)
            || !Carries(manifest[SocManifestLayout.OwnerKeysOffset..], manifestOwner))
        {
            return false;
        }

        SignInto(sha, firmwareVendor, manifest.Slice(SocManifestLayout.VersionOffset, SocManifestLayout.VendorSignedLength), manifest[SocManifestLayout.VendorKeysSignaturesOffset..]);
        SignInto(sha, firmwareOwner, manifest.Slice(SocManifestLayout.OwnerKeysOffset, SocManifestLayout.KeysSize), manifest[SocManifestLayout.OwnerKeysSignaturesOffset..]);
        var metadata = manifest[SocManifestLayout.EntryCountOffset..];
        SignInto(sha, manifestVendor, metadata, manifest[SocManifestLayout.VendorMetadataSignaturesOffset..]);
        SignInto(sha, manifestOwner, metadata, manifest[SocManifestLayout.OwnerMetadataSignaturesOffset..]);
        return true;
    }

    private static void SignInto(IShaEngine sha, HybridSigningKeys keys, ReadOnlySpan<byte> data, Span<byte> fields) =>
        HybridSignature.Sign(sha, keys, data, fields[..P384.SignatureSize], fields.Slice(P384.SignatureSize, PqcFieldSizes.SignatureField));

    private static bool Carries(ReadOnlySpan<byte> fields, HybridSigningKeys keys)
    {
        var pqc = fields.Slice(P384.PublicKeySize, PqcFieldSizes.PublicKeyField);
        var key = keys.Pqc.PublicKey.Span;
        return fields[..P384.PublicKeySize].SequenceEqual(keys.Ecc.PublicKey.Span)
            && pqc.StartsWith(key) && pqc[key.Length..].IndexOfAnyExcept((byte)0) < 0;
    }
}
