using Rampart.Wire.Pldm;

namespace Rampart.Protocols.Pldm;

/// <summary>How an update run ended (local to the UA; never sent).</summary>
public enum UpdateAgentStatus
{
    /// <summary>Every component was transferred, verified and applied, and the FD activated them.</summary>
    Success = 1,

    /// <summary>The FD's descriptors do not contain the plan's target descriptors.</summary>
    DeviceMismatch = 2,

    /// <summary>A plan component is not in the FD's component parameter table.</summary>
    ComponentNotOnDevice = 3,

    /// <summary>A UA request went unanswered through every retry.</summary>
    NoResponse = 4,

    /// <summary>The FD answered a UA request with a failure completion code.</summary>
    Refused = 5,

    /// <summary>A response from the FD was malformed.</summary>
    MalformedResponse = 6,

    /// <summary>The FD would update no component of the plan.</summary>
    NothingToUpdate = 7,

    /// <summary>The FD reported a failed transfer (TransferComplete).</summary>
    TransferFailed = 8,

    /// <summary>The FD reported a failed verification (VerifyComplete).</summary>
    VerifyFailed = 9,

    /// <summary>The FD reported a failed apply (ApplyComplete).</summary>
    ApplyFailed = 10,

    /// <summary>The FD stopped sending its requests during a component update.</summary>
    DeviceTimeout = 11,

    /// <summary>The caller cancelled; CancelUpdate was sent.</summary>
    Cancelled = 12,

    /// <summary>The plan itself is unusable (empty, a version string too long…).</summary>
    InvalidPlan = 13,
}

/// <summary>The outcome of <see cref="UpdateAgentEngine.RunAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Detail">A short human-readable explanation.</param>
/// <param name="CompletionCode">The FD's completion code or result byte, when the status comes from one.</param>
/// <param name="ComponentIndex">The plan component concerned, or -1.</param>
public readonly record struct UpdateAgentResult(UpdateAgentStatus Status, string Detail, PldmCompletionCode CompletionCode = PldmCompletionCode.Success, int ComponentIndex = -1)
{
    /// <summary>True for <see cref="UpdateAgentStatus.Success"/>.</summary>
    public bool IsSuccess => Status == UpdateAgentStatus.Success;
}

/// <summary>What the UA is doing.</summary>
public enum UpdateAgentPhase
{
    /// <summary>QueryDeviceIdentifiers, GetFirmwareParameters, RequestUpdate, PassComponentTable.</summary>
    Preparing = 1,

    /// <summary>Serving RequestFirmwareData for a component.</summary>
    Transfer = 2,

    /// <summary>Waiting for VerifyComplete.</summary>
    Verify = 3,

    /// <summary>Waiting for ApplyComplete.</summary>
    Apply = 4,

    /// <summary>ActivateFirmware.</summary>
    Activate = 5,
}

/// <summary>Progress of an update run.</summary>
/// <param name="ComponentIndex">The plan component (-1 outside component updates).</param>
/// <param name="Phase">The phase.</param>
/// <param name="BytesServed">Image bytes of the component served so far (the highest end served).</param>
/// <param name="TotalBytes">The component image size.</param>
public readonly record struct UpdateProgress(int ComponentIndex, UpdateAgentPhase Phase, long BytesServed, long TotalBytes);

/// <summary>Limits and timing of an <see cref="UpdateAgentEngine"/>.</summary>
public sealed class UpdateAgentOptions
{
    /// <summary>MaximumTransferSize offered in RequestUpdate (≥ 32; default 1024).</summary>
    public uint MaxTransferSize { get; init; } = 1024;

    /// <summary>How long to wait for the FD's response to a UA request before retrying (default 1 s).</summary>
    public long ResponseTimeout { get; init; } = Hal.Time.TimeUnits.Second;

    /// <summary>Retries of one UA request after the first attempt (default 3).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>How long the FD may stay silent during a component update before the UA gives up (default 60 s).</summary>
    public long DeviceRequestTimeout { get; init; } = 60 * Hal.Time.TimeUnits.Second;

    /// <summary>Called on each progress step.</summary>
    public Action<UpdateProgress>? Progress { get; init; }
}
