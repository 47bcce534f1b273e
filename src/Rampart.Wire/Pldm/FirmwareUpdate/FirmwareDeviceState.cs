namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>Firmware device states (DSP0267 1.3 §"Firmware device state machine", GetStatus CurrentState/PreviousState).</summary>
public enum FirmwareDeviceState : byte
{
    /// <summary>IDLE (0).</summary>
    Idle = 0,

    /// <summary>LEARN COMPONENTS (1).</summary>
    LearnComponents = 1,

    /// <summary>READY XFER (2).</summary>
    ReadyTransfer = 2,

    /// <summary>DOWNLOAD (3).</summary>
    Download = 3,

    /// <summary>VERIFY (4).</summary>
    Verify = 4,

    /// <summary>APPLY (5).</summary>
    Apply = 5,

    /// <summary>ACTIVATE (6).</summary>
    Activate = 6,
}

/// <summary>AuxState of GetStatus (DSP0267 1.3 GetStatus response).</summary>
public enum AuxState : byte
{
    /// <summary>Operation in progress (0).</summary>
    OperationInProgress = 0,

    /// <summary>Operation successful (1).</summary>
    OperationSuccessful = 1,

    /// <summary>Operation failed (2).</summary>
    OperationFailed = 2,

    /// <summary>Not applicable: the FD is in IDLE, LEARN COMPONENTS or READY XFER (3).</summary>
    IdleLearnComponentsReadyTransfer = 3,
}

/// <summary>AuxStateStatus of GetStatus (DSP0267 1.3): 0 in progress or success, 1–0x0A result codes, 0x70–0xEF vendor.</summary>
public enum AuxStateStatus : byte
{
    /// <summary>AuxState is in progress or success (0x00).</summary>
    InProgressOrSuccess = 0x00,

    /// <summary>Timeout (0x09).</summary>
    Timeout = 0x09,

    /// <summary>Generic error (0x0A).</summary>
    GenericError = 0x0A,
}

/// <summary>ReasonCode of GetStatus: why the FD last entered IDLE (DSP0267 1.3).</summary>
public enum GetStatusReasonCode : byte
{
    /// <summary>Initialization of the FD (0).</summary>
    Initialization = 0,

    /// <summary>ActivateFirmware received (1).</summary>
    ActivateFirmware = 1,

    /// <summary>CancelUpdate received (2).</summary>
    CancelUpdate = 2,

    /// <summary>Timeout in LEARN COMPONENTS (3).</summary>
    TimeoutLearnComponents = 3,

    /// <summary>Timeout in READY XFER (4).</summary>
    TimeoutReadyTransfer = 4,

    /// <summary>Timeout in DOWNLOAD (5).</summary>
    TimeoutDownload = 5,

    /// <summary>Timeout in VERIFY (6).</summary>
    TimeoutVerify = 6,

    /// <summary>Timeout in APPLY (7).</summary>
    TimeoutApply = 7,
}

/// <summary>Names and range checks of the FD state enums.</summary>
public static class FirmwareDeviceStates
{
    /// <summary>True for IDLE … ACTIVATE.</summary>
    public static bool IsDefined(FirmwareDeviceState state) => state <= FirmwareDeviceState.Activate;

    /// <summary>True for the four AuxState values.</summary>
    public static bool IsDefined(AuxState state) => state <= AuxState.IdleLearnComponentsReadyTransfer;

    /// <summary>True for 0–7 and the vendor range 200–255.</summary>
    public static bool IsDefined(GetStatusReasonCode reason) => reason <= GetStatusReasonCode.TimeoutApply || (byte)reason >= 200;

    /// <summary>The spec's name, e.g. "READY XFER".</summary>
    public static string Name(FirmwareDeviceState state) => state switch
    {
        FirmwareDeviceState.Idle => "IDLE",
        FirmwareDeviceState.LearnComponents => "LEARN COMPONENTS",
        FirmwareDeviceState.ReadyTransfer => "READY XFER",
        FirmwareDeviceState.Download => "DOWNLOAD",
        FirmwareDeviceState.Verify => "VERIFY",
        FirmwareDeviceState.Apply => "APPLY",
        FirmwareDeviceState.Activate => "ACTIVATE",
        _ => $"RESERVED_0x{(byte)state:X2}",
    };
}
