using Rampart.Chip.Boot;

namespace Rampart.EndToEnd.Tests;

/// <summary><see cref="BootOptions.AfterBoot"/> as a serving session uses it: past the boot's deadline, with the boot's verdict at hand.</summary>
public sealed class AfterBootTests
{
    [Fact]
    public void After_boot_outlives_the_boot_deadline_and_sees_the_boots_verdict()
    {
        const long deadline = 30L * 1_000_000_000;
        BootResult? during = null;
        long endedAt = 0;
        BootRun? run = null;
        run = new BootRun(new BootOptions
        {
            Attest = false,
            Chip = new Rampart.Chip.VirtualChipOptions { Trace = false },
            DeadlineNanoseconds = deadline,
            AfterBoot = async _ =>
            {
                during = run!.Current();
                var simulator = run.Chip!.Simulator;
                await simulator.Delay(2 * deadline);
                endedAt = simulator.Now;
            },
        });

        var result = run.Run();

        Assert.True(during!.Succeeded, $"{during.FailedStage}: {during.Message}");
        Assert.Equal("every image verified, every SoC core released", during.Message);
        Assert.True(endedAt > deadline);
        Assert.True(result.Succeeded, $"{result.FailedStage}: {result.Message}");
    }
}
