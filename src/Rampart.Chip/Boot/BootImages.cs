using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Rampart.Hal.Boot;
using Rampart.Hal.Crypto;
using Rampart.Images.Bundle;
using Rampart.Images.Manifest;
using Rampart.Images.Package;
using Rampart.Images.Signing;
using Rampart.Wire.Pldm.FirmwareUpdate;

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

    /// <summary>Signing keys to use instead of the development keys made from the seed.</summary>
    public DevelopmentKeys? Keys { get; init; }

    /// <summary>Sizes of the stage-2 SoC images (one image per entry; fw_id 0x10, 0x11, …).</summary>
    public IReadOnlyList<int> SocImageSizes { get; init; } = [64 * 1024, 16 * 1024];
}

/// <summary>Everything the BMC streams during a boot, signed with development keys.</summary>
/// <param name="Keys">The development keys that signed them.</param>
/// <param name="Bundle">Recovery image 0: the Caliptra FMC + runtime bundle.</param>
/// <param name="Manifest">Recovery image 1: the SoC authorization manifest.</param>
/// <param name="McuRuntime">Recovery image 2: the MCU runtime.</param>
/// <param name="SocImages">Stage 2: the SoC images served over PLDM.</param>
/// <param name="Package">Stage 2: the DSP0267 package the update agent serves them from (one component per SoC image, identifier = fw_id).</param>
public sealed record BootImages(DevelopmentKeys Keys, byte[] Bundle, byte[] Manifest, byte[] McuRuntime, IReadOnlyList<SocImage> SocImages, byte[] Package)
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
        return new BootImages(keys, bundle, manifest, firmware.McuRuntime.ToArray(), soc, BuildPackage(soc));
    }

    /// <summary>The firmware bundle of <paramref name="firmware"/>'s FMC and runtime, signed by the vendor and owner.</summary>
    public static byte[] BuildBundle(IShaEngine sha, DevelopmentKeys keys, FirmwarePayloads firmware, uint svn)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(firmware);
        var description = new FirmwareBundleDescription
        {
            PqcKeyType = keys.Vendor.Pqc.KeyType,
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

    /// <summary>
    /// The stage-2 DSP0267 1.3 package: one firmware device record identified by OCP's IANA number
    /// (the descriptor the MCU's firmware device reports), one component per SoC image with
    /// classification Firmware and identifier = fw_id (decision 0260).
    /// </summary>
    public static byte[] BuildPackage(IReadOnlyList<SocImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var bits = Math.Max(8, (images.Count + 7) / 8 * 8);
        return PldmPackageWriter.Write(new PldmPackage
        {
            Revision = PackageFormatRevision.V1_3,
            ReleaseDateTime = new byte[Timestamp104.Size],
            ComponentBitmapBitLength = (ushort)bits,
            Version = PackageString.FromText(VersionStringType.Ascii, "rampart-dev"),
            FirmwareDevices =
            [
                new FirmwareDeviceIdRecord
                {
                    ImageSetVersion = PackageString.FromText(VersionStringType.Ascii, "rampart-dev"),
                    ApplicableComponents = PldmPackage.Bitmap(bits, Enumerable.Range(0, images.Count)),
                    Descriptors = [new PackageDescriptor(DescriptorType.IanaEnterpriseId, CaliptraIanaDescriptor)],
                },
            ],
            Components = images.Select(image => new ComponentImage
            {
                Classification = (ushort)ComponentClassification.Firmware,
                Identifier = (ushort)image.FwId,
                ComparisonStamp = 1,
                Version = PackageString.FromText(VersionStringType.Ascii, "1.0"),
                Image = image.Image,
            }).ToList(),
        });
    }

    /// <summary>OCP's IANA enterprise number (0xA67F) as a DSP0267 descriptor (little-endian).</summary>
    public static ReadOnlyMemory<byte> CaliptraIanaDescriptor { get; } = new byte[] { 0x7F, 0xA6, 0x00, 0x00 };

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
            FillDeterministic(bytes, SHA256.HashData(Encoding.UTF8.GetBytes($"{options.Seed}\0soc image {i}")));
            images.Add(new SocImage(FirstSocFwId + (uint)i, $"soc-image-{i}", bytes, address, ExecBit: 2 + i));
            address += (ulong)((size + 0xFFF) & ~0xFFF);
        }

        return images;
    }

    /// <summary>
    /// Test-pattern contents from a 32-byte seed: a SplitMix64 stream (fast and deterministic; the
    /// images only need to differ by seed and index, nothing about them is secret).
    /// </summary>
    private static void FillDeterministic(Span<byte> destination, ReadOnlySpan<byte> seed)
    {
        var state = BinaryPrimitives.ReadUInt64LittleEndian(seed) ^ BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]);
        Span<byte> word = stackalloc byte[8];
        for (var offset = 0; offset < destination.Length; offset += 8)
        {
            state += 0x9E37_79B9_7F4A_7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            BinaryPrimitives.WriteUInt64LittleEndian(word, z ^ (z >> 31));
            word[..Math.Min(8, destination.Length - offset)].CopyTo(destination[offset..]);
        }
    }
}
