using Rampart.Firmware.Mcu.Rom;
using McuRom = Rampart.Firmware.Mcu.Rom.McuRom;
using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Hal.Time;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Firmware.Tests.McuRomBoot;

/// <summary>The MCU ROM's firmware boot after a warm reset: the runtime still in SRAM boots again without Caliptra.</summary>
public sealed class McuRomTests
{
    [Fact]
    public async Task A_warm_reset_boots_the_runtime_still_in_sram_without_asking_caliptra()
    {
        var hardware = new WarmHardware(imageSize: 64);
        hardware.SramRegion.Load(0, Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

        var exit = await McuRom.RunAsync(hardware);

        Assert.Equal(StageExitKind.Launch, exit.Kind);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(), exit.Archive.ToArray());
        Assert.True(HandoffTable.TryRead(exit.Handoff.Span, out var table));
        Assert.True(table!.TryGetU32(HandoffTags.McuImageSize, out var size));
        Assert.Equal(64u, size);
        Assert.False(hardware.CaliptraReleased);
    }

    [Fact]
    public async Task A_warm_reset_with_nothing_in_sram_halts_with_a_named_error()
    {
        var hardware = new WarmHardware(imageSize: 0);

        var exit = await McuRom.RunAsync(hardware);

        Assert.Equal(StageExitKind.Halt, exit.Kind);
        Assert.Equal((uint)McuRom.McuRomError.NoFirmwareForWarmReset, exit.ErrorCode);
        Assert.Equal((uint)McuRom.McuRomError.NoFirmwareForWarmReset, hardware.FatalError);
    }

    /// <summary>An MCU after a warm reset: reset reason Warm, SRAM as the runtime left it.</summary>
    private sealed class WarmHardware(int imageSize) : IMcuHardware, IMci, ITraceSink
    {
        private readonly Simulator _simulator = new(1);

        public SramRegion SramRegion { get; } = new("mcu-sram", SocMemoryMap.McuSramBase, 4096, new FaultInjector(new SimRandom(1)));

        public bool CaliptraReleased { get; private set; }

        public uint FatalError { get; private set; }

        public II3cTarget I3c { get; } = new I3cTargetPort(new I3cBus(new Simulator(2)), 0x3A);

        public IRecoveryInterface Recovery => throw new InvalidOperationException("firmware boot does not touch the recovery interface");

        public IMailboxRequester CaliptraMailbox => throw new InvalidOperationException("firmware boot does not ask Caliptra");

        public IMci Mci => this;

        public IMemoryRegion Sram => SramRegion;

        public IMemoryBus Bus => throw new InvalidOperationException("not used");

        public IFuseController Fuses => throw new InvalidOperationException("not used");

        public IClock Clock => _simulator;

        public IChipTimer Timer => _simulator;

        public ITraceSink Trace => this;

        public ICodeLoader AppLoader => throw new InvalidOperationException("not used");

        public int FirmwareImageSize => imageSize;

        public ResetReason ResetReason => ResetReason.Warm;

        public void ReleaseCaliptra() => CaliptraReleased = true;

        public void CompleteFuseHandoff() => throw new InvalidOperationException("firmware boot does not hand fuses over");

        public ValueTask WaitForFirmwareReady() => ValueTask.CompletedTask;

        public ValueTask WaitForInterrupt(long deadline) => throw new InvalidOperationException("the ROM never idles on the interrupt line");

        public void RequestReset()
        {
        }

        public bool TrySetExecutionControl(int index, bool value) => false;

        public bool GetExecutionControl(int index) => false;

        public void ReportFirmwareError(bool fatal, uint bits) => FatalError = bits;

        public void ArmWatchdog(long timeoutNanoseconds)
        {
        }

        public void PetWatchdog()
        {
        }

        public void Record(string source, string kind, string message)
        {
        }
    }
}
