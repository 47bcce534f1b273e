using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Wire.Pldm;

/// <summary>
/// Spec names of PLDM types and commands (DSP0245 Table 1; DSP0240 Table 9; DSP0267 1.3
/// command table), for traces and logs. Unknown values get a hex placeholder, never an exception.
/// </summary>
public static class PldmMessageNames
{
    /// <summary>The name of a PLDM type, e.g. "Firmware Update".</summary>
    public static string TypeName(PldmType type) => type switch
    {
        PldmType.Base => "Messaging Control and Discovery",
        PldmType.Smbios => "SMBIOS",
        PldmType.PlatformMonitoringAndControl => "Platform Monitoring and Control",
        PldmType.BiosControl => "BIOS Control and Configuration",
        PldmType.FruData => "FRU Data",
        PldmType.FirmwareUpdate => "Firmware Update",
        PldmType.RedfishDeviceEnablement => "Redfish Device Enablement",
        PldmType.FileTransfer => "File Transfer",
        PldmType.Oem => "OEM",
        _ => $"Type 0x{(byte)type:X2}",
    };

    /// <summary>True when the command of <paramref name="type"/> has a name in the tables this codec covers.</summary>
    public static bool IsKnown(PldmType type, byte command) => TryGetCommandName(type, command, out _);

    /// <summary>The spec name of a command, e.g. "RequestFirmwareData", or "Command 0xNN".</summary>
    public static string CommandName(PldmType type, byte command) =>
        TryGetCommandName(type, command, out var name) ? name : $"Command 0x{command:X2}";

    /// <summary>The spec name of a command, if the tables this codec covers define it.</summary>
    public static bool TryGetCommandName(PldmType type, byte command, out string name)
    {
        name = type switch
        {
            PldmType.Base => BaseName((BaseCommand)command),
            PldmType.FirmwareUpdate => FirmwareUpdateName((FirmwareUpdateCommand)command),
            _ => string.Empty,
        };
        return name.Length != 0;
    }

    private static string BaseName(BaseCommand command) => command switch
    {
        BaseCommand.SetTid => "SetTID",
        BaseCommand.GetTid => "GetTID",
        BaseCommand.GetPldmVersion => "GetPLDMVersion",
        BaseCommand.GetPldmTypes => "GetPLDMTypes",
        BaseCommand.GetPldmCommands => "GetPLDMCommands",
        BaseCommand.SelectPldmVersion => "SelectPLDMVersion",
        BaseCommand.NegotiateTransferParameters => "NegotiateTransferParameters",
        BaseCommand.MultipartSend => "MultipartSend",
        BaseCommand.MultipartReceive => "MultipartReceive",
        _ => string.Empty,
    };

    private static string FirmwareUpdateName(FirmwareUpdateCommand command) => command switch
    {
        FirmwareUpdateCommand.QueryDeviceIdentifiers => "QueryDeviceIdentifiers",
        FirmwareUpdateCommand.GetFirmwareParameters => "GetFirmwareParameters",
        FirmwareUpdateCommand.QueryDownstreamDevices => "QueryDownstreamDevices",
        FirmwareUpdateCommand.QueryDownstreamIdentifiers => "QueryDownstreamIdentifiers",
        FirmwareUpdateCommand.GetDownstreamFirmwareParameters => "GetDownstreamFirmwareParameters",
        FirmwareUpdateCommand.RequestUpdate => "RequestUpdate",
        FirmwareUpdateCommand.GetPackageData => "GetPackageData",
        FirmwareUpdateCommand.GetDeviceMetaData => "GetDeviceMetaData",
        FirmwareUpdateCommand.PassComponentTable => "PassComponentTable",
        FirmwareUpdateCommand.UpdateComponent => "UpdateComponent",
        FirmwareUpdateCommand.RequestFirmwareData => "RequestFirmwareData",
        FirmwareUpdateCommand.TransferComplete => "TransferComplete",
        FirmwareUpdateCommand.VerifyComplete => "VerifyComplete",
        FirmwareUpdateCommand.ApplyComplete => "ApplyComplete",
        FirmwareUpdateCommand.GetMetaData => "GetMetaData",
        FirmwareUpdateCommand.ActivateFirmware => "ActivateFirmware",
        FirmwareUpdateCommand.GetStatus => "GetStatus",
        FirmwareUpdateCommand.CancelUpdateComponent => "CancelUpdateComponent",
        FirmwareUpdateCommand.CancelUpdate => "CancelUpdate",
        FirmwareUpdateCommand.ActivatePendingComponentImageSet => "ActivatePendingComponentImageSet",
        FirmwareUpdateCommand.ActivatePendingComponentImage => "ActivatePendingComponentImage",
        FirmwareUpdateCommand.RequestDownstreamDeviceUpdate => "RequestDownstreamDeviceUpdate",
        FirmwareUpdateCommand.GetComponentOpaqueData => "GetComponentOpaqueData",
        FirmwareUpdateCommand.UpdateSecurityRevision => "UpdateSecurityRevision",
        _ => string.Empty,
    };
}
