using System.Globalization;
using Rampart.Host.Recovery;

namespace Rampart.Chip.Boot;

/// <summary>
/// The BMC's side of a boot, on the simulator's BMC core: the recovery agent streams the three
/// stage-1 images; then the PLDM update agent serves the SoC images to the MCU's firmware device.
/// </summary>
internal sealed partial class BmcAgent(VirtualChip chip, BootImages images, BootOptions options, List<TransferRecord> transfers)
{
    private static readonly string[] RecoveryImageNames = ["Caliptra FMC+RT bundle", "SoC manifest", "MCU runtime"];

    public bool Finished { get; private set; }

    /// <summary>True while <see cref="BootOptions.AfterBoot"/> runs: the boot itself is over and succeeded up to here.</summary>
    public bool InAfterBoot { get; private set; }

    public string? Failure { get; private set; }

    public string FailedStep { get; private set; } = string.Empty;

    public string CurrentStep { get; private set; } = "stage 1";

    public string LastStatus { get; private set; } = string.Empty;

    public RecoveryAgentResult? Recovery { get; private set; }

    public async Task RunAsync()
    {
        try
        {
            if (await RunStage1() && await RunStage2())
            {
                CurrentStep = "done";
            }
        }
        finally
        {
            Finished = true;
        }
    }

    private async Task<bool> RunStage1()
    {
        CurrentStep = "stage 1 (recovery interface)";
        var observer = options.Observer;
        var progress = new SynchronousProgress<RecoveryProgress>(p =>
        {
            var name = RecoveryImageNames[Math.Min(p.ImageIndex, RecoveryImageNames.Length - 1)];
            if (p.BytesSent == 0)
            {
                observer?.TransferStarted(name, p.TotalBytes);
            }

            observer?.TransferProgress(name, p.BytesSent, chip.Simulator.Now);
        });
        var agent = new RecoveryAgent(chip.Controller, chip.Options.RecoveryAddress, chip.Simulator, chip.Simulator, options.Recovery)
        {
            Progress = progress,
        };
        var result = await agent.RunAsync(images.RecoveryImages);
        Recovery = result;
        foreach (var image in result.Images)
        {
            var name = RecoveryImageNames[Math.Min(image.ImageIndex, RecoveryImageNames.Length - 1)];
            transfers.Add(new TransferRecord(name, "recovery", image.ImageBytes, image.StartTime, image.EndTime, image.Outcome.ToString()));
            LastStatus = string.Create(CultureInfo.InvariantCulture, $"DEVICE_STATUS 0x{(byte)image.DeviceStatus:X2} ({image.DeviceStatus}), RECOVERY_STATUS 0x{(byte)image.RecoveryStatus:X1} ({image.RecoveryStatus}) for image {image.StatusImageIndex}");
        }

        if (result.Succeeded)
        {
            return true;
        }

        var failed = result.Images.LastOrDefault();
        FailedStep = failed is null ? "stage 1" : $"stage 1, recovery image {failed.ImageIndex} ({RecoveryImageNames[Math.Min((int)failed.ImageIndex, 2)]})";
        Failure = $"{result.Outcome}: {result.Detail}" + (LastStatus.Length > 0 ? "; " + LastStatus : string.Empty);
        return false;
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports inline (the simulator has one thread; Progress&lt;T&gt; would post).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
