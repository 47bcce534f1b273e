using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>Refusals of the MCI by reason.</summary>
public sealed class MciCounters
{
    /// <summary>Writes to Caliptra-only registers (FW_EXEC_CTRL) from other requesters.</summary>
    public long WrongRequester { get; internal set; }

    /// <summary>Unknown offsets or read-only registers written.</summary>
    public long Refused { get; internal set; }

    /// <summary>Watchdog first-stage expiries.</summary>
    public long WatchdogTimer1Expiries { get; internal set; }

    /// <summary>Watchdog second-stage expiries (they reset the subsystem).</summary>
    public long WatchdogTimer2Expiries { get; internal set; }
}

/// <summary>
/// The manufacturer control interface (MCI) at register level: reset reason and request,
/// the 128 FW_EXEC_CTRL bits (written only by Caliptra), hardware/firmware fatal and non-fatal
/// error registers (write-1-to-clear for hardware errors) and a two-stage watchdog in virtual
/// time: stage 1 expiry flags a non-fatal error and starts stage 2; stage 2 expiry flags a
/// fatal error, sets the reset reason to <see cref="ResetReason.Watchdog"/> and calls
/// <see cref="ResetHandler"/>. Offsets are Rampart's own layout (docs/decisions/0142).
/// </summary>
public sealed class Mci
{
    /// <summary>HW_ERROR_FATAL (W1C).</summary>
    public const uint HwErrorFatalOffset = 0x00;

    /// <summary>HW_ERROR_NON_FATAL (W1C).</summary>
    public const uint HwErrorNonFatalOffset = 0x04;

    /// <summary>FW_ERROR_FATAL (write sets bits, MCU and Caliptra).</summary>
    public const uint FwErrorFatalOffset = 0x08;

    /// <summary>FW_ERROR_NON_FATAL (write sets bits).</summary>
    public const uint FwErrorNonFatalOffset = 0x0C;

    /// <summary>RESET_REASON (read; the MCU ROM may write it).</summary>
    public const uint ResetReasonOffset = 0x10;

    /// <summary>RESET_REQUEST: bit 0 requests a warm reset.</summary>
    public const uint ResetRequestOffset = 0x14;

    /// <summary>WDT_TIMER1_EN: bit 0 enables the watchdog.</summary>
    public const uint WatchdogEnableOffset = 0x18;

    /// <summary>WDT_TIMER1_CTRL: bit 0 restarts (pets) it.</summary>
    public const uint WatchdogControlOffset = 0x1C;

    /// <summary>WDT_TIMER1_TIMEOUT_PERIOD low 32 bits (ns).</summary>
    public const uint WatchdogPeriodLowOffset = 0x20;

    /// <summary>WDT_TIMER1_TIMEOUT_PERIOD high 32 bits.</summary>
    public const uint WatchdogPeriodHighOffset = 0x24;

    /// <summary>WDT_STATUS: bit 0 timer 1 expired, bit 1 timer 2 expired (W1C).</summary>
    public const uint WatchdogStatusOffset = 0x28;

    /// <summary>FW_EXEC_CTRL[0..3], 128 bits.</summary>
    public const uint ExecControlOffset = 0x30;

    /// <summary>Bit set in HW_ERROR_NON_FATAL on watchdog stage 1.</summary>
    public const uint WatchdogNonFatalBit = 1u << 0;

    /// <summary>Bit set in HW_ERROR_FATAL on watchdog stage 2.</summary>
    public const uint WatchdogFatalBit = 1u << 0;

    private const int ExecControlWords = 4;

    private readonly Simulator _simulator;
    private readonly uint[] _execControl = new uint[ExecControlWords];
    private long _watchdogPeriod;
    private bool _watchdogEnabled;
    private int _watchdogStage;
    private long _watchdogGeneration;
    private uint _watchdogStatus;

