using System.CommandLine;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart crypto selftest</c>: runs every crypto engine's known-answer test, as the ROM does at start-up.</summary>
internal static class CryptoCommand
{
    public static Command Create()
    {
        var selftest = new Command("selftest", "Run the known-answer self-test of every crypto engine");
        selftest.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var engines = new SoftwareCryptoEngines(0UL);
            var results = engines.AllEngines
                .Select(engine => engine.RunKnownAnswerTest())
                .Select(r => new SelfTestResult(r.Engine, r.Verdict.IsValid(), r.Failure))
                .ToList();
            bool allPassed = results.All(r => r.Passed);
            if (output.Json)
            {
                output.WriteJson(new SelfTestReport(allPassed, results));
            }
            else
            {
                var table = new Table().AddColumn("Engine").AddColumn("Known-answer test");
                foreach (SelfTestResult r in results)
                {
                    table.AddRow(Markup.Escape(r.Engine), r.Passed ? "[green]pass[/]" : "[red]FAIL[/] " + Markup.Escape(r.Failure ?? string.Empty));
                }

                output.Console.Write(table);
            }

            if (!allPassed)
            {
                output.Error("a crypto known-answer test failed: " + string.Join(", ", results.Where(r => !r.Passed).Select(r => r.Engine)));
                return ExitCodes.Refused;
            }

            return ExitCodes.Ok;
        });

        var command = new Command("crypto", "Rampart's software crypto engines");
        command.Subcommands.Add(selftest);
        return command;
    }

    private sealed record SelfTestResult(string Engine, bool Passed, string? Failure);

    private sealed record SelfTestReport(bool Passed, IReadOnlyList<SelfTestResult> Engines);
}
