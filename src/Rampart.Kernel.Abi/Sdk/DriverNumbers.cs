namespace Rampart.Kernel.Abi.Sdk;

/// <summary>
/// Driver numbers apps use (KERNEL.md; the Caliptra MCU numbers, plus Rampart's SoC memory and
/// session-secret drivers in the board-private range).
/// </summary>
public static class DriverNumbers
{
    /// <summary>MCTP SPDM (message type 5).</summary>
    public const uint MctpSpdm = 0xA_0000;

    /// <summary>MCTP secured SPDM (message type 6).</summary>
    public const uint MctpSecuredSpdm = 0xA_0001;

    /// <summary>MCTP PLDM (message type 1).</summary>
    public const uint MctpPldm = 0xA_0002;

    /// <summary>MCTP Caliptra vendor-defined messages (message type 0x7F, IANA 0xA67F).</summary>
    public const uint MctpCaliptraVdm = 0xA_0003;

    /// <summary>SPDM over PCIe DOE.</summary>
    public const uint DoeSpdm = 0xA000_0010;

    /// <summary>The Caliptra mailbox.</summary>
    public const uint CaliptraMailbox = 0x8000_0009;

    /// <summary>SoC memory writes (places SoC images at their load addresses).</summary>
    public const uint SocMemory = 0x9000_0001;

    /// <summary>
    /// SPDM session secrets to the chip's debug port (decision 0276): present only when the host set
    /// the debug strap; write-only.
    /// </summary>
    public const uint SpdmSessionSecrets = 0x9000_0002;

    /// <summary>
    /// The provisioned SPDM requester trust (decision 0277): present only when the board holds a
    /// requester-trust record; read-only.
    /// </summary>
    public const uint SpdmRequesterTrust = 0x9000_0003;
}
