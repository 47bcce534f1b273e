using Rampart.Images;
using Rampart.Images.Manifest;
using Rampart.Images.Package;
using Rampart.Wire;

namespace Rampart.Chip.Boot;

/// <summary>
/// Replaces built images with files a user made (<c>rampart image build</c>, <c>manifest build</c>,
/// <c>pldm-package build</c>): the boot then streams exactly those bytes, so a firmware developer
/// boots what they signed, and a tampered file fails the way the device would fail it.
/// </summary>
public static class BootImageFiles
{
    /// <summary>
    /// Applies the given files. A package replaces the stage-2 images: its components become the SoC
    /// images (identifier = fw_id), placed where the SoC manifest in use says. False and a reason
    /// when the package cannot be read (the device never sees a package it cannot parse either).
    /// </summary>
    public static bool TryApply(BootImages images, byte[]? bundle, byte[]? manifest, byte[]? mcuRuntime, byte[]? package, out BootImages result, out string reason)
    {
        ArgumentNullException.ThrowIfNull(images);
        result = images with
        {
            Bundle = bundle ?? images.Bundle,
            Manifest = manifest ?? images.Manifest,
            McuRuntime = mcuRuntime ?? images.McuRuntime,
        };
        reason = string.Empty;
        if (package is null)
        {
            return true;
        }

        var verdict = PldmPackageReader.TryRead(package, out var parsed);
        if (verdict != ImageVerdict.Verified || parsed is null)
        {
            reason = $"the package is not a valid DSP0267 package: {verdict}";
            return false;
        }

        var soc = new List<SocImage>();
        foreach (var component in parsed.Components)
        {
            var fwId = (uint)component.Identifier;
            ImageMetadataEntry? entry = null;
            if (SocManifest.TryFindEntry(result.Manifest, fwId, out var entryBytes))
            {
                ImageMetadataEntry.TryRead(entryBytes, out entry);
            }

            soc.Add(entry is null
                ? new SocImage(fwId, $"component 0x{fwId:X} (not in the manifest)", component.Image, 0, -1)
                : new SocImage(fwId, $"component 0x{fwId:X}", component.Image, entry.LoadAddress, entry.ExecBit));
        }

        result = result with { SocImages = soc, Package = package };
        return true;
    }
}
