using System.Globalization;
using System.Net;
using System.Text;

namespace Rampart.Chip.Boot;

/// <summary>
/// The HTML report of a boot (ARCHITECTURE.md §4 "everything observable"): a summary, a timeline of
/// the stages of each core and the bulk transfers (recovery-interface writes included), a message
/// sequence chart between BMC, MCU and Caliptra, PCRs, measurements and the certificate chain.
/// One self-contained file (inline SVG and CSS, no script, no network).
/// </summary>
public static class BootReport
{
    private const int Width = 1100;
    private const int Left = 170;
    private const int RowHeight = 26;

    /// <summary>Renders <paramref name="result"/> as HTML.</summary>
    public static string Render(BootResult result, string title = "Rampart boot")
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
            .Append("body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}")
            .Append("th{background:#f0f0f0}.ok{color:#17702a}.bad{color:#b00020}code{font-size:12px;word-break:break-all}svg text{font-size:11px}")
            .Append("</style></head><body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n<p class=\"").Append(result.Succeeded ? "ok" : "bad").Append("\"><b>")
            .Append(result.Succeeded ? "Booted" : "Boot failed at " + E(result.FailedStage)).Append("</b>: ").Append(E(result.Message)).Append("</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Simulated time {Ms(result.SimulatedNanoseconds)} ms; wall time {result.Wall.TotalMilliseconds:0.0} ms; {result.Events:N0} simulator events.</p>\n");
        if (result.DeviceStatus.Length > 0)
        {
            html.Append("<p>Device status: ").Append(E(result.DeviceStatus)).Append("</p>\n");
        }

        Stages(html, result);
        Timeline(html, result);
        Sequence(html, result);
        Tables(html, result);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Stages(StringBuilder html, BootResult result)
    {
        html.Append("<h2 id=\"stages\">Stages</h2>\n<table><tr><th>core</th><th>stage</th><th>start (ms)</th><th>end (ms)</th><th>wall (ms)</th><th>bytes</th><th>outcome</th><th>message</th></tr>\n");
        foreach (var s in result.Stages)
        {
            html.Append("<tr class=\"stage\"><td>").Append(E(s.Core)).Append("</td><td>").Append(E(s.Name)).Append("</td><td>").Append(Ms(s.SimStart))
                .Append("</td><td>").Append(s.SimEnd < 0 ? "running" : Ms(s.SimEnd)).Append("</td><td>")
                .Append(s.Wall.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(s.ImageBytes.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(s.Outcome.ToString())).Append("</td><td>")
                .Append(E(s.Message)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Timeline(StringBuilder html, BootResult result)
    {
        var end = Math.Max(1, result.SimulatedNanoseconds);
        var rows = new List<(string Label, long Start, long End, string Color, string Title)>();
        foreach (var s in result.Stages)
        {
            var color = s.Outcome is StageOutcome.Halted or StageOutcome.Faulted or StageOutcome.LoadRefused ? "#d9534f" : s.Core == "caliptra" ? "#4a7bd0" : "#5aa469";
            rows.Add(($"{s.Core} {s.Name}", s.SimStart, s.SimEnd < 0 ? end : s.SimEnd, color, s.Message));
        }

        foreach (var t in result.Transfers)
        {
            rows.Add(($"{t.Channel}: {t.Name}", t.SimStart, t.SimEnd, t.Channel == "recovery" ? "#e0a030" : "#9b59b6", $"{t.Bytes} bytes, {t.BytesPerSecond / 1e6:0.00} MB/s, {t.Outcome}"));
        }

        var height = (rows.Count * RowHeight) + 40;
        html.Append("<h2 id=\"timeline\">Timeline</h2>\n").Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"timeline\">\n");
        var scale = (double)(Width - Left - 20) / end;
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, start, stop, color, title) = rows[i];
            var y = 10 + (i * RowHeight);
            var x = Left + (start * scale);
            var w = Math.Max(2, (stop - start) * scale);
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 15}\">{E(label)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.0}\" y=\"{y + 3}\" width=\"{w:0.0}\" height=\"{RowHeight - 8}\" fill=\"{color}\"><title>{E(label)}: {Ms(start)}–{Ms(stop)} ms. {E(title)}</title></rect>\n");
        }

