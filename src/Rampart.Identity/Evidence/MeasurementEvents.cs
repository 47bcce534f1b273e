namespace Rampart.Identity.Evidence;

/// <summary>
/// Event types of the measurement log entries Rampart's firmware writes (Rampart's own numbers;
/// a verifier replays the log per PCR and names each entry by these).
/// </summary>
public static class MeasurementEvents
{
    /// <summary>ROM: the 9-byte device state (lifecycle, debug, anti-rollback, key indices, SVNs, PQC type).</summary>
    public const uint DeviceState = 0x0100;

    /// <summary>ROM: SHA-384 of the vendor key descriptors (the fused hash).</summary>
    public const uint VendorKeyHash = 0x0101;

    /// <summary>ROM: SHA-384 of the owner keys.</summary>
    public const uint OwnerKeyHash = 0x0102;

    /// <summary>ROM: SHA-384 of the FMC image.</summary>
    public const uint FmcDigest = 0x0103;

    /// <summary>FMC: SHA-384 of the runtime image.</summary>
    public const uint RuntimeDigest = 0x0200;

    /// <summary>FMC: SHA-384 of the firmware manifest (the bundle's signed header).</summary>
    public const uint ManifestDigest = 0x0201;

    /// <summary>Runtime: SHA-384 of the SoC authorization manifest.</summary>
    public const uint SocManifestDigest = 0x0300;

    /// <summary>Runtime: SHA-384 of an image it authorized (MCU runtime, SoC images); data = fw_id (4) || digest.</summary>
    public const uint AuthorizedImage = 0x0301;

    /// <summary>Runtime: a measurement stashed by the SoC (STASH_MEASUREMENT).</summary>
    public const uint StashedMeasurement = 0x0302;
}
