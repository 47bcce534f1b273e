using Rampart.Hal.Crypto;
using Rampart.Images.Bundle;
using Rampart.Images.Manifest;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Host.Attestation;

/// <summary>
/// Reference values derived from the images a device should have booted (a Caliptra firmware
/// bundle and a SoC manifest), in the block layout Rampart's MCU reports
/// (<see cref="SpdmMeasurementLayout"/>): the FMC and runtime digests from the bundle's TOC, the
/// firmware SVN from its header, SHA-384 of the manifest, and each manifest image's digest by
/// ascending fw_id (fw_ids 1–63). PCR blocks have no reference here: they fold in the order of
/// the boot's events and are reported for information.
/// </summary>
public static class ImageReferenceValues
{
    /// <summary>Derives the values; false with a precise reason when an image does not parse.</summary>
    public static bool TryDerive(ReadOnlySpan<byte> bundle, ReadOnlySpan<byte> manifest, IShaEngine sha, out ReferenceValues? values, out string? error)
    {
        ArgumentNullException.ThrowIfNull(sha);
        values = null;
        if (FirmwareBundle.TryRead(bundle, out var parsedBundle) != WireStatus.Done || parsedBundle is null)
        {
            error = "the firmware bundle does not parse";
            return false;
        }

        if (SocManifest.TryRead(manifest, out var parsedManifest) != WireStatus.Done || parsedManifest is null)
        {
            error = "the SoC manifest does not parse";
            return false;
        }

        var manifestDigest = new byte[48];
        sha.Hash(ShaAlgorithm.Sha384, manifest, manifestDigest);
        var digests = new Dictionary<int, byte[]>
        {
            [SpdmMeasurementLayout.FmcDigest] = parsedBundle.Fmc.Digest.ToArray(),
            [SpdmMeasurementLayout.RuntimeDigest] = parsedBundle.Runtime.Digest.ToArray(),
            [SpdmMeasurementLayout.SocManifestDigest] = manifestDigest,
            [SpdmMeasurementLayout.FirmwareSvn] = SpdmMeasurementLayout.SvnValue(parsedBundle.Header.Svn),
        };
        var index = SpdmMeasurementLayout.FirstImage;
        foreach (var entry in parsedManifest.Entries.Where(e => e.FwId is >= 1 and <= SpdmMeasurementLayout.MaxImages).OrderBy(e => e.FwId))
        {
            digests[index++] = entry.Digest.ToArray();
        }

        values = ReferenceValues.From(digests);
        error = null;
        return true;
    }
}
