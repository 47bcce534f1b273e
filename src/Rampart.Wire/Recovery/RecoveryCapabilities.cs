namespace Rampart.Wire.Recovery;

/// <summary>
/// The capability bits of PROT_CAP bytes 10–11 (OCP Secure Firmware Recovery 1.1 §9.2,
/// PROT_CAP). Bits 13–15 are reserved and kept as received.
/// </summary>
[Flags]
public enum RecoveryCapabilities : ushort
{
    /// <summary>No capability.</summary>
    None = 0,

    /// <summary>Bit 0: identification (DEVICE_ID).</summary>
    Identification = 1 << 0,

    /// <summary>Bit 1: forced recovery (RESET byte 1).</summary>
    ForcedRecovery = 1 << 1,

    /// <summary>Bit 2: management-only reset.</summary>
    ManagementReset = 1 << 2,

    /// <summary>Bit 3: device reset.</summary>
    DeviceReset = 1 << 3,

    /// <summary>Bit 4: device status (DEVICE_STATUS).</summary>
    DeviceStatus = 1 << 4,

    /// <summary>Bit 5: indirect memory access (INDIRECT_CTRL/STATUS/DATA).</summary>
    IndirectMemory = 1 << 5,

    /// <summary>Bit 6: local C-image stored on the device.</summary>
    LocalCImage = 1 << 6,

    /// <summary>Bit 7: push C-image over the interface.</summary>
    PushCImage = 1 << 7,

    /// <summary>Bit 8: interface isolation (bus mastering control).</summary>
    InterfaceIsolation = 1 << 8,

    /// <summary>Bit 9: hardware status (HW_STATUS).</summary>
    HardwareStatus = 1 << 9,

    /// <summary>Bit 10: vendor command (VENDOR).</summary>
    VendorCommand = 1 << 10,

    /// <summary>Bit 11: flashless boot (1.1).</summary>
    FlashlessBoot = 1 << 11,

    /// <summary>Bit 12: indirect FIFO CMS (INDIRECT_FIFO_*, 1.1).</summary>
    FifoCms = 1 << 12,
}
