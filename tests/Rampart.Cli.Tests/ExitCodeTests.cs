using System.Text.Json;

namespace Rampart.Cli.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public void Unknown_command_is_a_usage_error_with_exit_2()
    {
        var (exit, _, stderr) = CliRunner.Run("no-such-command");
        Assert.Equal(2, exit);
        Assert.Contains("no-such-command", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_exits_0_and_lists_commands()
    {
        var (exit, stdout, _) = CliRunner.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("info", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_build_version()
    {
        var (exit, stdout, _) = CliRunner.Run("--version");
        Assert.Equal(0, exit);
        Assert.StartsWith("0.", stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Info_json_is_parseable()
    {
        var (exit, stdout, _) = CliRunner.Run("info", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.TryGetProperty("version", out _));
    }
}
