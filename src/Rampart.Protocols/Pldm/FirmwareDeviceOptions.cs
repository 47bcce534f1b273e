using Rampart.Hal.Time;

namespace Rampart.Protocols.Pldm;

/// <summary>Timing and size limits of a <see cref="FirmwareDeviceEngine"/> (DSP0267 1.3 §"Timing specification").</summary>
public sealed class FirmwareDeviceOptions
{
    /// <summary>
    /// FD_T1, the update mode idle timeout: with no UA command or response for this long the FD
    /// leaves update mode for IDLE (DSP0267 allows 60–120 s; default 120 s).
    /// </summary>
    public long IdleTimeout { get; init; } = 120 * TimeUnits.Second;

    /// <summary>How long the FD waits for the response to one of its requests before retrying (default 1 s).</summary>
    public long ResponseTimeout { get; init; } = TimeUnits.Second;

    /// <summary>Retries of one FD→UA request after the first attempt before the update is abandoned (default 3).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>FD_T2: how long to wait before asking again after RETRY_REQUEST_FW_DATA (default 1 s).</summary>
    public long RetryRequestDelay { get; init; } = TimeUnits.Second;

    /// <summary>
    /// The largest RequestFirmwareData portion the FD's own buffers take (its transport's message
    /// size minus headers); the chunk size is the smaller of this and the UA's MaximumTransferSize.
    /// At least the 32-byte baseline.
    /// </summary>
    public int MaxTransferSize { get; init; } = 1024;

    /// <summary>How many PassComponentTable entries the FD remembers (later entries are refused).</summary>
    public int MaxComponents { get; init; } = 16;
}
