using System.Text.Json;

namespace Rampart.Cli.Tests;

/// <summary><c>rampart boot --chip NAME --state-dir DIR</c>: a named, persistent chip.</summary>
public sealed class BootCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("rampart-boot-cli-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Boot_of_a_named_chip_exits_0_and_reports_its_state_directory()
    {
        var (exit, stdout, stderr) = CliRunner.Run("boot", "--chip", "cli-chip", "--state-dir", _root.FullName, "--no-report", "--json");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal("cli-chip", json.RootElement.GetProperty("chip").GetString());
        var directory = Path.Combine(_root.FullName, "cli-chip");
        Assert.Equal(directory, json.RootElement.GetProperty("stateDirectory").GetString());
        Assert.True(File.Exists(Path.Combine(directory, "fuses.bin")));
        Assert.True(File.Exists(Path.Combine(directory, "last-boot", "chain-ecc.pem")));
    }

    [Fact]
    public void A_corrupted_fuse_file_exits_1_without_booting()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root.FullName, "broken"));
        var fuseFile = Path.Combine(directory.FullName, "fuses.bin");
        File.WriteAllBytes(fuseFile, "RPCS not a fuse file"u8.ToArray());
        var (exit, stdout, stderr) = CliRunner.Run("boot", "--chip", "broken", "--state-dir", _root.FullName, "--no-report", "--json");
        Assert.Equal(1, exit);
        Assert.Contains("not a Rampart fuse file", stderr, StringComparison.Ordinal);
        Assert.Equal("RPCS not a fuse file"u8.ToArray(), File.ReadAllBytes(fuseFile));
        Assert.DoesNotContain("succeeded", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void State_dir_without_chip_is_a_usage_error()
    {
        var (exit, _, stderr) = CliRunner.Run("boot", "--state-dir", _root.FullName, "--no-report");
        Assert.Equal(2, exit);
        Assert.Contains("--state-dir needs --chip", stderr, StringComparison.Ordinal);
    }
}
