namespace Rampart.Wire.Pldm.Base;

/// <summary>PLDM Messaging Control and Discovery commands (DSP0240 1.1 Table 9, DSP0245).</summary>
public enum BaseCommand : byte
{
    /// <summary>SetTID (0x01).</summary>
    SetTid = 0x01,

    /// <summary>GetTID (0x02).</summary>
    GetTid = 0x02,

    /// <summary>GetPLDMVersion (0x03).</summary>
    GetPldmVersion = 0x03,

    /// <summary>GetPLDMTypes (0x04).</summary>
    GetPldmTypes = 0x04,

    /// <summary>GetPLDMCommands (0x05).</summary>
    GetPldmCommands = 0x05,

    /// <summary>SelectPLDMVersion (0x06).</summary>
    SelectPldmVersion = 0x06,

    /// <summary>NegotiateTransferParameters (0x07).</summary>
    NegotiateTransferParameters = 0x07,

    /// <summary>MultipartSend (0x08).</summary>
    MultipartSend = 0x08,

    /// <summary>MultipartReceive (0x09).</summary>
    MultipartReceive = 0x09,
}
