using System.Text.Json;

namespace Rampart.Cli.Tests.Boot;

public sealed class BootCommandTests
{
    [Fact]
    public void Boot_writes_the_capture_and_the_report_and_says_where()
    {
        var directory = Directory.CreateTempSubdirectory("rampart-boot-");
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run("boot", "--out", directory.FullName, "--json");
            Assert.True(exit == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            Assert.True(json.RootElement.GetProperty("succeeded").GetBoolean());
            var capture = json.RootElement.GetProperty("capture").GetString()!;
            var report = json.RootElement.GetProperty("report").GetString()!;
            Assert.True(new FileInfo(capture).Length > 24);
            Assert.Contains("<svg", File.ReadAllText(report), StringComparison.Ordinal);

            // The capture decodes with rampart trace decode.
            var (decodeExit, decoded, _) = CliRunner.Run("trace", "decode", capture, "--json");
            Assert.Equal(0, decodeExit);
            Assert.Contains("RequestFirmwareData", decoded, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--soc-image", "0")]
    [InlineData("--i3c-mhz", "13")]
    [InlineData("--revoke-ecc", "9")]
    [InlineData("--seed", "")]
    [InlineData("--fuse-svn", "200")]
    [InlineData("--fuse-manifest-svn", "-1")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var (exit, _, stderr) = CliRunner.Run("boot", "--no-report", option, value);
        Assert.Equal(2, exit);
        Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lifecycle_the_chip_cannot_be_provisioned_to_is_refused_without_booting()
    {
        var (exit, _, stderr) = CliRunner.Run("boot", "--no-report", "--lifecycle", "Scrap");
        Assert.Equal(1, exit);
        Assert.Contains("boot failed at provisioning", stderr, StringComparison.Ordinal);
        Assert.Contains("cannot move to Scrap", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_package_or_a_missing_file_is_refused_before_booting()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a package");
            var (exit, _, stderr) = CliRunner.Run("boot", "--no-report", "--package", file);
            Assert.Equal(1, exit);
            Assert.Contains("not a valid DSP0267 package", stderr, StringComparison.Ordinal);
            (exit, _, stderr) = CliRunner.Run("boot", "--no-report", "--bundle", file + ".missing");
            Assert.Equal(1, exit);
            Assert.Contains("file not found", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_tampered_bundle_file_fails_at_the_caliptra_rom_with_the_recovery_statuses()
    {
        var directory = Directory.CreateTempSubdirectory("rampart-boot-");
        try
        {
            var images = Rampart.Chip.Boot.BootRun.BuildImages("rampart-dev");
            var bundle = images.Bundle.ToArray();
            bundle[^5] ^= 0x10; // inside the runtime image: its TOC digest no longer matches
            var path = Path.Combine(directory.FullName, "bundle.bin");
            File.WriteAllBytes(path, bundle);
            var (exit, stdout, stderr) = CliRunner.Run("boot", "--no-report", "--bundle", path);
            Assert.Equal(1, exit);
            Assert.Contains("caliptra rom", stderr, StringComparison.Ordinal);
            Assert.Contains("RECOVERY_STATUS 0xD", stderr, StringComparison.Ordinal);
            Assert.Contains("failed at caliptra rom", stdout, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
