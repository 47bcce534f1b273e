using System.CommandLine;
using System.Reflection;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart info</c>: what this build of Rampart contains and where its state lives.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show this build's version, runtime and components");
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var components = typeof(InfoCommand).Assembly.GetReferencedAssemblies()
                .Where(a => a.Name is not null && a.Name.StartsWith("Rampart.", StringComparison.Ordinal))
                .Select(a => new ComponentInfo(a.Name!, a.Version?.ToString() ?? "?"))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            var info = new BuildInfo(
                RampartCli.Version,
                Environment.Version.ToString(),
                components);
            if (output.Json)
            {
                output.WriteJson(info);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumn("Component").AddColumn("Version");
            foreach (var component in info.Components)
            {
                table.AddRow(Markup.Escape(component.Name), Markup.Escape(component.Version));
            }

            output.Console.MarkupLine($"[bold]rampart[/] {Markup.Escape(info.Version)} on .NET {Markup.Escape(info.Runtime)}");
            output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record ComponentInfo(string Name, string Version);

    private sealed record BuildInfo(string Version, string Runtime, IReadOnlyList<ComponentInfo> Components);
}
