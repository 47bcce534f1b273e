namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// Completion codes specific to PLDM for Firmware Update (DSP0267 1.3 Table "PLDM for Firmware
/// Update completion codes", 0x80–0x96). Open: other values are carried as they are.
/// </summary>
public enum FirmwareUpdateCompletionCode : byte
{
    /// <summary>NOT_IN_UPDATE_MODE (0x80).</summary>
    NotInUpdateMode = 0x80,

    /// <summary>ALREADY_IN_UPDATE_MODE (0x81).</summary>
    AlreadyInUpdateMode = 0x81,

    /// <summary>DATA_OUT_OF_RANGE (0x82).</summary>
    DataOutOfRange = 0x82,

    /// <summary>INVALID_TRANSFER_LENGTH (0x83).</summary>
    InvalidTransferLength = 0x83,

    /// <summary>INVALID_STATE_FOR_COMMAND (0x84).</summary>
    InvalidStateForCommand = 0x84,

    /// <summary>INCOMPLETE_UPDATE (0x85).</summary>
    IncompleteUpdate = 0x85,

    /// <summary>BUSY_IN_BACKGROUND (0x86).</summary>
    BusyInBackground = 0x86,

    /// <summary>CANCEL_PENDING (0x87).</summary>
    CancelPending = 0x87,

    /// <summary>COMMAND_NOT_EXPECTED (0x88).</summary>
    CommandNotExpected = 0x88,

    /// <summary>RETRY_REQUEST_FW_DATA (0x89).</summary>
    RetryRequestFirmwareData = 0x89,

    /// <summary>UNABLE_TO_INITIATE_UPDATE (0x8A).</summary>
    UnableToInitiateUpdate = 0x8A,

    /// <summary>ACTIVATION_NOT_REQUIRED (0x8B).</summary>
    ActivationNotRequired = 0x8B,

    /// <summary>SELF_CONTAINED_ACTIVATION_NOT_PERMITTED (0x8C).</summary>
    SelfContainedActivationNotPermitted = 0x8C,

    /// <summary>NO_DEVICE_METADATA (0x8D).</summary>
    NoDeviceMetadata = 0x8D,

    /// <summary>RETRY_REQUEST_UPDATE (0x8E).</summary>
    RetryRequestUpdate = 0x8E,

    /// <summary>NO_PACKAGE_DATA (0x8F).</summary>
    NoPackageData = 0x8F,

    /// <summary>INVALID_TRANSFER_HANDLE (0x90).</summary>
    InvalidTransferHandle = 0x90,

    /// <summary>INVALID_TRANSFER_OPERATION_FLAG (0x91).</summary>
    InvalidTransferOperationFlag = 0x91,

    /// <summary>ACTIVATE_PENDING_IMAGE_NOT_PERMITTED (0x92).</summary>
    ActivatePendingImageNotPermitted = 0x92,

    /// <summary>PACKAGE_DATA_ERROR (0x93).</summary>
    PackageDataError = 0x93,

    /// <summary>NO_OPAQUE_DATA (0x94), 1.3.</summary>
    NoOpaqueData = 0x94,

    /// <summary>UPDATE_SECURITY_REVISION_NOT_PERMITTED (0x95), 1.3.</summary>
    UpdateSecurityRevisionNotPermitted = 0x95,

    /// <summary>DOWNSTREAM_DEVICE_LIST_CHANGED (0x96), 1.3.</summary>
    DownstreamDeviceListChanged = 0x96,
}

/// <summary>Names of <see cref="FirmwareUpdateCompletionCode"/> values.</summary>
public static class FirmwareUpdateCompletionCodes
{
    /// <summary>The spec name, or COMMAND_SPECIFIC_0xNN for a value the table does not define.</summary>
    public static string Name(FirmwareUpdateCompletionCode code) => code switch
    {
        FirmwareUpdateCompletionCode.NotInUpdateMode => "NOT_IN_UPDATE_MODE",
        FirmwareUpdateCompletionCode.AlreadyInUpdateMode => "ALREADY_IN_UPDATE_MODE",
        FirmwareUpdateCompletionCode.DataOutOfRange => "DATA_OUT_OF_RANGE",
        FirmwareUpdateCompletionCode.InvalidTransferLength => "INVALID_TRANSFER_LENGTH",
        FirmwareUpdateCompletionCode.InvalidStateForCommand => "INVALID_STATE_FOR_COMMAND",
        FirmwareUpdateCompletionCode.IncompleteUpdate => "INCOMPLETE_UPDATE",
        FirmwareUpdateCompletionCode.BusyInBackground => "BUSY_IN_BACKGROUND",
        FirmwareUpdateCompletionCode.CancelPending => "CANCEL_PENDING",
        FirmwareUpdateCompletionCode.CommandNotExpected => "COMMAND_NOT_EXPECTED",
        FirmwareUpdateCompletionCode.RetryRequestFirmwareData => "RETRY_REQUEST_FW_DATA",
        FirmwareUpdateCompletionCode.UnableToInitiateUpdate => "UNABLE_TO_INITIATE_UPDATE",
        FirmwareUpdateCompletionCode.ActivationNotRequired => "ACTIVATION_NOT_REQUIRED",
        FirmwareUpdateCompletionCode.SelfContainedActivationNotPermitted => "SELF_CONTAINED_ACTIVATION_NOT_PERMITTED",
        FirmwareUpdateCompletionCode.NoDeviceMetadata => "NO_DEVICE_METADATA",
        FirmwareUpdateCompletionCode.RetryRequestUpdate => "RETRY_REQUEST_UPDATE",
        FirmwareUpdateCompletionCode.NoPackageData => "NO_PACKAGE_DATA",
        FirmwareUpdateCompletionCode.InvalidTransferHandle => "INVALID_TRANSFER_HANDLE",
        FirmwareUpdateCompletionCode.InvalidTransferOperationFlag => "INVALID_TRANSFER_OPERATION_FLAG",
        FirmwareUpdateCompletionCode.ActivatePendingImageNotPermitted => "ACTIVATE_PENDING_IMAGE_NOT_PERMITTED",
        FirmwareUpdateCompletionCode.PackageDataError => "PACKAGE_DATA_ERROR",
        FirmwareUpdateCompletionCode.NoOpaqueData => "NO_OPAQUE_DATA",
        FirmwareUpdateCompletionCode.UpdateSecurityRevisionNotPermitted => "UPDATE_SECURITY_REVISION_NOT_PERMITTED",
        FirmwareUpdateCompletionCode.DownstreamDeviceListChanged => "DOWNSTREAM_DEVICE_LIST_CHANGED",
        _ => $"COMMAND_SPECIFIC_0x{(byte)code:X2}",
    };
}
