namespace Rampart.Images.Package;

/// <summary>
/// A DSP0267 firmware update package of format 1.0 to 1.3: header information, firmware
/// device identification records, downstream device records (1.1+), component image
/// information and the images. Encode with <see cref="PldmPackageWriter"/>, decode with
/// <see cref="PldmPackageReader"/>.
/// </summary>
public sealed record PldmPackage
{
    /// <summary>The format revision (and so the header identifier).</summary>
    public required PackageFormatRevision Revision { get; init; }

    /// <summary>PackageReleaseDateTime, timestamp104 (13 bytes).</summary>
    public required ReadOnlyMemory<byte> ReleaseDateTime { get; init; }

    /// <summary>ComponentBitmapBitLength: a multiple of 8, at least the component count.</summary>
    public required ushort ComponentBitmapBitLength { get; init; }

    /// <summary>PackageVersionString.</summary>
    public required PackageString Version { get; init; }

    /// <summary>The firmware device identification records (at least one).</summary>
    public required IReadOnlyList<FirmwareDeviceIdRecord> FirmwareDevices { get; init; }

    /// <summary>The downstream device identification records (format 1.1 and later).</summary>
    public IReadOnlyList<DownstreamDeviceIdRecord> DownstreamDevices { get; init; } = [];

    /// <summary>The components, in package order (bit i of an applicability bitmap is component i).</summary>
    public required IReadOnlyList<ComponentImage> Components { get; init; }

    /// <summary>Bitmap bytes for the component indices given.</summary>
    public static byte[] Bitmap(int bitLength, IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var bitmap = new byte[bitLength / 8];
        foreach (var index in indices)
        {
            if (index < 0 || index >= bitLength)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), "A component index lies outside the bitmap.");
            }

            bitmap[index / 8] |= (byte)(1 << (index % 8));
        }

        return bitmap;
    }

    /// <summary>The component indices a bitmap selects.</summary>
    public static IReadOnlyList<int> Indices(ReadOnlySpan<byte> bitmap)
    {
        var indices = new List<int>();
        for (var i = 0; i < bitmap.Length * 8; i++)
        {
            if ((bitmap[i / 8] & (1 << (i % 8))) != 0)
            {
                indices.Add(i);
            }
        }

        return indices;
    }
}

/// <summary>A firmware device identification record (DSP0267 1.3 Table "Firmware device ID record").</summary>
public sealed record FirmwareDeviceIdRecord
{
    /// <summary>DeviceUpdateOptionFlags (bit 0: continue component updates after failure).</summary>
    public uint UpdateOptionFlags { get; init; }

    /// <summary>ComponentImageSetVersionString.</summary>
    public required PackageString ImageSetVersion { get; init; }

    /// <summary>ApplicableComponents bitmap (ComponentBitmapBitLength / 8 bytes).</summary>
    public required ReadOnlyMemory<byte> ApplicableComponents { get; init; }

    /// <summary>RecordDescriptors; the first is the initial descriptor.</summary>
    public required IReadOnlyList<PackageDescriptor> Descriptors { get; init; }

    /// <summary>FirmwareDevicePackageData.</summary>
    public ReadOnlyMemory<byte> PackageData { get; init; }

    /// <summary>ReferenceManifestData (format 1.3).</summary>
    public ReadOnlyMemory<byte> ReferenceManifest { get; init; }
}

/// <summary>A downstream device identification record (DSP0267 1.3 Table "Downstream device ID record", format 1.1+).</summary>
public sealed record DownstreamDeviceIdRecord
{
    /// <summary>UpdateOptionFlags; bit 0 set means self-contained activation with the minimum version below.</summary>
    public uint UpdateOptionFlags { get; init; }

    /// <summary>SelfContainedActivationMinVersionString (type 0, empty, when bit 0 is clear).</summary>
    public PackageString SelfContainedActivationMinVersion { get; init; } = PackageString.None;

    /// <summary>SelfContainedActivationMinVersionComparisonStamp, present on the wire only when bit 0 is set.</summary>
    public uint SelfContainedActivationMinVersionComparisonStamp { get; init; }

    /// <summary>ApplicableComponents bitmap.</summary>
    public required ReadOnlyMemory<byte> ApplicableComponents { get; init; }

    /// <summary>RecordDescriptors.</summary>
    public required IReadOnlyList<PackageDescriptor> Descriptors { get; init; }

    /// <summary>DownstreamDevicePackageData.</summary>
    public ReadOnlyMemory<byte> PackageData { get; init; }

    /// <summary>ReferenceManifestData (format 1.3).</summary>
    public ReadOnlyMemory<byte> ReferenceManifest { get; init; }

    /// <summary>Bit 0 of the update option flags.</summary>
    public bool SelfContainedActivation => (UpdateOptionFlags & 1) != 0;
}

/// <summary>One component image and its information entry (DSP0267 1.3 Table "Component image information").</summary>
public sealed record ComponentImage
{
    /// <summary>ComponentClassification (0x0000–0x000D defined, 0x8000–0xFFFE vendor, 0xFFFF downstream device).</summary>
    public required ushort Classification { get; init; }

    /// <summary>ComponentIdentifier.</summary>
    public required ushort Identifier { get; init; }

    /// <summary>ComponentComparisonStamp (0xFFFFFFFF when options bit 1 is clear).</summary>
    public uint ComparisonStamp { get; init; } = 0xFFFF_FFFF;

    /// <summary>ComponentOptions (bit 0 force update, bit 1 use comparison stamp).</summary>
    public ushort Options { get; init; }

    /// <summary>RequestedComponentActivationMethod.</summary>
    public ushort RequestedActivationMethod { get; init; }

    /// <summary>ComponentVersionString.</summary>
    public required PackageString Version { get; init; }

    /// <summary>ComponentOpaqueData (format 1.2 and later).</summary>
    public ReadOnlyMemory<byte> OpaqueData { get; init; }

    /// <summary>The image bytes.</summary>
    public required ReadOnlyMemory<byte> Image { get; init; }

    /// <summary>True for classifications DSP0267 reserves (0x000E–0x7FFF), which packages may not carry.</summary>
    public static bool IsReservedClassification(ushort classification) => classification is > 0x000D and < 0x8000;
}
