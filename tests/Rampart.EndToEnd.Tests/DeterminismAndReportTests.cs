using System.Diagnostics;
using Rampart.Chip.Boot;
using Rampart.Protocols.Pldm;

namespace Rampart.EndToEnd.Tests;

public sealed class DeterminismAndReportTests
{
    private static byte[] Pcap(BootResult result)
    {
        using var stream = new MemoryStream();
        BootCapture.Write(stream, result);
        return stream.ToArray();
    }

    [Fact]
    public void The_same_seed_gives_a_byte_identical_capture_and_trace()
    {
        var first = new BootRun(new BootOptions { Seed = "determinism" }).Run();
        var second = new BootRun(new BootOptions { Seed = "determinism" }).Run();
        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(Pcap(first), Pcap(second));
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Chain.Select(c => Convert.ToHexString(c.Der)), second.Chain.Select(c => Convert.ToHexString(c.Der)));

        var other = new BootRun(new BootOptions { Seed = "another seed" }).Run();
        Assert.NotEqual(first.Chain[1].Der, other.Chain[1].Der);
    }

    [Fact]
    public void A_soc_image_that_is_not_the_one_in_the_manifest_fails_stage_2_and_stays_in_reset()
    {
        var result = new BootRun(new BootOptions
        {
            Tamper = images =>
            {
                var bad = images.SocImages[0].Image.ToArray();
                bad[100] ^= 0xFF;
                var soc = images.SocImages.ToList();
                soc[0] = soc[0] with { Image = bad };
                return images with { SocImages = soc, Package = BootImageBuilder.BuildPackage(soc) };
            },
        }).Run();
        Assert.False(result.Succeeded);
        Assert.StartsWith("stage 2", result.FailedStage, StringComparison.Ordinal);
        Assert.Contains(nameof(UpdateAgentStatus.VerifyFailed), result.Message, StringComparison.Ordinal);
        Assert.False(result.SocImages[0].Released);
    }

    [Fact]
    public void The_report_renders_in_headless_chromium_when_it_is_installed()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        var result = new BootRun(new BootOptions { Seed = "report" }).Run();
        var html = BootReport.Render(result);
        Assert.Equal(result.Stages.Count, CountOf(html, "<tr class=\"stage\">"));
        Assert.Equal(result.Stages.Count + result.Transfers.Count, CountOf(html, "<rect class=\"bar\""));
        Assert.True(CountOf(html, "<line class=\"msg\"") >= result.Messages.Count);
        if (chromium is null)
        {
            return; // The structure is checked above; rendering needs Debian's chromium (see README).
        }

        var directory = Directory.CreateTempSubdirectory("rampart-report-");
        try
        {
            var page = Path.Combine(directory.FullName, "boot-report.html");
            File.WriteAllText(page, html);
            using var process = Process.Start(new ProcessStartInfo(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + page])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var dom = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(60_000));
            foreach (var stage in result.Stages)
            {
                Assert.Contains(stage.Name, dom, StringComparison.Ordinal);
            }

            Assert.Contains("<svg", dom, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
