using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// What an update agent delivers to one firmware device: the descriptors the device must
/// report and the component images, in the order they are passed and updated. A plain
/// model: the host adapts a DSP0267 package (FD identification record + component image
/// information) to it.
/// </summary>
public sealed class UpdatePlan
{
    /// <summary>Descriptors the FD's QueryDeviceIdentifiers must contain (each matched by type and data).</summary>
    public required IReadOnlyList<UpdatePlanDescriptor> TargetDescriptors { get; init; }

    /// <summary>The components, in package order.</summary>
    public required IReadOnlyList<UpdatePlanComponent> Components { get; init; }

    /// <summary>The component image set version string type.</summary>
    public VersionStringType ImageSetVersionType { get; init; } = VersionStringType.Ascii;

    /// <summary>The component image set version string (at most 255 bytes).</summary>
    public ReadOnlyMemory<byte> ImageSetVersion { get; init; }
}

/// <summary>A descriptor (DSP0267 "Descriptor identifier table"): its type and its data bytes.</summary>
/// <param name="Type">The descriptor type.</param>
/// <param name="Data">The descriptor data (for Vendor Defined, including the title fields).</param>
public sealed record UpdatePlanDescriptor(DescriptorType Type, ReadOnlyMemory<byte> Data);

/// <summary>One component image of an <see cref="UpdatePlan"/> (DSP0267 component image information).</summary>
public sealed class UpdatePlanComponent
{
    /// <summary>ComponentClassification.</summary>
    public required ComponentClassification Classification { get; init; }

    /// <summary>ComponentIdentifier.</summary>
    public required ushort Identifier { get; init; }

    /// <summary>ComponentComparisonStamp (0xFFFFFFFF: not used).</summary>
    public uint ComparisonStamp { get; init; } = 0xFFFF_FFFF;

    /// <summary>The component version string type.</summary>
    public VersionStringType VersionType { get; init; } = VersionStringType.Ascii;

    /// <summary>The component version string (at most 255 bytes).</summary>
    public ReadOnlyMemory<byte> Version { get; init; }

    /// <summary>The component image.</summary>
    public required ReadOnlyMemory<byte> Image { get; init; }

    /// <summary>UpdateOptionFlags to request.</summary>
    public UpdateOptionFlags Options { get; init; }
}
