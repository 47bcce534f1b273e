using System.Globalization;
using Rampart.Host.Attestation;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>The verdict and measurement tables of an attestation (<c>rampart attest</c>, and the end of <c>rampart boot</c>).</summary>
internal static class AttestationTables
{
    /// <summary>Writes the tables; <paramref name="shortDigests"/> cuts digests to 32 hex digits (the boot summary; JSON keeps them whole).</summary>
    public static void Write(IAnsiConsole console, AttestationReport report, bool shortDigests = false)
    {
        var checks = new Table().AddColumn("Check").AddColumn("Verdict").AddColumn("Detail");
        foreach (var check in report.Checks)
        {
            checks.AddRow(Markup.Escape(check.Check), Colored(check.Verdict), Markup.Escape(check.Detail));
        }

        console.MarkupLine($"[bold]SPDM {Markup.Escape(report.Version)}[/] attestation of {Markup.Escape(report.Peer)}");
        console.Write(checks);
        if (report.Measurements.Count > 0)
        {
            var measurements = new Table().AddColumn("Index").AddColumn("Type").AddColumn("Digest").AddColumn("Reference");
            foreach (var m in report.Measurements)
            {
                measurements.AddRow(m.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.Type), Markup.Escape(shortDigests && m.Digest.Length > 32 ? m.Digest[..32] + "…" : m.Digest), Colored(m.Verdict));
            }

            console.Write(measurements);
        }
    }

    private static string Colored(CheckVerdict verdict)
    {
        var color = verdict switch { CheckVerdict.Pass => "green", CheckVerdict.Fail => "red", _ => "yellow" };
        return $"[{color}]{verdict}[/]";
    }
}
