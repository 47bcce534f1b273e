using Rampart.Hal.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Images.Bundle;

/// <summary>One image of a bundle and where it runs.</summary>
/// <param name="Image">The image bytes.</param>
/// <param name="LoadAddress">Where it is copied.</param>
/// <param name="EntryPoint">Where it starts (inside the load range).</param>
/// <param name="Version">Release number.</param>
/// <param name="Revision">Up to 20 bytes (a commit hash); zero-padded.</param>
public sealed record BundleImageInput(ReadOnlyMemory<byte> Image, uint LoadAddress, uint EntryPoint, uint Version, ReadOnlyMemory<byte> Revision);

/// <summary>What a bundle is built from: the vendor key set listed in the descriptors, the active indices, the owner keys, header fields and the two images.</summary>
public sealed record FirmwareBundleDescription
{
    /// <summary>The PQC algorithm.</summary>
    public required PqcKeyType PqcKeyType { get; init; }

    /// <summary>Every vendor ECC public key the descriptor lists (1 to 4).</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> VendorEccPublicKeys { get; init; }

    /// <summary>Every vendor PQC public key the descriptor lists.</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> VendorPqcPublicKeys { get; init; }

    /// <summary>Index of the vendor ECC key that signs.</summary>
    public uint VendorEccKeyIndex { get; init; }

    /// <summary>Index of the vendor PQC key that signs.</summary>
    public uint VendorPqcKeyIndex { get; init; }

    /// <summary>The owner's public keys.</summary>
    public required HybridPublicKeys Owner { get; init; }

    /// <summary>The firmware SVN.</summary>
    public uint Svn { get; init; }

    /// <summary>The header revision.</summary>
    public ulong Revision { get; init; }

    /// <summary>Header flags.</summary>
    public uint Flags { get; init; }

    /// <summary>The PL0 PAUSER.</summary>
    public uint Pl0Pauser { get; init; }

    /// <summary>Vendor certificate validity start (ASN.1 GeneralizedTime, 15 bytes).</summary>
    public string VendorNotBefore { get; init; } = "20250101000000Z";

    /// <summary>Vendor certificate validity end.</summary>
    public string VendorNotAfter { get; init; } = "99991231235959Z";

    /// <summary>Owner validity start (empty: use the vendor's).</summary>
    public string OwnerNotBefore { get; init; } = string.Empty;

    /// <summary>Owner validity end.</summary>
    public string OwnerNotAfter { get; init; } = string.Empty;

    /// <summary>The FMC.</summary>
    public required BundleImageInput Fmc { get; init; }

    /// <summary>The runtime.</summary>
    public required BundleImageInput Runtime { get; init; }
}

/// <summary>Builds an unsigned bundle: descriptors, TOC and digests filled in, signature fields zero.</summary>
public static class FirmwareBundleBuilder
{
    /// <summary>Builds the bundle model; sign its encoding with <see cref="FirmwareBundleSigner"/>.</summary>
    public static FirmwareBundle Build(IShaEngine sha, FirmwareBundleDescription description)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(description);
        var type = description.PqcKeyType;
        if (description.VendorEccPublicKeys.Count is 0 or > BundleLayout.MaxVendorEccKeys
            || description.VendorPqcPublicKeys.Count == 0 || description.VendorPqcPublicKeys.Count > PqcFieldSizes.MaxVendorKeys(type))
        {
            throw new ArgumentException("The descriptor lists 1-4 ECC keys and 1-4 ML-DSA or 1-32 LMS keys.", nameof(description));
        }

        if (description.VendorEccKeyIndex >= description.VendorEccPublicKeys.Count || description.VendorPqcKeyIndex >= description.VendorPqcPublicKeys.Count)
        {
            throw new ArgumentException("An active key index is beyond the listed keys.", nameof(description));
        }

        if (description.Owner.PqcType != type)
        {
            throw new ArgumentException("The owner's PQC key type must match the vendor's.", nameof(description));
        }

