namespace Rampart.Wire.Pldm;

/// <summary>
/// PLDM completion codes common to all types (DSP0240 1.1 Table 4). Values 0x80–0xFF are
/// command specific: see <see cref="Base.BaseCompletionCode"/> and
/// <see cref="FirmwareUpdate.FirmwareUpdateCompletionCode"/>. The enum is open.
/// </summary>
public enum PldmCompletionCode : byte
{
    /// <summary>SUCCESS (0x00).</summary>
    Success = 0x00,

    /// <summary>ERROR (0x01): generic failure.</summary>
    Error = 0x01,

    /// <summary>ERROR_INVALID_DATA (0x02).</summary>
    ErrorInvalidData = 0x02,

    /// <summary>ERROR_INVALID_LENGTH (0x03).</summary>
    ErrorInvalidLength = 0x03,

    /// <summary>ERROR_NOT_READY (0x04).</summary>
    ErrorNotReady = 0x04,

    /// <summary>ERROR_UNSUPPORTED_PLDM_CMD (0x05).</summary>
    ErrorUnsupportedPldmCommand = 0x05,

    /// <summary>ERROR_INVALID_PLDM_TYPE (0x20).</summary>
    ErrorInvalidPldmType = 0x20,
}

/// <summary>Names of completion codes, by PLDM type and command.</summary>
public static class PldmCompletionCodes
{
    /// <summary>The first command-specific value.</summary>
    public const byte FirstCommandSpecific = 0x80;

    /// <summary>The spec name of <paramref name="code"/> as returned for (<paramref name="type"/>, <paramref name="command"/>).</summary>
    public static string Name(PldmType type, byte command, PldmCompletionCode code)
    {
        var value = (byte)code;
        if (value < FirstCommandSpecific)
        {
            return code switch
            {
                PldmCompletionCode.Success => "SUCCESS",
                PldmCompletionCode.Error => "ERROR",
                PldmCompletionCode.ErrorInvalidData => "ERROR_INVALID_DATA",
                PldmCompletionCode.ErrorInvalidLength => "ERROR_INVALID_LENGTH",
                PldmCompletionCode.ErrorNotReady => "ERROR_NOT_READY",
                PldmCompletionCode.ErrorUnsupportedPldmCommand => "ERROR_UNSUPPORTED_PLDM_CMD",
                PldmCompletionCode.ErrorInvalidPldmType => "ERROR_INVALID_PLDM_TYPE",
                _ => $"RESERVED_0x{value:X2}",
            };
        }

        return type switch
        {
            PldmType.Base => Base.BaseCompletionCodes.Name(command, (Base.BaseCompletionCode)value),
            PldmType.FirmwareUpdate => FirmwareUpdate.FirmwareUpdateCompletionCodes.Name((FirmwareUpdate.FirmwareUpdateCompletionCode)value),
            _ => $"COMMAND_SPECIFIC_0x{value:X2}",
        };
    }
}