    /// <summary>Creates the MCI after a power-on reset.</summary>
    public Mci(Simulator simulator)
    {
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        Faults = new FaultInjector(simulator.Random);
    }

    /// <summary>Refusals and watchdog events.</summary>
    public MciCounters Counters { get; } = new();

    /// <summary>Stuck bits on register reads.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Called when a reset is requested or the watchdog's second stage expires.</summary>
    public Action<ResetReason>? ResetHandler { get; set; }

    /// <summary>RESET_REASON.</summary>
    public ResetReason ResetReason { get; private set; } = ResetReason.PowerOn;

    /// <summary>HW_ERROR_FATAL.</summary>
    public uint HardwareErrorFatal { get; private set; }

    /// <summary>HW_ERROR_NON_FATAL.</summary>
    public uint HardwareErrorNonFatal { get; private set; }

    /// <summary>FW_ERROR_FATAL.</summary>
    public uint FirmwareErrorFatal { get; private set; }

    /// <summary>FW_ERROR_NON_FATAL.</summary>
    public uint FirmwareErrorNonFatal { get; private set; }

    /// <summary>A register read (any requester may read).</summary>
    public uint Read(uint offset)
    {
        uint value;
        switch (offset)
        {
            case HwErrorFatalOffset: value = HardwareErrorFatal; break;
            case HwErrorNonFatalOffset: value = HardwareErrorNonFatal; break;
            case FwErrorFatalOffset: value = FirmwareErrorFatal; break;
            case FwErrorNonFatalOffset: value = FirmwareErrorNonFatal; break;
            case ResetReasonOffset: value = (uint)ResetReason; break;
            case WatchdogEnableOffset: value = _watchdogEnabled ? 1u : 0u; break;
            case WatchdogPeriodLowOffset: value = (uint)_watchdogPeriod; break;
            case WatchdogPeriodHighOffset: value = (uint)(_watchdogPeriod >> 32); break;
            case WatchdogStatusOffset: value = _watchdogStatus; break;
            case >= ExecControlOffset and < ExecControlOffset + (ExecControlWords * 4) when (offset & 3) == 0:
                value = _execControl[(offset - ExecControlOffset) / 4];
                break;
            default:
                Counters.Refused++;
                return 0;
        }

        return Faults.ApplyToRegister(value);
    }

    /// <summary>A register write by <paramref name="requester"/>; false if refused.</summary>
    public bool Write(uint requester, uint offset, uint value)
    {
        switch (offset)
        {
            case HwErrorFatalOffset: HardwareErrorFatal &= ~value; return true;
            case HwErrorNonFatalOffset: HardwareErrorNonFatal &= ~value; return true;
            case FwErrorFatalOffset: FirmwareErrorFatal |= value; Trace("fw-error-fatal", value); return true;
            case FwErrorNonFatalOffset: FirmwareErrorNonFatal |= value; Trace("fw-error", value); return true;
            case ResetReasonOffset: ResetReason = (ResetReason)value; return true;
            case ResetRequestOffset when (value & 1) != 0: Reset(ResetReason.Warm); return true;
            case WatchdogEnableOffset: _watchdogEnabled = (value & 1) != 0; RestartWatchdog(); return true;
            case WatchdogControlOffset when (value & 1) != 0: RestartWatchdog(); return true;
            case WatchdogPeriodLowOffset: _watchdogPeriod = (_watchdogPeriod & ~0xFFFF_FFFFL) | value; RestartWatchdog(); return true;
            case WatchdogPeriodHighOffset: _watchdogPeriod = (_watchdogPeriod & 0xFFFF_FFFFL) | ((long)(value & 0x7FFF_FFFF) << 32); RestartWatchdog(); return true;
            case WatchdogStatusOffset: _watchdogStatus &= ~value; return true;
            case >= ExecControlOffset and < ExecControlOffset + (ExecControlWords * 4) when (offset & 3) == 0:
                if (requester != SocMailbox.CaliptraRequester)
                {
                    Counters.WrongRequester++;
                    return false;
                }

                _execControl[(offset - ExecControlOffset) / 4] = value;
                Trace("fw-exec-ctrl", value);
                return true;
            default:
                Counters.Refused++;
                return false;
        }
    }

