using Rampart.Images;
using Rampart.Images.Package;
using Rampart.Protocols.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Host.Pldm;

/// <summary>
/// Turns a DSP0267 firmware update package into the update agent's plan for one firmware
/// device: the device's identification record (chosen by its descriptors) gives the target
/// descriptors, the image-set version and the applicable components (by the record's component
/// bitmap, DSP0267 §"Firmware device ID record"); each applicable component image keeps its
/// classification, identifier, comparison stamp, options and version string.
/// </summary>
public static class PackageUpdatePlan
{
    /// <summary>
    /// Reads <paramref name="package"/> and builds the plan for the first device record whose
    /// descriptors include every one of <paramref name="deviceDescriptors"/> (or the first record
    /// when none is given). False and a reason when the package is malformed or names no such device.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> package, IReadOnlyList<UpdatePlanDescriptor> deviceDescriptors, out UpdatePlan? plan, out string reason)
    {
        ArgumentNullException.ThrowIfNull(deviceDescriptors);
        plan = null;
        var verdict = PldmPackageReader.TryRead(package, out var parsed);
        if (verdict != ImageVerdict.Verified || parsed is null)
        {
            reason = $"the package is not a valid DSP0267 package: {verdict}";
            return false;
        }

        var record = parsed.FirmwareDevices.FirstOrDefault(d => deviceDescriptors.All(wanted =>
            d.Descriptors.Any(have => have.Type == wanted.Type && have.Data.Span.SequenceEqual(wanted.Data.Span))));
        if (record is null)
        {
            reason = "no firmware device record of the package matches the device's descriptors";
            return false;
        }

        var applicable = PldmPackage.Indices(record.ApplicableComponents.Span).Where(i => i < parsed.Components.Count).ToList();
        if (applicable.Count == 0)
        {
            reason = "the device's record applies no component of the package";
            return false;
        }

        plan = new UpdatePlan
        {
            TargetDescriptors = record.Descriptors.Select(d => new UpdatePlanDescriptor(d.Type, d.Data)).ToList(),
            ImageSetVersionType = record.ImageSetVersion.Type,
            ImageSetVersion = record.ImageSetVersion.Bytes,
            Components = applicable.Select(i => parsed.Components[i]).Select(c => new UpdatePlanComponent
            {
                Classification = (ComponentClassification)c.Classification,
                Identifier = c.Identifier,
                ComparisonStamp = c.ComparisonStamp,
                VersionType = c.Version.Type,
                Version = c.Version.Bytes,
                Image = c.Image,
                Options = (UpdateOptionFlags)c.Options,
            }).ToList(),
        };
        reason = string.Empty;
        return true;
    }
}