        var eccHashes = description.VendorEccPublicKeys.Select(k => (ReadOnlyMemory<byte>)Hash(sha, CheckLength(k, P384.PublicKeySize))).ToArray();
        var pqcHashes = description.VendorPqcPublicKeys.Select(k => (ReadOnlyMemory<byte>)Hash(sha, CheckLength(k, PqcFieldSizes.PublicKeyLength(type)))).ToArray();
        var fmcEntry = Entry(sha, ImageTocEntryId.Fmc, description.Fmc, BundleLayout.ManifestSize);
        var runtimeEntry = Entry(sha, ImageTocEntryId.Runtime, description.Runtime, BundleLayout.ManifestSize + (uint)description.Fmc.Image.Length);
        var toc = new byte[BundleLayout.TocSize];
        fmcEntry.Write(toc);
        runtimeEntry.Write(toc.AsSpan(ImageTocEntry.EncodedSize));
        var header = new ImageHeader(
            description.Revision,
            description.VendorEccKeyIndex,
            description.VendorPqcKeyIndex,
            description.Flags,
            BundleLayout.TocEntryCount,
            description.Pl0Pauser,
            Hash(sha, toc),
            description.Svn,
            Ascii(description.VendorNotBefore),
            Ascii(description.VendorNotAfter),
            Ascii(description.OwnerNotBefore),
            Ascii(description.OwnerNotAfter));
        return new FirmwareBundle
        {
            PqcKeyType = type,
            VendorEccKeyHashes = eccHashes,
            VendorPqcKeyHashes = pqcHashes,
            VendorEccKeyIndex = description.VendorEccKeyIndex,
            VendorEccPublicKey = description.VendorEccPublicKeys[(int)description.VendorEccKeyIndex],
            VendorPqcKeyIndex = description.VendorPqcKeyIndex,
            VendorPqcPublicKey = description.VendorPqcPublicKeys[(int)description.VendorPqcKeyIndex],
            VendorEccSignature = new byte[P384.SignatureSize],
            VendorPqcSignature = new byte[PqcFieldSizes.SignatureField],
            OwnerEccPublicKey = CheckLength(description.Owner.EccPublicKey, P384.PublicKeySize),
            OwnerPqcPublicKey = CheckLength(description.Owner.PqcPublicKey, PqcFieldSizes.PublicKeyLength(type)),
            OwnerEccSignature = new byte[P384.SignatureSize],
            OwnerPqcSignature = new byte[PqcFieldSizes.SignatureField],
            Header = header,
            Fmc = fmcEntry,
            Runtime = runtimeEntry,
            FmcImage = description.Fmc.Image,
            RuntimeImage = description.Runtime.Image,
        };
    }

    /// <summary>
    /// The vendor PK hash fuse value for a vendor key set: SHA-384 of the two key descriptors
    /// the builder writes for these keys (so it can be provisioned before any bundle exists).
    /// </summary>
    public static byte[] ComputeVendorPublicKeyHash(IShaEngine sha, PqcKeyType type, IReadOnlyList<ReadOnlyMemory<byte>> eccKeys, IReadOnlyList<ReadOnlyMemory<byte>> pqcKeys)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(eccKeys);
        ArgumentNullException.ThrowIfNull(pqcKeys);
        var placeholder = new BundleImageInput(new byte[1], 0, 0, 0, ReadOnlyMemory<byte>.Empty);
        var bundle = Build(sha, new FirmwareBundleDescription
        {
            PqcKeyType = type,
            VendorEccPublicKeys = eccKeys,
            VendorPqcPublicKeys = pqcKeys,
            Owner = new HybridPublicKeys(new byte[P384.PublicKeySize], type, new byte[PqcFieldSizes.PublicKeyLength(type)]),
            Fmc = placeholder,
            Runtime = placeholder with { LoadAddress = 0x100 },
        }).ToArray();
        var hash = new byte[BundleLayout.DigestSize];
        FirmwareBundleVerifier.TryComputeVendorPublicKeyHash(sha, bundle, hash);
        return hash;
    }

    /// <summary>The owner PK hash fuse value: SHA-384 of the ECC key and the 2592-byte PQC key field.</summary>
    public static byte[] ComputeOwnerPublicKeyHash(IShaEngine sha, HybridPublicKeys owner)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(owner);
        var region = new byte[BundleLayout.OwnerKeysLength];
        owner.EccPublicKey.Span.CopyTo(region);
        owner.PqcPublicKey.Span.CopyTo(region.AsSpan(P384.PublicKeySize));
        var hash = new byte[BundleLayout.DigestSize];
        sha.Hash(ShaAlgorithm.Sha384, region, hash);
        return hash;
    }

    private static ImageTocEntry Entry(IShaEngine sha, ImageTocEntryId id, BundleImageInput input, uint offset)
    {
        if (input.Image.Length == 0)
        {
            throw new ArgumentException("An image is not empty.", nameof(input));
        }

        if (input.Revision.Length > ImageTocEntry.RevisionSize)
        {
            throw new ArgumentException("A revision is at most 20 bytes.", nameof(input));
        }

        var revision = new byte[ImageTocEntry.RevisionSize];
        input.Revision.Span.CopyTo(revision);
        return new ImageTocEntry(
            (uint)id, ImageTocEntry.ExecutableType, revision, input.Version, input.LoadAddress, input.EntryPoint,
            offset, (uint)input.Image.Length, Hash(sha, input.Image.Span));
    }

    private static ReadOnlyMemory<byte> CheckLength(ReadOnlyMemory<byte> key, int length) =>
        key.Length == length ? key : throw new ArgumentException($"Expected a {length}-byte public key, got {key.Length}.", nameof(key));

    private static byte[] Hash(IShaEngine sha, ReadOnlyMemory<byte> data) => Hash(sha, data.Span);

    private static byte[] Hash(IShaEngine sha, ReadOnlySpan<byte> data)
    {
        var digest = new byte[BundleLayout.DigestSize];
        sha.Hash(ShaAlgorithm.Sha384, data, digest);
        return digest;
    }

    private static byte[] Ascii(string text)
    {
        if (text.Length > ImageHeader.TimeSize || text.Any(c => c > 0x7F))
        {
            throw new ArgumentException("A validity time is at most 15 ASCII characters.", nameof(text));
        }

        return System.Text.Encoding.ASCII.GetBytes(text);
    }
}
