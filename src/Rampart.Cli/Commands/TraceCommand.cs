using System.CommandLine;
using System.Globalization;
using Rampart.Host.Trace;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart trace decode FILE</c>: decode an MCTP or DOE pcap capture (issue 2).</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var trace = new Command("trace", "Work with captures of MCTP and DOE traffic");
        trace.Subcommands.Add(CreateDecode());
        return trace;
    }

    private static Command CreateDecode()
    {
        var file = new Argument<FileInfo>("file")
        {
            Description = "A pcap file: LINUX_SLL2 (276) or MCTP (291) packets, or PCI DOE (292) objects",
        };
        var decode = new Command("decode", "Decode every message in a capture; malformed frames are flagged with the reason");
        decode.Arguments.Add(file);
        decode.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var path = parse.GetValue(file)!;
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Error($"{path.Name}: {e.Message}");
                return ExitCodes.Refused;
            }

            var result = TraceDecoder.Decode(bytes);
            if (output.Json)
            {
                output.WriteJson(new TraceJson(path.Name, result.LinkType, result.Frames, result.Records.Count, result.Flagged, result.FileError, result.Records));
            }
            else
            {
                WriteTable(output, path.Name, result);
            }

            if (result.FileError is not null)
            {
                output.Error($"{path.Name}: {result.FileError}");
                return ExitCodes.Refused;
            }

            return ExitCodes.Ok;
        });
        return decode;
    }

    private static void WriteTable(CliOutput output, string name, TraceDecodeResult result)
    {
        var table = new Table()
            .AddColumn(new TableColumn("Frame").NoWrap())
            .AddColumn(new TableColumn("Time (s)").NoWrap())
            .AddColumn(new TableColumn("EIDs").NoWrap())
            .AddColumn(new TableColumn("Tag").NoWrap())
            .AddColumn(new TableColumn("Message"));
        foreach (var r in result.Records)
        {
            var time = (r.TimestampMicroseconds / 1e6).ToString("0.000000", CultureInfo.InvariantCulture);
            var eids = r.SourceEid is null ? "" : $"{r.SourceEid:X2}→{r.DestinationEid:X2}";
            var tag = r.Tag is null ? "" : $"{r.Tag}{(r.TagOwner == true ? " TO" : "")}";
            var frame = r.Packets > 1 ? $"{r.Frame}+{r.Packets - 1}" : r.Frame.ToString(CultureInfo.InvariantCulture);
            var fields = string.Join(", ", r.Fields.Select(f => $"{f.Name}={f.Value}"));
            var color = r.Error is null ? "bold" : "bold red";
            var cell = $"[{color}]{Markup.Escape(r.Name)}[/]\n[grey]{Markup.Escape(r.MessageType)}[/]"
                + (fields.Length > 0 ? " " + Markup.Escape(fields) : "")
                + (r.Error is null ? "" : $"\n[red]{Markup.Escape(r.Error)}[/]");
            table.AddRow(Markup.Escape(frame), time, Markup.Escape(eids), Markup.Escape(tag), cell);
        }

        output.Console.MarkupLine($"[bold]{Markup.Escape(name)}[/]: link type {result.LinkType}, {result.Frames} frame(s), {result.Records.Count} message(s), {result.Flagged} flagged");
        if (result.Records.Count > 0)
        {
            output.Console.Write(table);
        }
    }

    private sealed record TraceJson(
        string File,
        uint LinkType,
        int Frames,
        int Messages,
        int Flagged,
        string? Error,
        IReadOnlyList<TraceRecord> Records);
}
