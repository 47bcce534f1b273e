using Rampart.Hal.Peripherals;
using Rampart.Hal.Time;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class MciTests
{
    [Fact]
    public void Only_Caliptra_sets_FW_EXEC_CTRL_bits()
    {
        using var sim = new Simulator(1);
        var mci = new Mci(sim);
        var caliptra = mci.PortFor(SocMailbox.CaliptraRequester);
        var mcu = mci.PortFor(1);
        Assert.True(caliptra.TrySetExecutionControl(2, true));
        Assert.True(caliptra.TrySetExecutionControl(127, true));
        Assert.False(mcu.TrySetExecutionControl(3, true));
        Assert.False(caliptra.TrySetExecutionControl(128, true));
        Assert.True(mcu.GetExecutionControl(2));
        Assert.True(mcu.GetExecutionControl(127));
        Assert.False(mcu.GetExecutionControl(3));
        Assert.Equal(0x8000_0000u, mci.Read(Mci.ExecControlOffset + 12));
        Assert.Equal(1, mci.Counters.WrongRequester);
    }

    [Fact]
    public void An_unpetted_watchdog_flags_a_non_fatal_error_then_resets()
    {
        using var sim = new Simulator(1);
        var mci = new Mci(sim);
        var resets = new List<(ResetReason, long)>();
        mci.ResetHandler = r => resets.Add((r, sim.Now));
        var port = mci.PortFor(1);
        port.ArmWatchdog(TimeUnits.Millisecond);
        sim.RunUntil(999_999);
        Assert.Equal(0u, mci.HardwareErrorNonFatal);
        sim.RunUntil(TimeUnits.Millisecond);
        Assert.Equal(Mci.WatchdogNonFatalBit, mci.HardwareErrorNonFatal);
        Assert.Empty(resets);
        sim.RunUntil(2 * TimeUnits.Millisecond);
        Assert.Equal([(ResetReason.Watchdog, 2 * TimeUnits.Millisecond)], resets);
        Assert.Equal(ResetReason.Watchdog, port.ResetReason);
        Assert.Equal(Mci.WatchdogFatalBit, mci.HardwareErrorFatal);
        Assert.Equal(3u, mci.Read(Mci.WatchdogStatusOffset));
        Assert.True(mci.Write(1, Mci.HwErrorFatalOffset, Mci.WatchdogFatalBit));
        Assert.Equal(0u, mci.HardwareErrorFatal);
    }

    [Fact]
    public void A_petted_watchdog_stays_quiet()
    {
        using var sim = new Simulator(1);
        var mci = new Mci(sim);
        var port = mci.PortFor(1);
        port.ArmWatchdog(TimeUnits.Millisecond);
        for (var i = 0; i < 10; i++)
        {
            sim.RunFor(TimeUnits.Millisecond / 2);
            port.PetWatchdog();
        }

        sim.RunFor(TimeUnits.Millisecond / 2);
        port.ArmWatchdog(0);
        sim.RunUntilIdle();
        Assert.Equal(0, mci.Counters.WatchdogTimer1Expiries);
        Assert.Equal(ResetReason.PowerOn, port.ResetReason);
    }

    [Fact]
    public void Reset_request_and_firmware_errors_are_recorded()
    {
        using var sim = new Simulator(1);
        var mci = new Mci(sim);
        ResetReason? seen = null;
        mci.ResetHandler = r => seen = r;
        var port = mci.PortFor(1);
        port.ReportFirmwareError(fatal: false, 0x10);
        port.ReportFirmwareError(fatal: true, 0x01);
        Assert.Equal(0x10u, mci.FirmwareErrorNonFatal);
        Assert.Equal(0x01u, mci.FirmwareErrorFatal);
        port.RequestReset();
        Assert.Equal(ResetReason.Warm, seen);
        Assert.False(mci.Write(1, 0x400, 1));
        Assert.Equal(0u, mci.Read(0x401));
        Assert.Equal(2, mci.Counters.Refused);
    }
}
