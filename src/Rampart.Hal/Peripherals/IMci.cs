namespace Rampart.Hal.Peripherals;

/// <summary>Why the subsystem last reset (MCI RESET_REASON).</summary>
[Flags]
public enum ResetReason : uint
{
    /// <summary>Cold power-on reset.</summary>
    PowerOn = 0x0000_0001,

    /// <summary>Warm reset (reset request from firmware).</summary>
    Warm = 0x0000_0002,

    /// <summary>Firmware update reset (hitless update).</summary>
    FirmwareUpdate = 0x0000_0004,

    /// <summary>Watchdog expiry.</summary>
    Watchdog = 0x0000_0008,
}

/// <summary>
/// The manufacturer control interface (MCI) as firmware sees it: reset reason and request,
/// the 128 FW_EXEC_CTRL bits that release SoC cores, error registers and the watchdog.
/// </summary>
public interface IMci
{
    /// <summary>The reset reason register.</summary>
    ResetReason ResetReason { get; }

    /// <summary>Requests a warm reset of the subsystem.</summary>
    void RequestReset();

    /// <summary>Sets bit <paramref name="index"/> (0–127) of FW_EXEC_CTRL; false if out of range.</summary>
    bool TrySetExecutionControl(int index, bool value);

    /// <summary>Reads bit <paramref name="index"/> of FW_EXEC_CTRL (false if out of range).</summary>
    bool GetExecutionControl(int index);

    /// <summary>Records firmware error bits: fatal or non-fatal.</summary>
    void ReportFirmwareError(bool fatal, uint bits);

    /// <summary>Starts (or restarts) the watchdog with a timeout in nanoseconds; 0 stops it.</summary>
    void ArmWatchdog(long timeoutNanoseconds);

    /// <summary>Pets the watchdog: restarts its timeout.</summary>
    void PetWatchdog();
}
