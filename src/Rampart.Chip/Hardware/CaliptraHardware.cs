using Rampart.Hal.Boot;
using Rampart.Hal.Crypto;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Hal.Time;

namespace Rampart.Chip.Hardware;

/// <summary>The Caliptra core's view of the chip.</summary>
internal sealed class CaliptraHardware(VirtualChip chip, ChipSignals signals) : ICaliptraHardware
{
    private readonly IMci _mci = chip.Mci.PortFor(ChipRequesters.Caliptra);
    private readonly IMailboxResponder _mailbox = chip.Mailbox.ResponderPort();
    private readonly IMemoryBus _bus = new MemoryBus(chip.Memory);
    private readonly ITraceSink _trace = new TraceSink(chip.Simulator.Trace);

    public ICryptoEngines Crypto => chip.Engines;

    public IKeyVault KeyVault => chip.KeyVault;

    public IPcrBank Pcrs => chip.Pcrs;

    public IFuseController Fuses => chip.Fuses;

    public ILifecycleController Lifecycle => chip.Lifecycle;

    public IRecoveryInterface Recovery => chip.Recovery;

    public IMailboxResponder Mailbox => _mailbox;

    public IMci Mci => _mci;

    public IDmaEngine Dma => chip.Dma;

    public IMemoryBus Bus => _bus;

    public IClock Clock => chip.Simulator;

    public IChipTimer Timer => chip.Simulator;

    public ITraceSink Trace => _trace;

    public void SignalMcuFirmwareReady(int imageSize)
    {
        signals.McuImageSize = imageSize;
        chip.Simulator.Trace.Record("mci", "notify", "MCU firmware ready");
        signals.FirmwareReady.Set();
    }

    public ValueTask WaitForFuseHandoff() => signals.FusesHandedOver ? ValueTask.CompletedTask : signals.FuseHandoff.WaitAsync();
}