        var axisY = height - 20;
        for (var tick = 0; tick <= 10; tick++)
        {
            var x = Left + ((Width - Left - 20) * tick / 10.0);
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.0}\" y1=\"4\" x2=\"{x:0.0}\" y2=\"{axisY}\" stroke=\"#eee\"/><text x=\"{x - 10:0.0}\" y=\"{axisY + 14}\">{Ms(end * tick / 10)}</text>\n");
        }

        html.Append("</svg>\n<p>Milliseconds of simulated time. Hover a bar for details.</p>\n");
    }

    private static void Sequence(StringBuilder html, BootResult result)
    {
        string[] parties = ["BMC", "MCU", "Caliptra"];
        var messages = result.Messages;
        const int top = 40;
        const int step = 18;
        var height = top + (messages.Count * step) + 20;
        var column = (Width - 200) / (parties.Length - 1);
        int X(string party) => 100 + (Math.Max(0, Array.IndexOf(parties, party)) * column);
        html.Append("<h2 id=\"sequence\">Message sequence</h2>\n").Append(CultureInfo.InvariantCulture, $"<svg width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"message sequence chart\">\n")
            .Append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n");
        foreach (var party in parties)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(party) - 20}\" y=\"20\" font-weight=\"bold\">{party}</text><line x1=\"{X(party)}\" y1=\"28\" x2=\"{X(party)}\" y2=\"{height}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var y = top + (i * step);
            var (x1, x2) = (X(m.From), X(m.To));
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"msg\" x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Math.Min(x1, x2) + 6}\" y=\"{y - 3}\">{E(m.Label)} <tspan fill=\"#888\">@{Ms(m.Time)} ms</tspan></text>\n");
        }

        html.Append("</svg>\n");
    }

    private static void Tables(StringBuilder html, BootResult result)
    {
        html.Append("<h2 id=\"transfers\">Transfers</h2>\n<table><tr><th>channel</th><th>image</th><th>bytes</th><th>simulated ms</th><th>MB/s</th><th>outcome</th></tr>\n");
        foreach (var t in result.Transfers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(t.Channel)}</td><td>{E(t.Name)}</td><td>{t.Bytes}</td><td>{Ms(t.SimEnd - t.SimStart)}</td><td>{t.BytesPerSecond / 1e6:0.000}</td><td>{E(t.Outcome)}</td></tr>\n");
        }

        html.Append("</table>\n<h2 id=\"pcrs\">PCRs</h2>\n<table><tr><th>PCR</th><th>value</th></tr>\n");
        foreach (var p in result.Pcrs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{p.Index}</td><td><code>{p.Hex}</code></td></tr>\n");
        }

        html.Append("</table>\n<h2 id=\"measurements\">Measurement log</h2>\n<table><tr><th>PCR</th><th>event</th><th>data</th></tr>\n");
        foreach (var m in result.Measurements)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{m.Pcr}</td><td>{E(m.Event)}</td><td><code>{m.DataHex}</code></td></tr>\n");
        }

        html.Append("</table>\n<h2 id=\"chain\">Certificate chain (ECC P-384)</h2>\n<table><tr><th>layer</th><th>subject</th><th>bytes</th></tr>\n");
        foreach (var c in result.Chain)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Layer)}</td><td>{E(c.Subject)}</td><td>{c.Der.Length}</td></tr>\n");
        }

        html.Append("</table>\n<h2 id=\"released\">SoC images</h2>\n<table><tr><th>fw_id</th><th>image</th><th>bytes</th><th>FW_EXEC_CTRL bit</th><th>released</th></tr>\n");
        foreach (var r in result.SocImages)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>0x{r.FwId:X}</td><td>{E(r.Name)}</td><td>{r.Bytes}</td><td>{r.ExecBit}</td><td class=\"{(r.Released ? "ok" : "bad")}\">{(r.Released ? "yes" : "no")}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Ms(long nanoseconds) => (nanoseconds / 1e6).ToString("0.000", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
