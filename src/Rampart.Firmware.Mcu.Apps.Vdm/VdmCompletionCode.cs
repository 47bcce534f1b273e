namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// Completion codes of the Caliptra MCTP VDM responses (caliptra-mcu-sw
/// common/mctp-vdm/src/protocol/header.rs, <c>VdmCompletionCode</c>), carried as a little-endian
/// u32 right after the VDM header. Only the codes this app sends are listed.
/// </summary>
public enum VdmCompletionCode : uint
{
    /// <summary>The command succeeded.</summary>
    Success = 0x00,

    /// <summary>The header is wrong (vendor, request bit, reserved bits) or the area index is unknown.</summary>
    InvalidParameter = 0x02,

    /// <summary>The request is shorter or longer than the command's layout.</summary>
    InvalidLength = 0x03,

    /// <summary>Caliptra did not answer the query behind the command.</summary>
    OperationFailed = 0x05,

    /// <summary>The command code is not one this device implements.</summary>
    UnsupportedOperation = 0x07,
}
