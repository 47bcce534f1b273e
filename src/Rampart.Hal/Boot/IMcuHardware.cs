using Rampart.Hal.CoreControl;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Hal.Time;

namespace Rampart.Hal.Boot;

/// <summary>
/// Everything the MCU's firmware (ROM and runtime) can touch: the I3C target it is reached
/// through, the recovery interface registers it sets up, the SoC mailbox (requester side) to
/// Caliptra, MCI, its SRAM, the SoC bus, the fuses it hands to Caliptra, clock and timers, and
/// the code loader the runtime's kernel loads apps with.
/// </summary>
public interface IMcuHardware
{
    /// <summary>The I3C target port of the MCTP endpoint.</summary>
    II3cTarget I3c { get; }

    /// <summary>The PCIe DOE mailbox, device side (null on a board without one).</summary>
    IDoeResponder? Doe => null;

    /// <summary>The debug port a host probe reads (null on a board without one, decision 0276).</summary>
    IDebugPort? DebugPort => null;

    /// <summary>
    /// The SPDM requester-trust record provisioned in the board's configuration (whom the SPDM
    /// responder asks for mutual authentication, decision 0277); empty when none is provisioned.
    /// </summary>
    ReadOnlyMemory<byte> SpdmRequesterTrust => default;

    /// <summary>The OCP recovery interface, device side.</summary>
    IRecoveryInterface Recovery { get; }

    /// <summary>The SoC mailbox, requester side (the MCU's requester id).</summary>
    IMailboxRequester CaliptraMailbox { get; }

    /// <summary>MCI: reset reason, FW_EXEC_CTRL, errors, watchdog.</summary>
    IMci Mci { get; }

    /// <summary>The MCU SRAM, where Caliptra's runtime places the MCU runtime.</summary>
    IMemoryRegion Sram { get; }

    /// <summary>The SoC bus (load addresses of SoC images).</summary>
    IMemoryBus Bus { get; }

    /// <summary>The fuse controller (the MCU ROM reads fuses to hand them to Caliptra).</summary>
    IFuseController Fuses { get; }

    /// <summary>The chip clock.</summary>
    IClock Clock { get; }

    /// <summary>Timers.</summary>
    IChipTimer Timer { get; }

    /// <summary>The run's trace.</summary>
    ITraceSink Trace { get; }

    /// <summary>Loads apps (the MCU runtime's kernel asks it; set by the core runner per stage).</summary>
    ICodeLoader AppLoader { get; }

    /// <summary>
    /// Sleeps until a peripheral raises the MCU's interrupt line — its I3C target (a packet or a
    /// finished read), the SoC mailbox's status, a DOE request — or the timer reaches
    /// <paramref name="deadline"/> (chip ns; <see cref="long.MaxValue"/> for none). Wakes may be
    /// spurious: the firmware re-checks its peripherals after each.
    /// </summary>
    ValueTask WaitForInterrupt(long deadline);

    /// <summary>Takes Caliptra out of reset (the MCU ROM does this once the recovery interface is set up).</summary>
    void ReleaseCaliptra();

    /// <summary>Tells Caliptra the fuses are written (the fuse handoff is done).</summary>
    void CompleteFuseHandoff();

    /// <summary>Completes when Caliptra's runtime has placed the MCU runtime in SRAM and signalled firmware-ready.</summary>
    ValueTask WaitForFirmwareReady();

    /// <summary>Size of the MCU runtime image Caliptra placed at the start of <see cref="Sram"/> (0 before firmware-ready).</summary>
    int FirmwareImageSize { get; }
}
