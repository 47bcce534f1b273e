using System.Text.Json;
using System.Text.Json.Serialization;
using Rampart.Images.Package;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Cli.Commands.Images;

/// <summary>
/// The JSON description <c>rampart pldm-package build</c> reads (README "PLDM package
/// description"), in the spirit of openbmc's package-creator metadata. Hex strings for bytes;
/// component <c>file</c> paths are relative to the JSON file.
/// </summary>
internal sealed record PackageDescription
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string FormatRevision { get; init; } = "1.3";

    public DateTimeOffset? ReleaseDateTime { get; init; }

    public int? ComponentBitmapBitLength { get; init; }

    public required string PackageVersion { get; init; }

    public string PackageVersionStringType { get; init; } = "ascii";

    public required IReadOnlyList<DeviceDescription> FirmwareDevices { get; init; }

    public IReadOnlyList<DownstreamDescription> DownstreamDevices { get; init; } = [];

    public required IReadOnlyList<ComponentDescription> Components { get; init; }

    /// <summary>Parses the JSON; throws <see cref="JsonException"/> on malformed input.</summary>
    public static PackageDescription Parse(string json) =>
        JsonSerializer.Deserialize<PackageDescription>(json, Options) ?? throw new JsonException("The description is empty.");

    /// <summary>Builds the package model, reading component files relative to <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ArgumentException">A value is out of range or malformed.</exception>
    public PldmPackage ToPackage(string baseDirectory, Func<string, byte[]?> readFile)
    {
        var revision = FormatRevision switch
        {
            "1.0" => Rampart.Images.Package.PackageFormatRevision.V1_0,
            "1.1" => Rampart.Images.Package.PackageFormatRevision.V1_1,
            "1.2" => Rampart.Images.Package.PackageFormatRevision.V1_2,
            "1.3" => Rampart.Images.Package.PackageFormatRevision.V1_3,
            _ => throw new ArgumentException($"formatRevision '{FormatRevision}' is not 1.0, 1.1, 1.2 or 1.3."),
        };
        var bits = ComponentBitmapBitLength ?? Math.Max(8, (Components.Count + 7) / 8 * 8);
        if (bits is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentException("componentBitmapBitLength is 0-65535.");
        }

        return new PldmPackage
        {
            Revision = revision,
            ReleaseDateTime = ReleaseDateTime is { } time ? Timestamp104.Encode(time) : new byte[Timestamp104.Size],
            ComponentBitmapBitLength = (ushort)bits,
            Version = Text(PackageVersionStringType, PackageVersion),
            FirmwareDevices = [.. FirmwareDevices.Select(d => new FirmwareDeviceIdRecord
            {
                UpdateOptionFlags = d.UpdateOptionFlags,
                ImageSetVersion = Text(d.ImageSetVersionStringType, d.ImageSetVersion),
                ApplicableComponents = PldmPackage.Bitmap(bits, d.ApplicableComponents),
                Descriptors = [.. d.Descriptors.Select(Descriptor)],
                PackageData = Hex(d.PackageData),
                ReferenceManifest = Hex(d.ReferenceManifest),
            })],
            DownstreamDevices = [.. DownstreamDevices.Select(d => new DownstreamDeviceIdRecord
            {
                UpdateOptionFlags = d.UpdateOptionFlags,
                SelfContainedActivationMinVersion = d.SelfContainedActivationMinVersion is { } min ? Text(d.MinVersionStringType, min) : PackageString.None,
                SelfContainedActivationMinVersionComparisonStamp = d.MinVersionComparisonStamp,
                ApplicableComponents = PldmPackage.Bitmap(bits, d.ApplicableComponents),
                Descriptors = [.. d.Descriptors.Select(Descriptor)],
                PackageData = Hex(d.PackageData),
                ReferenceManifest = Hex(d.ReferenceManifest),
            })],
            Components = [.. Components.Select(c => new ComponentImage
            {
                Classification = c.Classification,
                Identifier = c.Identifier,
                ComparisonStamp = c.ComparisonStamp ?? 0xFFFF_FFFF,
                Options = c.Options,
                RequestedActivationMethod = c.RequestedActivationMethod,
                Version = Text(c.VersionStringType, c.Version),
                OpaqueData = Hex(c.OpaqueData),
                Image = readFile(Path.Combine(baseDirectory, c.File)) ?? throw new ArgumentException($"component file '{c.File}' cannot be read."),
            })],
        };
    }

    /// <summary>Maps a string type name (ascii, utf8, utf16, utf16le, utf16be, unknown) to its code.</summary>
    public static VersionStringType StringType(string name) => name.ToUpperInvariant() switch
    {
        "ASCII" => VersionStringType.Ascii,
        "UTF8" or "UTF-8" => VersionStringType.Utf8,
        "UTF16" or "UTF-16" => VersionStringType.Utf16,
        "UTF16LE" or "UTF-16LE" => VersionStringType.Utf16LittleEndian,
        "UTF16BE" or "UTF-16BE" => VersionStringType.Utf16BigEndian,
        _ => throw new ArgumentException($"string type '{name}' is not ascii, utf8, utf16, utf16le or utf16be."),
    };

    private static PackageString Text(string type, string text) => PackageString.FromText(StringType(type), text);

    private static byte[] Hex(string? hex) =>
        hex is null ? [] : ImageCliSupport.TryParseHex(hex) ?? throw new ArgumentException($"'{hex}' is not hex.");

    private static PackageDescriptor Descriptor(DescriptorDescription d)
    {
        var data = Hex(d.Data);
        if (string.Equals(d.Type, "vendor", StringComparison.OrdinalIgnoreCase) || string.Equals(d.Type, nameof(DescriptorType.VendorDefined), StringComparison.OrdinalIgnoreCase))
        {
            return PackageDescriptor.VendorDefined(Text(d.TitleStringType, d.Title ?? string.Empty), data);
        }

        DescriptorType type;
        if (ImageCliSupport.TryParseNumber(d.Type, out var number) && number <= ushort.MaxValue)
        {
            type = (DescriptorType)number;
        }
        else if (!Enum.TryParse(d.Type, ignoreCase: true, out type) || int.TryParse(d.Type, out _))
        {
            throw new ArgumentException($"descriptor type '{d.Type}' is neither a DSP0267 name (e.g. IanaEnterpriseId, Uuid, PciVendorId) nor a number.");
        }

        _ = new Descriptor(type, data);
        return new PackageDescriptor(type, data);
    }
}

