using System.Globalization;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>The tables <c>rampart boot</c> prints.</summary>
internal static class BootSummary
{
    public static void Show(IAnsiConsole console, BootResult result, string? pcap, string? report)
    {
        var verdict = result.Succeeded ? "[green]succeeded[/]" : $"[red]failed at {Markup.Escape(result.FailedStage)}[/]";
        console.MarkupLine($"Boot {verdict}: {Markup.Escape(result.Message)}");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Simulated {result.SimulatedNanoseconds / 1e6:0.000} ms, wall {result.Wall.TotalMilliseconds:0} ms, {result.Events:N0} events. [grey]Development keys (NOT FOR PRODUCTION).[/]"));
        var stages = new Table().Title("Stages").AddColumns("core", "stage", "simulated (ms)", "wall (ms)", "bytes", "outcome");
        foreach (var s in result.Stages)
        {
            var end = s.SimEnd < 0 ? result.SimulatedNanoseconds : s.SimEnd;
            stages.AddRow(s.Core, Markup.Escape(s.Name), Ms(end - s.SimStart), s.SimEnd < 0 ? "running" : s.Wall.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture), s.ImageBytes.ToString(CultureInfo.InvariantCulture), Markup.Escape(Describe(s)));
        }

        console.Write(stages);
        var transfers = new Table().Title("Transfers").AddColumns("channel", "image", "bytes", "simulated (ms)", "MB/s (simulated)", "outcome");
        foreach (var t in result.Transfers)
        {
            transfers.AddRow(t.Channel, Markup.Escape(t.Name), t.Bytes.ToString(CultureInfo.InvariantCulture), Ms(t.SimEnd - t.SimStart), (t.BytesPerSecond / 1e6).ToString("0.000", CultureInfo.InvariantCulture), Markup.Escape(t.Outcome));
        }

        console.Write(transfers);
        var pcrs = new Table().Title("PCRs and measurements").AddColumns("PCR", "value");
        foreach (var p in result.Pcrs)
        {
            pcrs.AddRow(p.Index.ToString(CultureInfo.InvariantCulture), p.Hex[..32] + "…");
        }

        console.Write(pcrs);
        var chain = new Table().Title("Certificate chain (ECC P-384)").AddColumns("layer", "subject", "bytes");
        foreach (var c in result.Chain)
        {
            chain.AddRow(c.Layer, Markup.Escape(c.Subject), c.Der.Length.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(chain);
        var released = new Table().Title("SoC images").AddColumns("fw_id", "image", "bytes", "FW_EXEC_CTRL", "released");
        foreach (var r in result.SocImages)
        {
            released.AddRow($"0x{r.FwId:X}", r.Name, r.Bytes.ToString(CultureInfo.InvariantCulture), r.ExecBit.ToString(CultureInfo.InvariantCulture), r.Released ? "[green]yes[/]" : "[red]no[/]");
        }

        console.Write(released);
        if (result.Attestation is { } attestation)
        {
            AttestationTables.Write(console, attestation, shortDigests: true);
            console.MarkupLine($"Attestation verdict: [bold]{Markup.Escape(attestation.Verdict)}[/]");
        }

        if (pcap is not null)
        {
            console.MarkupLine($"Capture: {Markup.Escape(pcap)}");
        }

        if (report is not null)
        {
            console.MarkupLine($"Report:  {Markup.Escape(report)}");
        }
    }

    private static string Describe(StageRecord s) => s.Outcome switch
    {
        StageOutcome.Halted => string.Create(CultureInfo.InvariantCulture, $"halted 0x{s.ErrorCode:X8}: {s.Message}"),
        StageOutcome.Running => "running",
        _ => s.Outcome + (s.Message.Length > 0 ? ": " + s.Message : string.Empty),
    };

    private static string Ms(long ns) => (ns / 1e6).ToString("0.000", CultureInfo.InvariantCulture);
}
