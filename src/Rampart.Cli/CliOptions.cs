using System.CommandLine;

namespace Rampart.Cli;

/// <summary>Options every command shares.</summary>
internal static class CliOptions
{
    /// <summary><c>--json</c>: print results as JSON instead of tables. Accepted by every subcommand.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print results as JSON instead of tables",
        Recursive = true,
    };
}
