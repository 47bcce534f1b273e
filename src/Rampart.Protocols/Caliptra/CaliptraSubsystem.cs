namespace Rampart.Protocols.Caliptra;

/// <summary>
/// Numbers the Caliptra runtime, the MCU and the chip agree on (decision 0250): firmware ids of
/// the SoC manifest, the MCU SRAM bus address, the streaming-boot recovery image indices.
/// </summary>
public static class CaliptraSubsystem
{
    /// <summary>fw_id of the MCU runtime in the SoC manifest (caliptra-sw <c>ActivateFirmwareReq::MCU_IMAGE_ID</c>).</summary>
    public const uint McuRuntimeFwId = Hal.Boot.FirmwareIds.McuRuntime;

    /// <summary>Where MCU SRAM sits on the subsystem bus as Caliptra's AXI master sees it.</summary>
    public const ulong McuSramBase = Hal.Boot.SocMemoryMap.McuSramBase;

    /// <summary>Recovery image index of the Caliptra FMC + runtime bundle.</summary>
    public const byte BundleImageIndex = 0;

    /// <summary>Recovery image index of the SoC manifest.</summary>
    public const byte SocManifestImageIndex = 1;

    /// <summary>Recovery image index of the MCU runtime.</summary>
    public const byte McuRuntimeImageIndex = 2;
}
