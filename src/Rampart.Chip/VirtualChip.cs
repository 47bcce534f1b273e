using Rampart.Chip.Hardware;
using Rampart.Crypto;
using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Host.Doe;
using Rampart.Platform.Loading;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Security;
using Rampart.Platform.Simulation;

namespace Rampart.Chip;

/// <summary>
/// The virtual Caliptra-class subsystem (ARCHITECTURE.md §1–2): one discrete-event simulator, the
/// I3C bus with the OCP recovery block and the MCU's MCTP target, the SoC mailbox, MCI, DMA, the
/// memories of the SoC memory map, the PCIe DOE mailbox, the crypto engines, key vault, PCR bank,
/// OTP fuses and lifecycle controller, the code loader, and two cores whose firmware starts from the ROMs
/// (<see cref="StageRunner"/>). The BMC side reaches the chip only through <see cref="I3cController"/>.
/// </summary>
public sealed class VirtualChip : IDisposable
{
    private readonly ChipSignals _signals;

    /// <summary>Builds a powered-off chip: fuses blank, cores not started.</summary>
    public VirtualChip(VirtualChipOptions? options = null)
    {
        Options = options ?? new VirtualChipOptions();
        Simulator = new Simulator(Options.Seed, new SimulatorOptions { TraceEnabled = Options.Trace });
        Bus = new I3cBus(Simulator, new I3cTiming(Options.I3cSclHz));
        Controller = new I3cController(Bus);
        Recovery = new RecoveryRegisterBlock(Bus, new RecoveryBlockOptions
        {
            Address = Options.RecoveryAddress,
            FifoBytes = Options.RecoveryFifoBytes,
            MaxTransferBytes = Options.RecoveryMaxTransferBytes,
        });
        MctpTarget = new I3cTargetPort(Bus, Options.MctpAddress, queueDepth: 64);
        Doe = new DoeMailbox(Simulator, Options.DoeMaxObjectDwords);
        DoeHost = new DoeHostPort(Doe);
        DebugPort = new DebugPort(Simulator, Options.DebugStraps);
        Mailbox = new SocMailbox(Simulator, [ChipRequesters.Mcu, ChipRequesters.Bmc]);
        Mci = new Mci(Simulator);
        Engines = new SoftwareCryptoEngines(Options.Seed);
        KeyVault = new KeyVault(Engines);
        Pcrs = new PcrBank(KeyVault);
        Fuses = new OtpFuseController();
        Lifecycle = new LifecycleController(Fuses, KeyVault, Engines);
        var faults = new FaultInjector(Simulator.Random);
        Provisioning = new SramRegion("provisioning", SocMemoryMap.ProvisioningBase, SocMemoryMap.ProvisioningSize, faults, readOnly: true);
        McuSram = new SramRegion("mcu-sram", SocMemoryMap.McuSramBase, SocMemoryMap.McuSramSize, faults);
        SocImages = new SramRegion("soc-images", SocMemoryMap.SocImageBase, SocMemoryMap.SocImageSize, faults);
        Memory = new MemoryMap();
        Memory.Add(Provisioning);
        Memory.Add(McuSram);
        Memory.Add(SocImages);
        Dma = new DmaEngine(Simulator, Memory, Recovery, Mailbox);
        Loader = new ChipCodeLoader();
        _signals = new ChipSignals(Simulator);
        CaliptraCore = Simulator.CreateCore("caliptra");
        McuCore = Simulator.CreateCore("mcu");
        McuInterrupts = new InterruptLine(Simulator, "mcu.irq");
        MctpTarget.RouteActivityTo(McuInterrupts);
        Mailbox.RouteSocStatusTo(McuInterrupts);
        Doe.RouteRequestsTo(McuInterrupts);
        BmcCore = Simulator.CreateCore("bmc");
        Caliptra = new StageRunner<ICaliptraStage>("caliptra", CaliptraCore, Loader, Simulator);
        Mcu = new StageRunner<IMcuStage>("mcu", McuCore, Loader, Simulator);
        CaliptraHardware = new CaliptraHardware(this, _signals);
        McuHardware = new McuHardware(this, _signals);
    }

    /// <summary>How the chip was built.</summary>
    public VirtualChipOptions Options { get; }

    /// <summary>The simulator (virtual time, trace).</summary>
    public Simulator Simulator { get; }

    /// <summary>The I3C bus.</summary>
    public I3cBus Bus { get; }

