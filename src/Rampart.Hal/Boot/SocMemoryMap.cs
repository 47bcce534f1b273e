namespace Rampart.Hal.Boot;

/// <summary>
/// Bus addresses of the virtual subsystem's memories (Rampart's own map; decision 0260). Caliptra
/// reaches them through its AXI master (<see cref="ICaliptraHardware.Bus"/>), the MCU through
/// <see cref="IMcuHardware.Bus"/>.
/// </summary>
public static class SocMemoryMap
{
    /// <summary>
    /// The provisioning region: what the manufacturer left for the ROM (the IDevID certificates
    /// its CA issued and the CA certificates), a u32 length then a <see cref="HandoffTable"/>. Read-only.
    /// </summary>
    public const ulong ProvisioningBase = 0x1000_0000;

    /// <summary>Size of the provisioning region.</summary>
    public const int ProvisioningSize = 64 * 1024;

    /// <summary>MCU SRAM: Caliptra's runtime places the MCU runtime image at its start.</summary>
    public const ulong McuSramBase = 0x2000_0000;

    /// <summary>Size of MCU SRAM.</summary>
    public const int McuSramSize = 4 * 1024 * 1024;

    /// <summary>SoC memory where stage-2 images are loaded (their manifest load addresses fall here).</summary>
    public const ulong SocImageBase = 0x8000_0000;

    /// <summary>Size of the SoC image memory.</summary>
    public const int SocImageSize = 16 * 1024 * 1024;
}
