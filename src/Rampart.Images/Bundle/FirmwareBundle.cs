using System.Buffers.Binary;
using Rampart.Images.Signing;
using Rampart.Wire;

namespace Rampart.Images.Bundle;

/// <summary>
/// A Caliptra firmware bundle ("CMN2") decoded for inspection and re-encoding: the preamble's
/// keys and signatures, the signed header, the two TOC entries and the images
/// (layout in <see cref="BundleLayout"/>). Decoding checks structure only; authenticity is
/// <see cref="FirmwareBundleVerifier"/>'s job.
/// </summary>
public sealed record FirmwareBundle
{
    /// <summary>The PQC algorithm of the vendor and owner PQC keys.</summary>
    public required PqcKeyType PqcKeyType { get; init; }

    /// <summary>SHA-384 of each vendor ECC key the descriptor lists (1 to 4).</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> VendorEccKeyHashes { get; init; }

    /// <summary>SHA-384 of each vendor PQC key the descriptor lists (1 to 4 ML-DSA, 1 to 32 LMS).</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> VendorPqcKeyHashes { get; init; }

    /// <summary>Index of the active vendor ECC key.</summary>
    public required uint VendorEccKeyIndex { get; init; }

    /// <summary>The active vendor ECC key (96 bytes).</summary>
    public required ReadOnlyMemory<byte> VendorEccPublicKey { get; init; }

    /// <summary>Index of the active vendor PQC key.</summary>
    public required uint VendorPqcKeyIndex { get; init; }

    /// <summary>The active vendor PQC key field (2592 bytes; LMS keys fill the first 48).</summary>
    public required ReadOnlyMemory<byte> VendorPqcPublicKey { get; init; }

    /// <summary>Vendor ECC signature (96 bytes).</summary>
    public required ReadOnlyMemory<byte> VendorEccSignature { get; init; }

    /// <summary>Vendor PQC signature field (4628 bytes).</summary>
    public required ReadOnlyMemory<byte> VendorPqcSignature { get; init; }

    /// <summary>Owner ECC key (96 bytes).</summary>
    public required ReadOnlyMemory<byte> OwnerEccPublicKey { get; init; }

    /// <summary>Owner PQC key field (2592 bytes).</summary>
    public required ReadOnlyMemory<byte> OwnerPqcPublicKey { get; init; }

    /// <summary>Owner ECC signature (96 bytes).</summary>
    public required ReadOnlyMemory<byte> OwnerEccSignature { get; init; }

    /// <summary>Owner PQC signature field (4628 bytes).</summary>
    public required ReadOnlyMemory<byte> OwnerPqcSignature { get; init; }

    /// <summary>The signed header.</summary>
    public required ImageHeader Header { get; init; }

    /// <summary>The FMC TOC entry.</summary>
    public required ImageTocEntry Fmc { get; init; }

    /// <summary>The runtime TOC entry.</summary>
    public required ImageTocEntry Runtime { get; init; }

    /// <summary>The FMC image.</summary>
    public required ReadOnlyMemory<byte> FmcImage { get; init; }

    /// <summary>The runtime image.</summary>
    public required ReadOnlyMemory<byte> RuntimeImage { get; init; }

    /// <summary>Total encoded size: manifest and both images.</summary>
    public int EncodedSize => BundleLayout.ManifestSize + FmcImage.Length + RuntimeImage.Length;

    /// <summary>
    /// Decodes a bundle. <see cref="WireStatus.NeedMoreData"/> when the bytes end early,
    /// <see cref="WireStatus.Invalid"/> for a wrong marker or size, hash counts beyond the
    /// descriptor, images outside the bytes or bytes after the last image;
    /// <see cref="WireStatus.Unsupported"/> for an unknown PQC key type.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out FirmwareBundle? bundle)
    {
        bundle = null;
        if (source.Length < BundleLayout.ManifestSize)
        {
            return WireStatus.NeedMoreData;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[BundleLayout.MarkerOffset..]) != BundleLayout.Marker
            || BinaryPrimitives.ReadUInt32LittleEndian(source[BundleLayout.SizeOffset..]) != BundleLayout.ManifestSize)
        {
            return WireStatus.Invalid;
        }

