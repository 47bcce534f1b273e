namespace Rampart.Hal.Boot;

/// <summary>fw_id values of the SoC manifest entries the streaming boot knows by name.</summary>
public static class FirmwareIds
{
    /// <summary>The MCU runtime (recovery image 2), authorized by Caliptra's runtime before it is placed in MCU SRAM.</summary>
    public const uint McuRuntime = 2;
}
