using Rampart.Wire;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Images.Package;

/// <summary>A DSP0267 string (version string, title): its type and encoded bytes (at most 255).</summary>
/// <param name="Type">The string type.</param>
/// <param name="Bytes">The encoded string.</param>
public sealed record PackageString(VersionStringType Type, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>An absent string: type Unknown (0), length 0.</summary>
    public static PackageString None { get; } = new(VersionStringType.Unknown, ReadOnlyMemory<byte>.Empty);

    /// <summary>Encodes text as <paramref name="type"/>.</summary>
    public static PackageString FromText(VersionStringType type, string text) => new(type, VersionStrings.Encode(type, text));

    /// <summary>The text for display (hex for Unknown), or null when malformed.</summary>
    public string? Text => VersionStrings.TryDecode(Type, Bytes.Span, out var text) == WireStatus.Done ? text : null;

    /// <summary>True when the bytes are well formed for the type and fit a one-byte length.</summary>
    public bool IsValid => Bytes.Length <= VersionStrings.MaxLength && VersionStrings.Validate(Type, Bytes.Span) == WireStatus.Done;
}

/// <summary>One record descriptor as stored in a package: type and data (vendor-defined data includes its title fields).</summary>
/// <param name="Type">The descriptor type.</param>
/// <param name="Data">The descriptor data.</param>
public sealed record PackageDescriptor(DescriptorType Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>Encoded size.</summary>
    public int EncodedLength => Descriptor.HeaderLength + Data.Length;

    /// <summary>A vendor-defined descriptor from its title and data.</summary>
    public static PackageDescriptor VendorDefined(PackageString title, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(title);
        var buffer = new byte[Descriptor.VendorDefinedEncodedLength(title.Bytes.Length, data.Length)];
        Descriptor.TryWriteVendorDefined(title.Type, title.Bytes.Span, data, buffer, out _);
        return new PackageDescriptor(DescriptorType.VendorDefined, buffer.AsMemory(Descriptor.HeaderLength));
    }
}