        var pqcByte = source[BundleLayout.PqcKeyTypeOffset];
        if (!PqcFieldSizes.IsDefined(pqcByte))
        {
            return WireStatus.Unsupported;
        }

        var pqcType = (PqcKeyType)pqcByte;
        int eccCount = source[BundleLayout.EccDescriptorOffset + 3];
        int pqcCount = source[BundleLayout.PqcDescriptorOffset + 3];
        if (eccCount > BundleLayout.MaxVendorEccKeys || pqcCount > PqcFieldSizes.MaxVendorKeys(pqcType))
        {
            return WireStatus.Invalid;
        }

        ImageHeader.TryRead(source.Slice(BundleLayout.HeaderOffset, BundleLayout.HeaderSize), out var header);
        ImageTocEntry.TryRead(source.Slice(BundleLayout.TocOffset, ImageTocEntry.EncodedSize), out var fmc);
        ImageTocEntry.TryRead(source.Slice(BundleLayout.TocOffset + ImageTocEntry.EncodedSize, ImageTocEntry.EncodedSize), out var runtime);
        if (!TryImage(source, fmc!, out var fmcRange) || !TryImage(source, runtime!, out var runtimeRange))
        {
            return source.Length < RequiredLength(fmc!, runtime!) ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        if (Math.Max(fmcRange.End.Value, runtimeRange.End.Value) != source.Length)
        {
            return WireStatus.Invalid;
        }

        bundle = new FirmwareBundle
        {
            PqcKeyType = pqcType,
            VendorEccKeyHashes = Hashes(source, BundleLayout.EccDescriptorHashesOffset, eccCount),
            VendorPqcKeyHashes = Hashes(source, BundleLayout.PqcDescriptorHashesOffset, pqcCount),
            VendorEccKeyIndex = BinaryPrimitives.ReadUInt32LittleEndian(source[BundleLayout.VendorEccIndexOffset..]),
            VendorEccPublicKey = source.Slice(BundleLayout.VendorEccKeyOffset, 96).ToArray(),
            VendorPqcKeyIndex = BinaryPrimitives.ReadUInt32LittleEndian(source[BundleLayout.VendorPqcIndexOffset..]),
            VendorPqcPublicKey = source.Slice(BundleLayout.VendorPqcKeyOffset, PqcFieldSizes.PublicKeyField).ToArray(),
            VendorEccSignature = source.Slice(BundleLayout.VendorEccSignatureOffset, 96).ToArray(),
            VendorPqcSignature = source.Slice(BundleLayout.VendorPqcSignatureOffset, PqcFieldSizes.SignatureField).ToArray(),
            OwnerEccPublicKey = source.Slice(BundleLayout.OwnerEccKeyOffset, 96).ToArray(),
            OwnerPqcPublicKey = source.Slice(BundleLayout.OwnerPqcKeyOffset, PqcFieldSizes.PublicKeyField).ToArray(),
            OwnerEccSignature = source.Slice(BundleLayout.OwnerEccSignatureOffset, 96).ToArray(),
            OwnerPqcSignature = source.Slice(BundleLayout.OwnerPqcSignatureOffset, PqcFieldSizes.SignatureField).ToArray(),
            Header = header!,
            Fmc = fmc!,
            Runtime = runtime!,
            FmcImage = source[fmcRange].ToArray(),
            RuntimeImage = source[runtimeRange].ToArray(),
        };
        return WireStatus.Done;
    }

