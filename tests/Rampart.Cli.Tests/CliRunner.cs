namespace Rampart.Cli.Tests;

/// <summary>Runs the <c>rampart</c> command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = RampartCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
