using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Platform.Peripherals;

namespace Rampart.Benchmarks.Boot;

/// <summary>
/// The reference workload of issue 6 (docs/performance.md, "Streaming boot"): the default
/// development images (Caliptra FMC + runtime bundle, SoC manifest, MCU runtime as recovery
/// images; SoC images of 64 KiB and 16 KiB over PLDM) plus one 4 MiB SoC image, default chip
/// (I3C SDR at 12.5 MHz, 256-byte recovery writes, 1 KiB FIFO), seed "rampart-dev".
/// </summary>
public static class BootWorkload
{
    /// <summary>The stage-2 SoC images: the two defaults and the 4 MiB one.</summary>
    public static IReadOnlyList<int> SocImageSizes { get; } = [64 * 1024, 16 * 1024, 4 * 1024 * 1024];

    /// <summary>The boot's options, with the simulator trace on or off.</summary>
    public static BootOptions Options(bool trace, IBootObserver? observer = null, Action<VirtualChip>? beforePowerOn = null) => new()
    {
        Images = new BootImageOptions { SocImageSizes = SocImageSizes },
        Chip = new VirtualChipOptions { Trace = trace },
        Observer = observer,
        BeforePowerOn = beforePowerOn,
    };

    /// <summary>
    /// The physical floor of stage 1: every recovery image byte on the wire once, at 9 SCL cycles
    /// a byte (8 data bits and the T-bit), nothing else — no START/address/STOP, no command,
    /// length or PEC bytes, no status polling, no device work between images.
    /// <c>floor = ceil(Σ image bytes · 9 · 10^9 / SCL Hz)</c> ns.
    /// </summary>
    public static long StageOneFloorNanoseconds(long imageBytes, long sclHz = I3cTiming.DefaultSclHz) =>
        new I3cTiming(sclHz).CyclesToNanoseconds(imageBytes * I3cTiming.CyclesPerByte);

    /// <summary>Bytes of the recovery images (stage 1) of a boot.</summary>
    public static long StageOneBytes(BootResult result) => result.Transfers.Where(t => t.Channel == "recovery").Sum(t => t.Bytes);

    /// <summary>Bytes of the SoC images (stage 2) of a boot.</summary>
    public static long StageTwoBytes(BootResult result) => result.Transfers.Where(t => t.Channel == "pldm").Sum(t => t.Bytes);

    /// <summary>
    /// Simulated stage-1 time: from power-on (virtual 0) to the end of the last recovery image
    /// (its last byte written and the device's verdict read back).
    /// </summary>
    public static long StageOneNanoseconds(BootResult result) => result.Transfers.Where(t => t.Channel == "recovery").Max(t => t.SimEnd);

    /// <summary>Throws unless the boot succeeded with every image of the workload.</summary>
    public static BootResult Check(BootResult result)
    {
        if (!result.Succeeded || result.SocImages.Count != SocImageSizes.Count)
        {
            throw new InvalidOperationException($"the reference boot failed: {result.FailedStage}: {result.Message}");
        }

        return result;
    }
}
