using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Rampart.Cli;

/// <summary>Builds the <c>rampart</c> command tree and runs it with the documented exit codes.</summary>
internal static class RampartCli
{
    /// <summary>The root command with every subcommand registered.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Rampart: a Caliptra-class Root-of-Trust subsystem you can run, attest, update and break on purpose.");
        root.Options.Add(CliOptions.Json);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            // The default reads the entry assembly, which is a test host when run in-process.
            version.Action = new PrintVersionAction();
        }

        foreach (var command in AllCommands())
        {
            root.Subcommands.Add(command);
        }

        RejectOptionLikeArguments(root);
        return root;
    }

    /// <summary>
    /// A mistyped option (<c>--jsno</c>) would otherwise be taken as a positional argument, say a
    /// file name, and fail later with exit 1; it is a usage error (exit 2) instead. No argument
    /// of rampart is a value starting with "--".
    /// </summary>
    private static void RejectOptionLikeArguments(Command command)
    {
        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(result =>
            {
                foreach (var token in result.Tokens)
                {
                    if (token.Value.StartsWith("--", StringComparison.Ordinal))
                    {
                        result.AddError($"unknown option '{token.Value}'");
                    }
                }
            });
        }

        foreach (var sub in command.Subcommands)
        {
            RejectOptionLikeArguments(sub);
        }
    }

    /// <summary>Every top-level command. Each lives in its own file under Commands/.</summary>
    private static IEnumerable<Command> AllCommands()
    {
        yield return Commands.BootCommand.Create();
        yield return Commands.InfoCommand.Create();
        yield return Commands.AttestCommand.Create();
        yield return Commands.ServeCommand.Create();
        yield return Commands.KernelCommand.Create();
        yield return Commands.FusesCommand.Create();
        yield return Commands.LifecycleCommand.Create();
        yield return Commands.TraceCommand.Create();
        yield return Commands.IdentityCommand.Create();
        yield return Commands.KeysCommand.Create();
        yield return Commands.ImageCommand.Create();
        yield return Commands.ManifestCommand.Create();
        yield return Commands.PldmPackageCommand.Create();
        yield return Commands.CryptoCommand.Create();
    }

    /// <summary>Parses and runs; a malformed command line exits 2, never 1.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine("error: " + error.Message);
            }

            stderr.WriteLine("Run 'rampart --help' for usage.");
            return ExitCodes.Usage;
        }

        // Without an explicit timeout, Ctrl+C/SIGTERM killed the process at once (System.CommandLine
        // 2.0.0 through Invoke); with one, the signal cancels an async action's token, so
        // rampart serve spdm stops serving and reports.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
        return parse.Invoke(config);
    }

    /// <summary>This build's informational version, from the CLI assembly itself.</summary>
    public static string Version =>
        typeof(RampartCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }
}
