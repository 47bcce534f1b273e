using Rampart.Hal.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Images.Bundle;

/// <summary>Why a bundle could not be signed.</summary>
public enum BundleSigningStatus
{
    /// <summary>Both signature pairs were written.</summary>
    Signed = 1,

    /// <summary>The bytes are not a well-formed bundle.</summary>
    Malformed = 2,

    /// <summary>The vendor keys given are not the bundle's active vendor keys.</summary>
    VendorKeyMismatch = 3,

    /// <summary>The owner keys given are not the bundle's owner keys.</summary>
    OwnerKeyMismatch = 4,
}

/// <summary>
/// Signs an encoded bundle in place: the vendor pair over header bytes [0, 120), the owner
/// pair over the whole header (ECC and LMS over SHA-384, ML-DSA-87 over SHA-512).
/// </summary>
public static class FirmwareBundleSigner
{
    /// <summary>Writes the four signatures into <paramref name="bundle"/>; nothing is written unless the keys match the bundle.</summary>
    public static BundleSigningStatus Sign(IShaEngine sha, Span<byte> bundle, HybridSigningKeys vendor, HybridSigningKeys owner)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(vendor);
        ArgumentNullException.ThrowIfNull(owner);
        if (FirmwareBundle.TryRead(bundle, out var parsed) != Rampart.Wire.WireStatus.Done)
        {
            return BundleSigningStatus.Malformed;
        }

        if (vendor.Pqc.KeyType != parsed!.PqcKeyType
            || !vendor.Ecc.PublicKey.Span.SequenceEqual(parsed.VendorEccPublicKey.Span)
            || !Prefix(parsed.VendorPqcPublicKey.Span, vendor.Pqc.PublicKey.Span))
        {
            return BundleSigningStatus.VendorKeyMismatch;
        }

        if (owner.Pqc.KeyType != parsed.PqcKeyType
            || !owner.Ecc.PublicKey.Span.SequenceEqual(parsed.OwnerEccPublicKey.Span)
            || !Prefix(parsed.OwnerPqcPublicKey.Span, owner.Pqc.PublicKey.Span))
        {
            return BundleSigningStatus.OwnerKeyMismatch;
        }

        var header = bundle.Slice(BundleLayout.HeaderOffset, BundleLayout.HeaderSize);
        HybridSignature.Sign(
            sha, vendor, header[..BundleLayout.VendorSignedHeaderLength],
            bundle.Slice(BundleLayout.VendorEccSignatureOffset, P384.SignatureSize),
            bundle.Slice(BundleLayout.VendorPqcSignatureOffset, PqcFieldSizes.SignatureField));
        HybridSignature.Sign(
            sha, owner, header,
            bundle.Slice(BundleLayout.OwnerEccSignatureOffset, P384.SignatureSize),
            bundle.Slice(BundleLayout.OwnerPqcSignatureOffset, PqcFieldSizes.SignatureField));
        return BundleSigningStatus.Signed;
    }

    private static bool Prefix(ReadOnlySpan<byte> field, ReadOnlySpan<byte> key) =>
        field.StartsWith(key) && field[key.Length..].IndexOfAnyExcept((byte)0) < 0;
}