    /// <summary>The firmware view for <paramref name="requester"/> (Caliptra may set FW_EXEC_CTRL; others may not).</summary>
    public IMci PortFor(uint requester) => new MciPort(this, requester);

    private void Reset(ResetReason reason)
    {
        ResetReason = reason;
        _watchdogEnabled = false;
        _watchdogGeneration++;
        Array.Clear(_execControl);
        Trace("reset", (uint)reason);
        ResetHandler?.Invoke(reason);
    }

    private void RestartWatchdog()
    {
        _watchdogGeneration++;
        _watchdogStage = 0;
        if (!_watchdogEnabled || _watchdogPeriod <= 0)
        {
            return;
        }

        ScheduleWatchdog();
    }

    private void ScheduleWatchdog() =>
        _simulator.Schedule(_watchdogPeriod, static s =>
        {
            var (mci, generation) = ((Mci, long))s!;
            mci.WatchdogFired(generation);
        }, (this, _watchdogGeneration));

    private void WatchdogFired(long generation)
    {
        if (generation != _watchdogGeneration || !_watchdogEnabled)
        {
            return;
        }

        if (_watchdogStage == 0)
        {
            _watchdogStage = 1;
            _watchdogStatus |= 1;
            HardwareErrorNonFatal |= WatchdogNonFatalBit;
            Counters.WatchdogTimer1Expiries++;
            Trace("wdt-timer1", 1);
            ScheduleWatchdog();
            return;
        }

        _watchdogStatus |= 2;
        HardwareErrorFatal |= WatchdogFatalBit;
        Counters.WatchdogTimer2Expiries++;
        Trace("wdt-timer2", 2);
        Reset(ResetReason.Watchdog);
    }

    private void Trace(string kind, uint value)
    {
        if (_simulator.Trace.Enabled)
        {
            _simulator.Trace.Record("mci", kind, value.ToString("X8", CultureInfo.InvariantCulture));
        }
    }

    private sealed class MciPort(Mci mci, uint requester) : IMci
    {
        public ResetReason ResetReason => (ResetReason)mci.Read(ResetReasonOffset);

        public void RequestReset() => mci.Write(requester, ResetRequestOffset, 1);

        public bool TrySetExecutionControl(int index, bool value)
        {
            if ((uint)index >= ExecControlWords * 32)
            {
                mci.Counters.Refused++;
                return false;
            }

            var offset = ExecControlOffset + (uint)(index / 32 * 4);
            var word = mci.Read(offset);
            var bit = 1u << (index % 32);
            return mci.Write(requester, offset, value ? word | bit : word & ~bit);
        }

        public bool GetExecutionControl(int index) =>
            (uint)index < ExecControlWords * 32 && (mci.Read(ExecControlOffset + (uint)(index / 32 * 4)) & (1u << (index % 32))) != 0;

        public void ReportFirmwareError(bool fatal, uint bits) => mci.Write(requester, fatal ? FwErrorFatalOffset : FwErrorNonFatalOffset, bits);

        public void ArmWatchdog(long timeoutNanoseconds)
        {
            if (timeoutNanoseconds <= 0)
            {
                mci.Write(requester, WatchdogEnableOffset, 0);
                return;
            }

            mci.Write(requester, WatchdogPeriodLowOffset, (uint)timeoutNanoseconds);
            mci.Write(requester, WatchdogPeriodHighOffset, (uint)(timeoutNanoseconds >> 32));
            mci.Write(requester, WatchdogEnableOffset, 1);
        }

        public void PetWatchdog() => mci.Write(requester, WatchdogControlOffset, 1);
    }
}