/// <summary>A firmware device record in the JSON description.</summary>
internal sealed record DeviceDescription
{
    public uint UpdateOptionFlags { get; init; }

    public required string ImageSetVersion { get; init; }

    public string ImageSetVersionStringType { get; init; } = "ascii";

    public required IReadOnlyList<int> ApplicableComponents { get; init; }

    public required IReadOnlyList<DescriptorDescription> Descriptors { get; init; }

    public string? PackageData { get; init; }

    public string? ReferenceManifest { get; init; }
}

/// <summary>A downstream device record in the JSON description.</summary>
internal sealed record DownstreamDescription
{
    public uint UpdateOptionFlags { get; init; }

    public string? SelfContainedActivationMinVersion { get; init; }

    public string MinVersionStringType { get; init; } = "ascii";

    public uint MinVersionComparisonStamp { get; init; }

    public required IReadOnlyList<int> ApplicableComponents { get; init; }

    public required IReadOnlyList<DescriptorDescription> Descriptors { get; init; }

    public string? PackageData { get; init; }

    public string? ReferenceManifest { get; init; }
}

/// <summary>A descriptor in the JSON description: a DSP0267 type name or number and hex data, or "vendor" with a title.</summary>
internal sealed record DescriptorDescription
{
    public required string Type { get; init; }

    public string? Data { get; init; }

    public string? Title { get; init; }

    public string TitleStringType { get; init; } = "ascii";
}

/// <summary>A component in the JSON description.</summary>
internal sealed record ComponentDescription
{
    public ushort Classification { get; init; }

    public ushort Identifier { get; init; }

    public uint? ComparisonStamp { get; init; }

    public ushort Options { get; init; }

    public ushort RequestedActivationMethod { get; init; }

    public required string Version { get; init; }

    public string VersionStringType { get; init; } = "ascii";

    public string? OpaqueData { get; init; }

    public required string File { get; init; }
}
