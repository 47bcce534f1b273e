namespace Rampart.Protocols.Pldm;

/// <summary>Why the firmware device last gave up on a component or on the update (local, never sent).</summary>
public enum FirmwareDeviceFailure
{
    /// <summary>No failure since the last RequestUpdate.</summary>
    None = 0,

    /// <summary>FD_T1: the UA went quiet in update mode; the FD returned to IDLE.</summary>
    IdleTimeout = 1,

    /// <summary>An FD→UA request went unanswered through every retry; the FD returned to IDLE.</summary>
    RetriesExhausted = 2,

    /// <summary>The UA refused a RequestFirmwareData (its completion code is in <see cref="FirmwareDeviceEngine.LastPeerCompletionCode"/>).</summary>
    TransferRefused = 3,

    /// <summary>The handler could not store received data.</summary>
    StorageFailed = 4,

    /// <summary>The handler's verification failed.</summary>
    VerifyFailed = 5,

    /// <summary>The handler's apply failed.</summary>
    ApplyFailed = 6,

    /// <summary>The UA cancelled the component or the update.</summary>
    Cancelled = 7,
}
