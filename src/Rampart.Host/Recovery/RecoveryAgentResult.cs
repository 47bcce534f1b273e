using Rampart.Wire.Recovery;

namespace Rampart.Host.Recovery;

/// <summary>How an image (or the whole run) ended, as the agent sees it (success is not zero).</summary>
public enum RecoveryOutcome
{
    /// <summary>The device accepted the image (RECOVERY_STATUS success, or it moved on to the next index).</summary>
    Success = 1,

    /// <summary>The device reported RECOVERY_STATUS authentication error (0xD).</summary>
    AuthenticationError = 2,

    /// <summary>The device reported another failure (RECOVERY_STATUS 0xC, 0xE, 0xF, or DEVICE_STATUS boot failure/fatal).</summary>
    DeviceRejected = 3,

    /// <summary>A transfer failed on every try, or every stream of an image lost data.</summary>
    RetriesExhausted = 4,

    /// <summary>The device answered something the protocol does not allow (bad PROT_CAP, missing capability, undecodable payload, unexpected status).</summary>
    ProtocolError = 5,

    /// <summary>The device did not reach the awaited state in time.</summary>
    Timeout = 6,
}

/// <summary>The result of streaming one image, with the last DEVICE_STATUS and RECOVERY_STATUS values the agent read.</summary>
/// <param name="ImageIndex">The recovery image index.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="ImageBytes">The image size (unpadded).</param>
/// <param name="StreamAttempts">Streams started (1 unless data was lost and the image restarted).</param>
/// <param name="DeviceStatus">DEVICE_STATUS status last read.</param>
/// <param name="ProtocolError">DEVICE_STATUS protocol error last read.</param>
/// <param name="Reason">DEVICE_STATUS recovery reason last read.</param>
/// <param name="RecoveryStatus">RECOVERY_STATUS status last read.</param>
/// <param name="StatusImageIndex">RECOVERY_STATUS image index last read.</param>
/// <param name="StartTime">Chip time the image's turn began.</param>
/// <param name="EndTime">Chip time its outcome was known.</param>
/// <param name="Detail">A short explanation for logs.</param>
public sealed record RecoveryImageResult(
    byte ImageIndex,
    RecoveryOutcome Outcome,
    int ImageBytes,
    int StreamAttempts,
    DeviceStatusCode DeviceStatus,
    RecoveryProtocolError ProtocolError,
    RecoveryReason Reason,
    RecoveryStatusCode RecoveryStatus,
    byte StatusImageIndex,
    long StartTime,
    long EndTime,
    string Detail);

/// <summary>The result of a whole streaming-boot run.</summary>
/// <param name="Outcome">Success when every image succeeded; otherwise the first failure.</param>
/// <param name="Images">One entry per image attempted, in order (images after a failure are not attempted).</param>
/// <param name="Capabilities">PROT_CAP as read, when it was.</param>
/// <param name="StartTime">Chip time the run began.</param>
/// <param name="EndTime">Chip time it ended.</param>
/// <param name="Detail">A short explanation for logs.</param>
public sealed record RecoveryAgentResult(
    RecoveryOutcome Outcome,
    IReadOnlyList<RecoveryImageResult> Images,
    ProtCap? Capabilities,
    long StartTime,
    long EndTime,
    string Detail)
{
    /// <summary>True when every image succeeded.</summary>
    public bool Succeeded => Outcome == RecoveryOutcome.Success;
}
