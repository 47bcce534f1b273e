using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Hal.Time;

namespace Rampart.Chip.Hardware;

/// <summary>The MCU core's view of the chip.</summary>
internal sealed class McuHardware(VirtualChip chip, ChipSignals signals) : IMcuHardware
{
    private readonly IMci _mci = chip.Mci.PortFor(ChipRequesters.Mcu);
    private readonly IMailboxRequester _mailbox = chip.Mailbox.RequesterPort(ChipRequesters.Mcu);
    private readonly IMemoryBus _bus = new MemoryBus(chip.Memory);
    private readonly ITraceSink _trace = new TraceSink(chip.Simulator.Trace);

    public II3cTarget I3c => chip.MctpTarget;

    public IDoeResponder Doe => chip.Doe;

    public IDebugPort DebugPort => chip.DebugPort;

    public ReadOnlyMemory<byte> SpdmRequesterTrust => chip.Options.SpdmRequesterTrust;

    public IRecoveryInterface Recovery => chip.Recovery;

    public IMailboxRequester CaliptraMailbox => _mailbox;

    public IMci Mci => _mci;

    public IMemoryRegion Sram => chip.McuSram;

    public IMemoryBus Bus => _bus;

    public IFuseController Fuses => chip.Fuses;

    public IClock Clock => chip.Simulator;

    public IChipTimer Timer => chip.Simulator;

    public ITraceSink Trace => _trace;

    /// <summary>Set by the core runner for the stage it launches (the runtime's own app loader).</summary>
    public ICodeLoader AppLoader { get; set; } = chip.Loader;

    public int FirmwareImageSize => signals.McuImageSize;

    public void ReleaseCaliptra() => signals.ReleaseCaliptra?.Invoke();

    public void CompleteFuseHandoff()
    {
        signals.FusesHandedOver = true;
        signals.FuseHandoff.Set();
    }

    public ValueTask WaitForInterrupt(long deadline) => chip.McuInterrupts.WaitAsync(deadline);

    public ValueTask WaitForFirmwareReady() => signals.McuImageSize > 0 ? ValueTask.CompletedTask : signals.FirmwareReady.WaitAsync();
}
