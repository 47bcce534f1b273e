using System.Buffers.Binary;
using Rampart.Images.Signing;
using Rampart.Wire;

namespace Rampart.Images.Manifest;

/// <summary>
/// The SoC authorization manifest ("ATM2") decoded for inspection and re-encoding (layout in
/// <see cref="SocManifestLayout"/>). Decoding checks structure only; signatures and SVN are
/// <see cref="SocManifestVerifier"/>'s job. Lookups by fw_id work on the encoded bytes.
/// </summary>
public sealed record SocManifest
{
    /// <summary>The manifest version.</summary>
    public uint Version { get; init; } = 1;

    /// <summary>The manifest SVN.</summary>
    public uint Svn { get; init; }

    /// <summary>Flags (bit 0: vendor signature required).</summary>
    public uint Flags { get; init; } = SocManifestLayout.VendorSignatureRequired;

    /// <summary>The manifest's vendor keys (ECC 96 bytes, PQC field 2592 bytes).</summary>
    public required HybridKeyFields VendorKeys { get; init; }

    /// <summary>Signatures by the firmware vendor key over version..vendor keys.</summary>
    public required HybridSignatureFields VendorKeysSignatures { get; init; }

    /// <summary>The manifest's owner keys.</summary>
    public required HybridKeyFields OwnerKeys { get; init; }

    /// <summary>Signatures by the firmware owner key over the owner keys.</summary>
    public required HybridSignatureFields OwnerKeysSignatures { get; init; }

    /// <summary>Signatures by the manifest vendor keys over the image metadata.</summary>
    public required HybridSignatureFields VendorMetadataSignatures { get; init; }

    /// <summary>Signatures by the manifest owner keys over the image metadata.</summary>
    public required HybridSignatureFields OwnerMetadataSignatures { get; init; }

    /// <summary>The image metadata entries.</summary>
    public required IReadOnlyList<ImageMetadataEntry> Entries { get; init; }

    /// <summary>Size of the encoding.</summary>
    public int EncodedSize => SocManifestLayout.SizeWith(Entries.Count);

