namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// Caliptra MCTP VDM command codes (REFERENCE.md "Caliptra VDMs"; caliptra-mcu-sw
/// common/mctp-vdm/src/protocol/commands.rs). This device implements the first two; any other
/// code is answered with <see cref="VdmCompletionCode.UnsupportedOperation"/>.
/// </summary>
public enum VdmCommand : byte
{
    /// <summary>Firmware version of one firmware area (request carries a u32 area index).</summary>
    FirmwareVersion = 0x01,

    /// <summary>The device's 64-byte capability block (request carries nothing).</summary>
    DeviceCapabilities = 0x02,
}
