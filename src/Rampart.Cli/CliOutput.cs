using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Rampart.Cli;

/// <summary>Where a command's results go: tables for people, JSON for scripts, errors to stderr.</summary>
internal sealed class CliOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly JsonSerializerOptions JsonLineOptions = new(JsonOptions) { WriteIndented = false };

    public CliOutput(IAnsiConsole console, TextWriter stdout, TextWriter stderr, bool json)
    {
        Console = console;
        Stdout = stdout;
        Stderr = stderr;
        Json = json;
    }

    /// <summary>The Spectre console for tables and progress (stdout).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Raw standard output.</summary>
    public TextWriter Stdout { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Stderr { get; }

    /// <summary>True when <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>Writes <paramref name="value"/> as indented camelCase JSON.</summary>
    public void WriteJson<T>(T value) => Stdout.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Writes <paramref name="value"/> as camelCase JSON on one line (commands that report as they go: one object per line).</summary>
    public void WriteJsonLine<T>(T value)
    {
        Stdout.WriteLine(JsonSerializer.Serialize(value, JsonLineOptions));
        Stdout.Flush();
    }

    /// <summary>Writes an error line to stderr, prefixed with "error: ".</summary>
    public void Error(string message) => Stderr.WriteLine("error: " + message);

    /// <summary>Writes a warning line to stderr, prefixed with "warning: " (the exit code stays as it is).</summary>
    public void Warning(string message) => Stderr.WriteLine("warning: " + message);

    /// <summary>Creates the output for a parse result.</summary>
    public static CliOutput For(System.CommandLine.ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Interactive = InteractionSupport.Detect,
        });
        return new CliOutput(console, stdout, stderr, parse.GetValue(CliOptions.Json));
    }
}