    /// <summary>
    /// Checks the structure: <see cref="ImageVerdict.Verified"/> or the named reason
    /// (truncated, marker, size, too many entries, trailing bytes, duplicate fw_id).
    /// </summary>
    public static ImageVerdict CheckStructure(ReadOnlySpan<byte> source)
    {
        if (source.Length < SocManifestLayout.EntriesOffset)
        {
            return ImageVerdict.ManifestTruncated;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[SocManifestLayout.MarkerOffset..]) != SocManifestLayout.Marker)
        {
            return ImageVerdict.ManifestBadMarker;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[SocManifestLayout.SizeOffset..]) != SocManifestLayout.PreambleSize)
        {
            return ImageVerdict.ManifestBadPreambleSize;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(source[SocManifestLayout.EntryCountOffset..]);
        if (count > SocManifestLayout.MaxEntries)
        {
            return ImageVerdict.ManifestTooManyEntries;
        }

        var size = SocManifestLayout.SizeWith((int)count);
        if (source.Length < size)
        {
            return ImageVerdict.ManifestTruncated;
        }

        if (source.Length > size)
        {
            return ImageVerdict.ManifestTrailingBytes;
        }

        for (var i = 0; i < count; i++)
        {
            var id = ImageMetadataEntry.ReadFwId(EntryAt(source, i));
            for (var j = 0; j < i; j++)
            {
                if (ImageMetadataEntry.ReadFwId(EntryAt(source, j)) == id)
                {
                    return ImageVerdict.ManifestDuplicateFwId;
                }
            }
        }

        return ImageVerdict.Verified;
    }

    /// <summary>Decodes a manifest; <see cref="WireStatus.NeedMoreData"/> when short, <see cref="WireStatus.Invalid"/> on any other structural fault.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out SocManifest? manifest)
    {
        manifest = null;
        var structure = CheckStructure(source);
        if (structure != ImageVerdict.Verified)
        {
            return structure == ImageVerdict.ManifestTruncated ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(source[SocManifestLayout.EntryCountOffset..]);
        var entries = new ImageMetadataEntry[count];
        for (var i = 0; i < count; i++)
        {
            ImageMetadataEntry.TryRead(EntryAt(source, i), out var entry);
            entries[i] = entry!;
        }

        manifest = new SocManifest
        {
            Version = BinaryPrimitives.ReadUInt32LittleEndian(source[SocManifestLayout.VersionOffset..]),
            Svn = BinaryPrimitives.ReadUInt32LittleEndian(source[SocManifestLayout.SvnOffset..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(source[SocManifestLayout.FlagsOffset..]),
            VendorKeys = HybridKeyFields.Read(source[SocManifestLayout.VendorKeysOffset..]),
            VendorKeysSignatures = HybridSignatureFields.Read(source[SocManifestLayout.VendorKeysSignaturesOffset..]),
            OwnerKeys = HybridKeyFields.Read(source[SocManifestLayout.OwnerKeysOffset..]),
            OwnerKeysSignatures = HybridSignatureFields.Read(source[SocManifestLayout.OwnerKeysSignaturesOffset..]),
            VendorMetadataSignatures = HybridSignatureFields.Read(source[SocManifestLayout.VendorMetadataSignaturesOffset..]),
            OwnerMetadataSignatures = HybridSignatureFields.Read(source[SocManifestLayout.OwnerMetadataSignaturesOffset..]),
            Entries = entries,
        };
        return WireStatus.Done;
    }

    /// <summary>Encodes the manifest.</summary>
    public byte[] ToArray()
    {
        if (Entries.Count > SocManifestLayout.MaxEntries)
        {
            throw new InvalidOperationException("A manifest holds at most 80 entries.");
        }

        if (Entries.Select(e => e.FwId).Distinct().Count() != Entries.Count)
        {
            throw new InvalidOperationException("Each fw_id appears once.");
        }

        var bytes = new byte[EncodedSize];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[SocManifestLayout.MarkerOffset..], SocManifestLayout.Marker);
        BinaryPrimitives.WriteUInt32LittleEndian(span[SocManifestLayout.SizeOffset..], SocManifestLayout.PreambleSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[SocManifestLayout.VersionOffset..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(span[SocManifestLayout.SvnOffset..], Svn);
        BinaryPrimitives.WriteUInt32LittleEndian(span[SocManifestLayout.FlagsOffset..], Flags);
        VendorKeys.Write(span[SocManifestLayout.VendorKeysOffset..]);
        VendorKeysSignatures.Write(span[SocManifestLayout.VendorKeysSignaturesOffset..]);
        OwnerKeys.Write(span[SocManifestLayout.OwnerKeysOffset..]);
        OwnerKeysSignatures.Write(span[SocManifestLayout.OwnerKeysSignaturesOffset..]);
        VendorMetadataSignatures.Write(span[SocManifestLayout.VendorMetadataSignaturesOffset..]);
        OwnerMetadataSignatures.Write(span[SocManifestLayout.OwnerMetadataSignaturesOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[SocManifestLayout.EntryCountOffset..], (uint)Entries.Count);
        for (var i = 0; i < Entries.Count; i++)
        {
            Entries[i].Write(span.Slice(SocManifestLayout.EntriesOffset + (i * ImageMetadataEntry.EncodedSize)));
        }

        return bytes;
    }

    /// <summary>
    /// Finds the entry for <paramref name="fwId"/> in a structurally valid encoded manifest,
    /// without allocating. False when the manifest is malformed or has no such entry.
    /// </summary>
    public static bool TryFindEntry(ReadOnlySpan<byte> manifest, uint fwId, out ReadOnlySpan<byte> entry)
    {
        entry = default;
        if (CheckStructure(manifest) != ImageVerdict.Verified)
        {
            return false;
        }

        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(manifest[SocManifestLayout.EntryCountOffset..]);
        for (var i = 0; i < count; i++)
        {
            var candidate = EntryAt(manifest, i);
            if (ImageMetadataEntry.ReadFwId(candidate) == fwId)
            {
                entry = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>The signed image metadata region: the count and the entries.</summary>
    public static ReadOnlySpan<byte> MetadataRegion(ReadOnlySpan<byte> manifest) => manifest[SocManifestLayout.EntryCountOffset..];

    private static ReadOnlySpan<byte> EntryAt(ReadOnlySpan<byte> source, int index) =>
        source.Slice(SocManifestLayout.EntriesOffset + (index * ImageMetadataEntry.EncodedSize), ImageMetadataEntry.EncodedSize);
}

/// <summary>An ECC + PQC public key pair as stored in a manifest (96 + 2592 bytes).</summary>
/// <param name="Ecc">96 bytes.</param>
/// <param name="Pqc">The PQC key, at most 2592 bytes (zero-padded on write).</param>
public sealed record HybridKeyFields(ReadOnlyMemory<byte> Ecc, ReadOnlyMemory<byte> Pqc)
{
    /// <summary>From public keys.</summary>
    public static HybridKeyFields Of(HybridPublicKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new HybridKeyFields(keys.EccPublicKey, keys.PqcPublicKey);
    }

    internal static HybridKeyFields Read(ReadOnlySpan<byte> source) =>
        new(source[..96].ToArray(), source.Slice(96, PqcFieldSizes.PublicKeyField).ToArray());

    internal void Write(Span<byte> destination)
    {
        if (Ecc.Length != 96 || Pqc.Length > PqcFieldSizes.PublicKeyField)
        {
            throw new InvalidOperationException("Keys are 96 bytes ECC and at most 2592 bytes PQC.");
        }

        Ecc.Span.CopyTo(destination);
        Pqc.Span.CopyTo(destination[96..]);
    }
}

/// <summary>An ECC + PQC signature pair as stored in a manifest (96 + 4628 bytes).</summary>
/// <param name="Ecc">96 bytes.</param>
/// <param name="Pqc">At most 4628 bytes.</param>
public sealed record HybridSignatureFields(ReadOnlyMemory<byte> Ecc, ReadOnlyMemory<byte> Pqc)
{
    /// <summary>All-zero (unsigned) fields.</summary>
    public static HybridSignatureFields Empty { get; } = new(new byte[96], new byte[PqcFieldSizes.SignatureField]);

    internal static HybridSignatureFields Read(ReadOnlySpan<byte> source) =>
        new(source[..96].ToArray(), source.Slice(96, PqcFieldSizes.SignatureField).ToArray());

    internal void Write(Span<byte> destination)
    {
        if (Ecc.Length != 96 || Pqc.Length > PqcFieldSizes.SignatureField)
        {
            throw new InvalidOperationException("Signatures are 96 bytes ECC and at most 4628 bytes PQC.");
        }

        Ecc.Span.CopyTo(destination);
        Pqc.Span.CopyTo(destination[96..]);
    }
}
