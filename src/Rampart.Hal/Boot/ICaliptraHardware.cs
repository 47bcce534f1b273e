using Rampart.Hal.Crypto;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Hal.Time;

namespace Rampart.Hal.Boot;

/// <summary>
/// Everything the Caliptra core's firmware (ROM, FMC, runtime) can touch: its crypto engines,
/// key vault, PCR bank, fuses and lifecycle, the recovery interface and the SoC mailbox
/// (responder side), MCI, DMA and the bus it reaches the MCU's SRAM through. Nothing else of the
/// chip is reachable from Caliptra firmware.
/// </summary>
public interface ICaliptraHardware
{
    /// <summary>SHA, HMAC, KDF, ECC, ML-DSA, LMS, ML-KEM, AES-GCM and the DRBG.</summary>
    ICryptoEngines Crypto { get; }

    /// <summary>The key vault.</summary>
    IKeyVault KeyVault { get; }

    /// <summary>The PCR bank.</summary>
    IPcrBank Pcrs { get; }

    /// <summary>The fuses (readable once the MCU ROM has finished the fuse handoff).</summary>
    IFuseController Fuses { get; }

    /// <summary>The lifecycle controller.</summary>
    ILifecycleController Lifecycle { get; }

    /// <summary>The OCP recovery interface, device side.</summary>
    IRecoveryInterface Recovery { get; }

    /// <summary>The SoC mailbox, Caliptra side.</summary>
    IMailboxResponder Mailbox { get; }

    /// <summary>MCI: FW_EXEC_CTRL, error registers, MCU firmware-ready.</summary>
    IMci Mci { get; }

    /// <summary>The DMA engine (recovery FIFO, mailbox, memory).</summary>
    IDmaEngine Dma { get; }

    /// <summary>The subsystem bus (MCU SRAM, SoC memory) as Caliptra's AXI master sees it.</summary>
    IMemoryBus Bus { get; }

    /// <summary>The chip clock.</summary>
    IClock Clock { get; }

    /// <summary>Timers.</summary>
    IChipTimer Timer { get; }

    /// <summary>The run's trace.</summary>
    ITraceSink Trace { get; }

    /// <summary>
    /// Caliptra's runtime placed the MCU runtime (<paramref name="imageSize"/> bytes) at the start
    /// of MCU SRAM: signal firmware-ready, which lets the MCU ROM reset into firmware boot.
    /// </summary>
    void SignalMcuFirmwareReady(int imageSize);

    /// <summary>Completes when the MCU ROM has written the fuses to Caliptra (fuse handoff done).</summary>
    ValueTask WaitForFuseHandoff();
}