    /// <summary>Encodes the bundle: manifest at its fixed offsets, then the images at their TOC offsets.</summary>
    public byte[] ToArray()
    {
        if (Fmc.Offset != BundleLayout.ManifestSize || Fmc.Size != FmcImage.Length
            || Runtime.Offset != BundleLayout.ManifestSize + FmcImage.Length || Runtime.Size != RuntimeImage.Length)
        {
            throw new InvalidOperationException("The TOC offsets and sizes must describe the images placed after the manifest.");
        }

        if (VendorEccKeyHashes.Count > BundleLayout.MaxVendorEccKeys || VendorPqcKeyHashes.Count > PqcFieldSizes.MaxVendorKeys(PqcKeyType))
        {
            throw new InvalidOperationException("Too many vendor key hashes for the descriptor.");
        }

        var bytes = new byte[EncodedSize];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[BundleLayout.MarkerOffset..], BundleLayout.Marker);
        BinaryPrimitives.WriteUInt32LittleEndian(span[BundleLayout.SizeOffset..], BundleLayout.ManifestSize);
        span[BundleLayout.PqcKeyTypeOffset] = (byte)PqcKeyType;
        WriteDescriptor(span[BundleLayout.EccDescriptorOffset..], 0, VendorEccKeyHashes);
        WriteDescriptor(span[BundleLayout.PqcDescriptorOffset..], (byte)PqcKeyType, VendorPqcKeyHashes);
        BinaryPrimitives.WriteUInt32LittleEndian(span[BundleLayout.VendorEccIndexOffset..], VendorEccKeyIndex);
        Place(span, BundleLayout.VendorEccKeyOffset, 96, VendorEccPublicKey);
        BinaryPrimitives.WriteUInt32LittleEndian(span[BundleLayout.VendorPqcIndexOffset..], VendorPqcKeyIndex);
        Place(span, BundleLayout.VendorPqcKeyOffset, PqcFieldSizes.PublicKeyField, VendorPqcPublicKey);
        Place(span, BundleLayout.VendorEccSignatureOffset, 96, VendorEccSignature);
        Place(span, BundleLayout.VendorPqcSignatureOffset, PqcFieldSizes.SignatureField, VendorPqcSignature);
        Place(span, BundleLayout.OwnerEccKeyOffset, 96, OwnerEccPublicKey);
        Place(span, BundleLayout.OwnerPqcKeyOffset, PqcFieldSizes.PublicKeyField, OwnerPqcPublicKey);
        Place(span, BundleLayout.OwnerEccSignatureOffset, 96, OwnerEccSignature);
        Place(span, BundleLayout.OwnerPqcSignatureOffset, PqcFieldSizes.SignatureField, OwnerPqcSignature);
        Header.Write(span[BundleLayout.HeaderOffset..]);
        Fmc.Write(span[BundleLayout.TocOffset..]);
        Runtime.Write(span[(BundleLayout.TocOffset + ImageTocEntry.EncodedSize)..]);
        FmcImage.Span.CopyTo(span[(int)Fmc.Offset..]);
        RuntimeImage.Span.CopyTo(span[(int)Runtime.Offset..]);
        return bytes;
    }

    private static void WriteDescriptor(Span<byte> destination, byte keyType, IReadOnlyList<ReadOnlyMemory<byte>> hashes)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, BundleLayout.KeyDescriptorVersion);
        destination[2] = keyType;
        destination[3] = (byte)hashes.Count;
        for (var i = 0; i < hashes.Count; i++)
        {
            Place(destination, 4 + (i * BundleLayout.DigestSize), BundleLayout.DigestSize, hashes[i]);
        }
    }

    private static void Place(Span<byte> destination, int offset, int fieldSize, ReadOnlyMemory<byte> value)
    {
        if (value.Length > fieldSize)
        {
            throw new InvalidOperationException($"A {value.Length}-byte value does not fit a {fieldSize}-byte field.");
        }

        value.Span.CopyTo(destination[offset..]);
    }

    private static ReadOnlyMemory<byte>[] Hashes(ReadOnlySpan<byte> source, int offset, int count)
    {
        var hashes = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            hashes[i] = source.Slice(offset + (i * BundleLayout.DigestSize), BundleLayout.DigestSize).ToArray();
        }

        return hashes;
    }

    private static long RequiredLength(ImageTocEntry fmc, ImageTocEntry runtime) =>
        Math.Max((long)fmc.Offset + fmc.Size, (long)runtime.Offset + runtime.Size);

    private static bool TryImage(ReadOnlySpan<byte> source, ImageTocEntry entry, out Range range)
    {
        var end = (long)entry.Offset + entry.Size;
        if (entry.Offset < BundleLayout.ManifestSize || end > source.Length)
        {
            range = default;
            return false;
        }

        range = new Range((int)entry.Offset, (int)end);
        return true;
    }
}