    /// <summary>The BMC's I3C controller.</summary>
    public I3cController Controller { get; }

    /// <summary>The OCP recovery register block.</summary>
    public RecoveryRegisterBlock Recovery { get; }

    /// <summary>The MCU's MCTP I3C target.</summary>
    public I3cTargetPort MctpTarget { get; }

    /// <summary>
    /// The PCIe DOE mailbox: the host side drives its registers (<c>Read</c>/<c>Write</c>), the MCU
    /// runtime answers it (SPDM over DOE, decision 0271).
    /// </summary>
    public DoeMailbox Doe { get; }

    /// <summary>The DOE mailbox's capability registers as the host reaches them (for <see cref="Host.Doe.DoeSpdmTransport"/>).</summary>
    public IDoeMailboxRegisters DoeHost { get; }

    /// <summary>The debug port: MCU firmware writes records, the host reads them (decision 0276).</summary>
    public DebugPort DebugPort { get; }

    /// <summary>The SoC mailbox.</summary>
    public SocMailbox Mailbox { get; }

    /// <summary>The MCU's interrupt line: its I3C target, the SoC mailbox's status and the DOE mailbox's requests.</summary>
    public InterruptLine McuInterrupts { get; }

    /// <summary>MCI.</summary>
    public Mci Mci { get; }

    /// <summary>The crypto engines (chip peripherals).</summary>
    public SoftwareCryptoEngines Engines { get; }

    /// <summary>The key vault.</summary>
    public KeyVault KeyVault { get; }

    /// <summary>The PCR bank.</summary>
    public PcrBank Pcrs { get; }

    /// <summary>The OTP fuses.</summary>
    public OtpFuseController Fuses { get; }

    /// <summary>The lifecycle controller.</summary>
    public LifecycleController Lifecycle { get; }

    /// <summary>The provisioning region (IDevID certificates left by the manufacturer).</summary>
    public SramRegion Provisioning { get; }

    /// <summary>MCU SRAM.</summary>
    public SramRegion McuSram { get; }

    /// <summary>SoC image memory (stage-2 load addresses).</summary>
    public SramRegion SocImages { get; }

    /// <summary>The memory map.</summary>
    public MemoryMap Memory { get; }

    /// <summary>The DMA engine.</summary>
    public DmaEngine Dma { get; }

    /// <summary>The chip's code loader.</summary>
    public ChipCodeLoader Loader { get; }

    /// <summary>The Caliptra core.</summary>
    public SimCore CaliptraCore { get; }

    /// <summary>The MCU core.</summary>
    public SimCore McuCore { get; }

    /// <summary>The core the BMC's agents run on.</summary>
    public SimCore BmcCore { get; }

    /// <summary>Caliptra's stages (ROM → FMC → runtime).</summary>
    public StageRunner<ICaliptraStage> Caliptra { get; }

    /// <summary>The MCU's stages (ROM → runtime).</summary>
    public StageRunner<IMcuStage> Mcu { get; }

    /// <summary>The hardware Caliptra firmware sees.</summary>
    public ICaliptraHardware CaliptraHardware { get; }

    /// <summary>The hardware MCU firmware sees.</summary>
    public IMcuHardware McuHardware { get; }

    /// <summary>
    /// Powers the chip on: the MCU ROM starts; it releases Caliptra, whose ROM then starts. The
    /// ROM functions are the immutable code; every later stage is loaded from verified bytes.
    /// </summary>
    public void PowerOn(Func<IMcuHardware, Task<StageExit>> mcuRom, Func<ICaliptraHardware, Task<StageExit>> caliptraRom)
    {
        ArgumentNullException.ThrowIfNull(mcuRom);
        ArgumentNullException.ThrowIfNull(caliptraRom);
        var mcuHardware = (McuHardware)McuHardware;
        _signals.ReleaseCaliptra = () =>
        {
            _signals.ReleaseCaliptra = null;
            Caliptra.Start(() => caliptraRom(CaliptraHardware), (entry, handoff) => entry.RunAsync(CaliptraHardware, handoff), null);
        };
        Mcu.Start(
            () => mcuRom(McuHardware),
            (entry, handoff) => entry.RunAsync(McuHardware, handoff),
            stage => mcuHardware.AppLoader = stage.AppLoader);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Pcrs.Dispose();
        Engines.Dispose();
        Simulator.Dispose();
    }
}
