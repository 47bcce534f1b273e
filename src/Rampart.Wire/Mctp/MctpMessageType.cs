namespace Rampart.Wire.Mctp;

/// <summary>
/// MCTP message type (DSP0239; DSP0236 §8): the low 7 bits of the first byte of a
/// message body. Values not listed are open: decoders carry them through.
/// </summary>
public enum MctpMessageType : byte
{
    /// <summary>MCTP Control (DSP0236 §12).</summary>
    Control = 0x00,

    /// <summary>PLDM over MCTP (DSP0241).</summary>
    Pldm = 0x01,

    /// <summary>NC-SI over MCTP (DSP0261).</summary>
    NcSi = 0x02,

    /// <summary>Ethernet over MCTP (DSP0261).</summary>
    Ethernet = 0x03,

    /// <summary>NVM Express Management Messages over MCTP.</summary>
    NvmeMi = 0x04,

    /// <summary>SPDM over MCTP (DSP0275).</summary>
    Spdm = 0x05,

    /// <summary>Secured Messages using SPDM over MCTP (DSP0276).</summary>
    SecuredSpdm = 0x06,

    /// <summary>CXL FM API over MCTP (DSP0234).</summary>
    CxlFmApi = 0x07,

    /// <summary>CXL CCI over MCTP (DSP0281).</summary>
    CxlCci = 0x08,

    /// <summary>Vendor Defined – PCI (DSP0236 §13).</summary>
    VendorDefinedPci = 0x7E,

    /// <summary>Vendor Defined – IANA (DSP0236 §13).</summary>
    VendorDefinedIana = 0x7F,
}

/// <summary>Names for <see cref="MctpMessageType"/>.</summary>
public static class MctpMessageTypeNames
{
    /// <summary>A display name; unknown values print as hex.</summary>
    public static string Name(MctpMessageType type) => type switch
    {
        MctpMessageType.Control => "MCTP Control",
        MctpMessageType.Pldm => "PLDM",
        MctpMessageType.NcSi => "NC-SI",
        MctpMessageType.Ethernet => "Ethernet",
        MctpMessageType.NvmeMi => "NVMe-MI",
        MctpMessageType.Spdm => "SPDM",
        MctpMessageType.SecuredSpdm => "Secured SPDM",
        MctpMessageType.CxlFmApi => "CXL FM API",
        MctpMessageType.CxlCci => "CXL CCI",
        MctpMessageType.VendorDefinedPci => "Vendor Defined PCI",
        MctpMessageType.VendorDefinedIana => "Vendor Defined IANA",
        _ => $"Type 0x{(byte)type:X2}",
    };
}
