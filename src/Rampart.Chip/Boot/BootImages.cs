using System.Security.Cryptography;
using System.Text;
using Rampart.Hal.Boot;
using Rampart.Hal.Crypto;
using Rampart.Images.Bundle;
using Rampart.Images.Manifest;
using Rampart.Images.Signing;

namespace Rampart.Chip.Boot;

/// <summary>The later-stage firmware as verified-to-be bytes: each a firmware archive of its assemblies.</summary>
/// <param name="Fmc">Caliptra FMC.</param>
/// <param name="Runtime">Caliptra runtime.</param>
/// <param name="McuRuntime">MCU runtime (kernel, board, apps).</param>
public sealed record FirmwarePayloads(ReadOnlyMemory<byte> Fmc, ReadOnlyMemory<byte> Runtime, ReadOnlyMemory<byte> McuRuntime);

/// <summary>What to build the images of a development boot from.</summary>
public sealed record BootImageOptions
{
    /// <summary>The seed of the development keys and SoC image contents.</summary>
    public string Seed { get; init; } = "rampart-dev";

    /// <summary>The firmware bundle's SVN.</summary>
    public uint FirmwareSvn { get; init; } = 1;

    /// <summary>The SoC manifest's SVN.</summary>
    public uint ManifestSvn { get; init; } = 1;

    /// <summary>Sizes of the stage-2 SoC images (one image per entry; fw_id 0x10, 0x11, …).</summary>
    public IReadOnlyList<int> SocImageSizes { get; init; } = [64 * 1024, 16 * 1024];

    /// <summary>The keys that sign the images (a named chip's); null: development keys made from <see cref="Seed"/>.</summary>
    public DevelopmentKeys? Keys { get; init; }
}

/// <summary>Everything the BMC streams during a boot, signed with development keys.</summary>
/// <param name="Keys">The development keys that signed them.</param>
/// <param name="Bundle">Recovery image 0: the Caliptra FMC + runtime bundle.</param>
/// <param name="Manifest">Recovery image 1: the SoC authorization manifest.</param>
/// <param name="McuRuntime">Recovery image 2: the MCU runtime.</param>
/// <param name="SocImages">Stage 2: the SoC images served over PLDM.</param>
public sealed record BootImages(DevelopmentKeys Keys, byte[] Bundle, byte[] Manifest, byte[] McuRuntime, IReadOnlyList<SocImage> SocImages)
{
    /// <summary>The three recovery images in streaming order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> RecoveryImages => [Bundle, Manifest, McuRuntime];
}

/// <summary>Builds and signs the images of a development boot (deterministic: the same seed gives the same bytes).</summary>
public static class BootImageBuilder
{
    /// <summary>First fw_id of the stage-2 SoC images.</summary>
    public const uint FirstSocFwId = 0x10;

    /// <summary>Builds every image.</summary>
    public static BootImages Build(ICryptoEngines engines, FirmwarePayloads firmware, BootImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(firmware);
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.Keys ?? DevelopmentKeys.FromSeed(engines, options.Seed);
        var bundle = BuildBundle(engines.Sha, keys, firmware, options.FirmwareSvn);
        var soc = SocImagesFor(options);
        var entries = new List<ImageMetadataEntry>
        {
            Entry(engines.Sha, FirmwareIds.McuRuntime, firmware.McuRuntime.Span, SocMemoryMap.McuSramBase, execBit: 0),
        };
        entries.AddRange(soc.Select(image => Entry(engines.Sha, image.FwId, image.Image.Span, image.LoadAddress, image.ExecBit)));
        var manifest = BuildManifest(engines.Sha, keys, entries, options.ManifestSvn);
        return new BootImages(keys, bundle, manifest, firmware.McuRuntime.ToArray(), soc);
    }

