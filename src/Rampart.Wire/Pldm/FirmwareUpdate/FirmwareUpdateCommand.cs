namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>PLDM for Firmware Update commands (DSP0267 1.3 Table "PLDM for Firmware Update command codes").</summary>
public enum FirmwareUpdateCommand : byte
{
    /// <summary>QueryDeviceIdentifiers (0x01), UA→FD.</summary>
    QueryDeviceIdentifiers = 0x01,

    /// <summary>GetFirmwareParameters (0x02), UA→FD.</summary>
    GetFirmwareParameters = 0x02,

    /// <summary>QueryDownstreamDevices (0x03), UA→FD.</summary>
    QueryDownstreamDevices = 0x03,

    /// <summary>QueryDownstreamIdentifiers (0x04), UA→FD.</summary>
    QueryDownstreamIdentifiers = 0x04,

    /// <summary>GetDownstreamFirmwareParameters (0x05), UA→FD.</summary>
    GetDownstreamFirmwareParameters = 0x05,

    /// <summary>RequestUpdate (0x10), UA→FD.</summary>
    RequestUpdate = 0x10,

    /// <summary>GetPackageData (0x11), FD→UA.</summary>
    GetPackageData = 0x11,

    /// <summary>GetDeviceMetaData (0x12), UA→FD.</summary>
    GetDeviceMetaData = 0x12,

    /// <summary>PassComponentTable (0x13), UA→FD.</summary>
    PassComponentTable = 0x13,

    /// <summary>UpdateComponent (0x14), UA→FD.</summary>
    UpdateComponent = 0x14,

    /// <summary>RequestFirmwareData (0x15), FD→UA.</summary>
    RequestFirmwareData = 0x15,

    /// <summary>TransferComplete (0x16), FD→UA.</summary>
    TransferComplete = 0x16,

    /// <summary>VerifyComplete (0x17), FD→UA.</summary>
    VerifyComplete = 0x17,

    /// <summary>ApplyComplete (0x18), FD→UA.</summary>
    ApplyComplete = 0x18,

    /// <summary>GetMetaData (0x19), FD→UA.</summary>
    GetMetaData = 0x19,

    /// <summary>ActivateFirmware (0x1A), UA→FD.</summary>
    ActivateFirmware = 0x1A,

    /// <summary>GetStatus (0x1B), UA→FD.</summary>
    GetStatus = 0x1B,

    /// <summary>CancelUpdateComponent (0x1C), UA→FD.</summary>
    CancelUpdateComponent = 0x1C,

    /// <summary>CancelUpdate (0x1D), UA→FD.</summary>
    CancelUpdate = 0x1D,

    /// <summary>ActivatePendingComponentImageSet (0x1E), UA→FD, 1.3.</summary>
    ActivatePendingComponentImageSet = 0x1E,

    /// <summary>ActivatePendingComponentImage (0x1F), UA→FD, 1.3.</summary>
    ActivatePendingComponentImage = 0x1F,

    /// <summary>RequestDownstreamDeviceUpdate (0x20), UA→FD, 1.3.</summary>
    RequestDownstreamDeviceUpdate = 0x20,

    /// <summary>GetComponentOpaqueData (0x21), FD→UA, 1.3.</summary>
    GetComponentOpaqueData = 0x21,

    /// <summary>UpdateSecurityRevision (0x22), UA→FD, 1.3.</summary>
    UpdateSecurityRevision = 0x22,
}
