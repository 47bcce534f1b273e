using System.CommandLine;
using Rampart.Kernel;
using Rampart.Kernel.Capsules;
using Rampart.Platform.Loading;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart kernel demo</c>: a board with two well-behaved apps over the echo capsule and one
/// misbehaving app (it probes memory that is not its own, throws, is restarted by its policy,
/// then spins until the watchdog stops it). Apps are loaded from bytes through the chip's code
/// loader, exactly as on the device.
/// </summary>
internal static class KernelCommand
{
    private const string AppsFile = "Rampart.TestApps.dll";

    public static Command Create()
    {
        var kernel = new Command("kernel", "The Tock-style microkernel and its isolated apps");
        var apps = new Option<string?>("--apps") { Description = "Path to the demo apps assembly (default: " + AppsFile + " beside rampart, or the repository's build output)" };
        var demo = new Command("demo", "Run two echo apps and a misbehaving app: isolation, a restart under policy, the watchdog");
        demo.Options.Add(apps);
        demo.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var path = FindApps(parse.GetValue(apps));
            if (path is null)
            {
                output.Error("the demo apps assembly was not found; build tests/apps/Rampart.TestApps or pass --apps PATH");
                return ExitCodes.Refused;
            }

            var result = RunDemo(File.ReadAllBytes(path));
            if (output.Json)
            {
                output.WriteJson(result);
            }
            else
            {
                Show(output.Console, result);
            }

            return result.Isolation && result.Restarted && result.Watchdog ? ExitCodes.Ok : ExitCodes.Refused;
        });
        kernel.Subcommands.Add(demo);
        return kernel;
    }

    private static string? FindApps(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? given : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, AppsFile);
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Rampart.slnx")))
            {
                continue;
            }

            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "tests", "apps", "Rampart.TestApps", "bin", configuration, "net10.0", AppsFile);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        return null;
    }

    private static DemoResult RunDemo(byte[] image)
    {
        var loader = new AppCodeLoader();
        var kernel = new Kernel.Kernel(loader, new KernelOptions { SliceFuel = 100_000 }, out var caps);
        var echo = new EchoCapsule(kernel, caps.MemoryAllocation);
        var console = new ConsoleCapsule(kernel, caps.MemoryAllocation);
        kernel.RegisterDriver(EchoCapsule.DriverNumber, echo, caps.MainLoop);
        kernel.RegisterDriver(ConsoleCapsule.DriverNumber, console, caps.MainLoop);

        var apps = new (string Name, string Type, FaultPolicy Policy)[]
        {
            ("app-a", "Rampart.TestApps.PingApp", FaultPolicy.Stop),
            ("app-b", "Rampart.TestApps.PongApp", FaultPolicy.Stop),
            ("intruder", "Rampart.TestApps.ThrowThenSpinApp", FaultPolicy.ThresholdRestart(1)),
        };
        foreach (var (name, type, policy) in apps)
        {
            if (!kernel.TryLoadProcess(new ProcessConfig(name, image, type, policy), caps.ProcessManagement, out _, out var refusal))
            {
                throw new InvalidOperationException($"the loader refused {name}: {refusal}");
            }
        }

        var steps = kernel.RunUntilIdle(caps.MainLoop, 1000);
        var names = new Dictionary<Kernel.ProcessId, string>();
        foreach (var e in kernel.Events)
        {
            names[e.Id] = e.Process;
        }

        var lines = console.Lines.Select(l => new ConsoleLine(names.GetValueOrDefault(l.Process, "?"), l.Text)).ToList();
        var processes = kernel.Processes.Select(p => new ProcessRow(
            p.Name, p.State.ToString(), p.Generation, p.Faults, p.LastFault?.Kind.ToString(), p.LastFault?.ExceptionType, p.LastFault?.Message, p.FuelUsed, p.Syscalls)).ToList();
        var a = kernel.Find("app-a")!;
        var b = kernel.Find("app-b")!;
        var intruder = kernel.Find("intruder")!;
        var intact = lines.Count(l => l.Text.EndsWith("echoed intact", StringComparison.Ordinal));
        var isolation = a.State == ProcessState.Terminated && b.State == ProcessState.Terminated && a.Faults == 0 && b.Faults == 0
            && intact == 6 && lines.Any(l => l.Process == "intruder" && l.Text.Contains("Invalid", StringComparison.Ordinal));
        var restarted = intruder.Generation == 1 && kernel.Events.Any(e => e.Message.StartsWith("restarted", StringComparison.Ordinal));
        var watchdog = intruder.State == ProcessState.Faulted && intruder.LastFault?.Kind == FaultKind.OutOfFuel;
        return new DemoResult(steps, processes, lines, kernel.Events.Select(e => new EventRow(e.Step, e.Process, e.Id.Value, e.Message)).ToList(),
            isolation, restarted, watchdog, loader.Loaded, loader.Refused);
    }

    private static void Show(IAnsiConsole console, DemoResult result)
    {
        console.MarkupLine($"[bold]Kernel demo[/]: {result.Steps} steps, {result.AppsLoaded} app contexts loaded, {result.AppsRefused} refused");
        var trace = new Table().AddColumn("Step").AddColumn("Process").AddColumn("Pid").AddColumn("Event");
        foreach (var e in result.Events)
        {
            trace.AddRow(e.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(e.Process), e.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(e.Message));
        }

        console.Write(trace);
        var lines = new Table().AddColumn("App").AddColumn("Console output");
        foreach (var line in result.Console)
        {
            lines.AddRow(Markup.Escape(line.Process), Markup.Escape(line.Text));
        }

        console.Write(lines);
        var table = new Table().AddColumn("App").AddColumn("State").AddColumn("Generation").AddColumn("Faults").AddColumn("Last fault").AddColumn("Fuel used").AddColumn("Syscalls");
        foreach (var p in result.Processes)
        {
            table.AddRow(Markup.Escape(p.Name), p.State, p.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Faults.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(p.FaultKind is null ? "-" : $"{p.FaultKind}: {p.FaultMessage}"), p.FuelUsed.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Syscalls.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine($"isolation: {Mark(result.Isolation)}  restart under policy: {Mark(result.Restarted)}  watchdog stopped the spinner: {Mark(result.Watchdog)}");
    }

    private static string Mark(bool ok) => ok ? "[green]yes[/]" : "[red]no[/]";

    private sealed record ProcessRow(string Name, string State, int Generation, int Faults, string? FaultKind, string? FaultType, string? FaultMessage, long FuelUsed, long Syscalls);

    private sealed record ConsoleLine(string Process, string Text);

    private sealed record EventRow(long Step, string Process, uint Pid, string Message);

    private sealed record DemoResult(
        int Steps,
        IReadOnlyList<ProcessRow> Processes,
        IReadOnlyList<ConsoleLine> Console,
        IReadOnlyList<EventRow> Events,
        bool Isolation,
        bool Restarted,
        bool Watchdog,
        int AppsLoaded,
        int AppsRefused);
}
