namespace Rampart.Wire.Pldm.Base;

/// <summary>
/// Command-specific completion codes of the PLDM base type (DSP0240 1.1 §7 Tables 10–13:
/// GetPLDMVersion and GetPLDMCommands).
/// </summary>
public enum BaseCompletionCode : byte
{
    /// <summary>INVALID_DATA_TRANSFER_HANDLE (0x80), GetPLDMVersion.</summary>
    InvalidDataTransferHandle = 0x80,

    /// <summary>INVALID_TRANSFER_OPERATION_FLAG (0x81), GetPLDMVersion.</summary>
    InvalidTransferOperationFlag = 0x81,

    /// <summary>INVALID_PLDM_TYPE_IN_REQUEST_DATA (0x83), GetPLDMVersion and GetPLDMCommands.</summary>
    InvalidPldmTypeInRequestData = 0x83,

    /// <summary>INVALID_PLDM_VERSION_IN_REQUEST_DATA (0x84), GetPLDMCommands.</summary>
    InvalidPldmVersionInRequestData = 0x84,
}

/// <summary>Names of <see cref="BaseCompletionCode"/> values.</summary>
public static class BaseCompletionCodes
{
    /// <summary>The spec name of a command-specific code of <paramref name="command"/>.</summary>
    public static string Name(byte command, BaseCompletionCode code) => (command, code) switch
    {
        ((byte)BaseCommand.GetPldmVersion, BaseCompletionCode.InvalidDataTransferHandle) => "INVALID_DATA_TRANSFER_HANDLE",
        ((byte)BaseCommand.GetPldmVersion, BaseCompletionCode.InvalidTransferOperationFlag) => "INVALID_TRANSFER_OPERATION_FLAG",
        ((byte)BaseCommand.GetPldmVersion or (byte)BaseCommand.GetPldmCommands, BaseCompletionCode.InvalidPldmTypeInRequestData) => "INVALID_PLDM_TYPE_IN_REQUEST_DATA",
        ((byte)BaseCommand.GetPldmCommands, BaseCompletionCode.InvalidPldmVersionInRequestData) => "INVALID_PLDM_VERSION_IN_REQUEST_DATA",
        _ => $"COMMAND_SPECIFIC_0x{(byte)code:X2}",
    };
}