    /// <summary>The firmware bundle of <paramref name="firmware"/>'s FMC and runtime, signed by the vendor and owner.</summary>
    public static byte[] BuildBundle(IShaEngine sha, DevelopmentKeys keys, FirmwarePayloads firmware, uint svn)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(firmware);
        var description = new FirmwareBundleDescription
        {
            PqcKeyType = PqcKeyType.MlDsa87,
            VendorEccPublicKeys = [keys.Vendor.Ecc.PublicKey],
            VendorPqcPublicKeys = [keys.Vendor.Pqc.PublicKey],
            Owner = HybridPublicKeys.Of(keys.Owner),
            Svn = svn,
            Revision = 1,
            Fmc = new BundleImageInput(firmware.Fmc, 0x4000_0000, 0x4000_0000, 1, "rampart-fmc"u8.ToArray()),
            Runtime = new BundleImageInput(firmware.Runtime, 0x4010_0000, 0x4010_0000, 1, "rampart-rt"u8.ToArray()),
        };
        var bytes = FirmwareBundleBuilder.Build(sha, description).ToArray();
        var status = FirmwareBundleSigner.Sign(sha, bytes, keys.Vendor, keys.Owner);
        return status == BundleSigningStatus.Signed ? bytes : throw new InvalidOperationException("signing the development bundle failed: " + status);
    }

    /// <summary>A signed SoC manifest with <paramref name="entries"/>.</summary>
    public static byte[] BuildManifest(IShaEngine sha, DevelopmentKeys keys, IReadOnlyList<ImageMetadataEntry> entries, uint svn)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var manifest = new SocManifest
        {
            Svn = svn,
            VendorKeys = HybridKeyFields.Of(HybridPublicKeys.Of(keys.Vendor)),
            VendorKeysSignatures = HybridSignatureFields.Empty,
            OwnerKeys = HybridKeyFields.Of(HybridPublicKeys.Of(keys.Owner)),
            OwnerKeysSignatures = HybridSignatureFields.Empty,
            VendorMetadataSignatures = HybridSignatureFields.Empty,
            OwnerMetadataSignatures = HybridSignatureFields.Empty,
            Entries = entries,
        }.ToArray();
        return SocManifestSigner.TrySign(sha, manifest, keys.Vendor, keys.Owner, keys.Vendor, keys.Owner)
            ? manifest
            : throw new InvalidOperationException("signing the development SoC manifest failed");
    }

    /// <summary>A manifest entry for <paramref name="image"/>.</summary>
    public static ImageMetadataEntry Entry(IShaEngine sha, uint fwId, ReadOnlySpan<byte> image, ulong loadAddress, int execBit)
    {
        ArgumentNullException.ThrowIfNull(sha);
        var digest = new byte[48];
        sha.Hash(ShaAlgorithm.Sha384, image, digest);
        var flags = ImageMetadataEntry.ComposeFlags(ImageSource.LoadAddress, ignoreAuthCheck: false, execBit);
        return new ImageMetadataEntry(fwId, fwId, 0x000A, flags, loadAddress, loadAddress, digest);
    }

    private static List<SocImage> SocImagesFor(BootImageOptions options)
    {
        var images = new List<SocImage>();
        var address = SocMemoryMap.SocImageBase;
        for (var i = 0; i < options.SocImageSizes.Count; i++)
        {
            var size = options.SocImageSizes[i];
            var bytes = new byte[size];
            var label = Encoding.UTF8.GetBytes($"soc image {i}");
            var prk = HKDF.Extract(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.Seed), label);
            for (var offset = 0; offset < size; offset += 32)
            {
                var block = HMACSHA256.HashData(prk, BitConverter.GetBytes(offset));
                block.AsSpan(0, Math.Min(32, size - offset)).CopyTo(bytes.AsSpan(offset));
            }

            images.Add(new SocImage(FirstSocFwId + (uint)i, $"soc-image-{i}", bytes, address, ExecBit: 2 + i));
            address += (ulong)((size + 0xFFF) & ~0xFFF);
        }

        return images;
    }
}
