namespace Rampart.Chip;

/// <summary>AXI user (requester) ids of the bus masters, as the mailbox and MCI check them.</summary>
public static class ChipRequesters
{
    /// <summary>The MCU.</summary>
    public const uint Mcu = 0x0000_0001;

    /// <summary>The BMC agent (it does not use the mailbox in the default flow).</summary>
    public const uint Bmc = 0x0000_0002;

    /// <summary>Caliptra.</summary>
    public const uint Caliptra = Platform.Peripherals.SocMailbox.CaliptraRequester;
}
