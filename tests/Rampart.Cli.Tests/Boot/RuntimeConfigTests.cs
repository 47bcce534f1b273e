using System.Text.Json;

namespace Rampart.Cli.Tests.Boot;

/// <summary>What the CLI's runtimeconfig asks of the runtime (decision 0282).</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void The_cli_runs_without_dynamic_pgo_and_keeps_tiered_compilation()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "rampart.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation", out _), "tiered compilation stays at the runtime's default");
    }
}
