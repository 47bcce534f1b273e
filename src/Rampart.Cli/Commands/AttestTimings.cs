using System.CommandLine;
using System.Globalization;
using System.Net;
using Rampart.Crypto;
using Rampart.Host.SpdmEmu;
using Rampart.Wire.Bindings;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart attest --connect HOST:PORT --timings [--repeat N] [--warmup N]</c>: attests the
/// peer N times, a fresh connection each, and reports per request code the round trip from
/// handing the request to the socket to having the response (median and spread; the peer's work
/// plus the socket's, not the requester's verification), the wall time of a connection and
/// connections per second (<see cref="SpdmEmuTimingRun"/>).
/// </summary>
internal sealed class AttestTimings
{
    private readonly Option<bool> _timings = new("--timings") { Description = "With --connect: time every round trip to the peer and print median and spread per request code, and connections per second, instead of the report (--timeout then bounds each connection)" };
    private readonly Option<int> _repeat = Count("--repeat", "With --timings: connections to time, each a whole attestation", least: 1, byDefault: 1);
    private readonly Option<int> _warmup = Count("--warmup", "With --timings: connections run first and not timed", least: 0, byDefault: 1);

    private AttestTimings()
    {
    }

    /// <summary>Adds the options to <paramref name="command"/>, with the rules that tie them to <paramref name="connect"/>.</summary>
    public static AttestTimings AddTo(Command command, Option<string?> connect)
    {
        var timings = new AttestTimings();
        command.Options.Add(timings._timings);
        command.Options.Add(timings._repeat);
        command.Options.Add(timings._warmup);
        command.Validators.Add(result =>
        {
            var on = result.GetResult(timings._timings) is { Implicit: false } given && given.GetValueOrDefault<bool>();
            foreach (var option in new Option[] { timings._repeat, timings._warmup })
            {
                if (!on && result.GetResult(option) is { Implicit: false })
                {
                    result.AddError($"{option.Name} goes with --timings");
                }
            }

            if (on && result.GetResult(connect) is null)
            {
                result.AddError("--timings needs --connect HOST:PORT (the in-process device runs in simulated time)");
            }
        });
        return timings;
    }

    /// <summary>A whole-number option of at least <paramref name="least"/>; anything else is a usage error.</summary>
    private static Option<int> Count(string name, string description, int least, int byDefault) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => byDefault,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < least)
            {
                result.AddError($"{name} wants a whole number of at least {least}, got '{text}'");
            }

            return value;
        },
    };

    /// <summary>Whether <c>--timings</c> was given.</summary>
    public bool Requested(ParseResult parse) => parse.GetValue(_timings);

    /// <summary>Runs the timed connections and prints what they measured; 0 when every one was trusted.</summary>
    public async Task<int> RunAsync(ParseResult parse, CliOutput output, IPEndPoint endpoint, SpdmEmuTransport transport, SpdmEmuTimingOptions options, ulong seed, CancellationToken cancellationToken)
    {
        var load = LoadAverage();
        using var engines = new SoftwareCryptoEngines(seed);
        SpdmEmuTimings timings;
        try
        {
            timings = await SpdmEmuTimingRun.RunAsync(endpoint, transport, engines, options with { Connections = parse.GetValue(_repeat), Warmup = parse.GetValue(_warmup) }, cancellationToken);
        }
        catch (SpdmEmuException e)
        {
            output.Error(e.Message);
            return ExitCodes.Refused;
        }
        catch (OperationCanceledException)
        {
            output.Error(cancellationToken.IsCancellationRequested ? "cancelled" : $"a connection to {endpoint} took longer than {options.ConnectionTimeout.TotalSeconds:0} s");
            return ExitCodes.Refused;
        }
        catch (IOException e)
        {
            output.Error($"connection to {endpoint} broke: {e.Message}");
            return ExitCodes.Refused;
        }

        if (output.Json)
        {
            output.WriteJson(Json(timings, load));
        }
        else
        {
            Write(output.Console, timings, load);
        }

        if (timings.Failure is { } failure)
        {
            var reason = failure.Checks.FirstOrDefault(c => c.Verdict == Host.Attestation.CheckVerdict.Fail);
            output.Error($"a connection failed after {timings.Connections} timed ones and the run stopped: {reason?.Check}: {reason?.Detail}");
            return ExitCodes.Refused;
        }

        if (!timings.PeerEchoedEnd)
        {
            output.Warning($"{endpoint} did not echo the last {(options.ShutdownPeer ? "SHUTDOWN" : "CONTINUE")}");
        }

        return timings.Verdicts.Keys.All(v => v == "trusted") ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static object Json(SpdmEmuTimings t, string? load) => new
    {
        t.Peer,
        Transport = t.Transport == SpdmEmuTransport.PciDoe ? "pci-doe" : "mctp",
        t.Version,
        t.Connections,
        t.Warmup,
        t.Verdicts,
        ConnectionsPerSecond = Math.Round(t.ConnectionsPerSecond, 2),
        PeerBoundConnectionsPerSecond = t.PeerTime.Median > TimeSpan.Zero ? Math.Round(1 / t.PeerTime.Median.TotalSeconds, 2) : 0,
        ConnectionMs = Ms(t.Connection),
        PeerTimeMs = Ms(t.PeerTime),
        Requests = t.Requests.Select(r => new { r.Code, r.Name, r.Count, PerConnection = Math.Round(r.PerConnection, 2), Ms = Ms(r.Spread) }),
        t.Dropped,
        LoadAverage = load,
        Failure = t.Failure is { } f ? new { f.Verdict, f.Checks } : null,
    };

    private static object Ms(DurationSpread s) => new { Min = Ms(s.Min), P10 = Ms(s.P10), Median = Ms(s.Median), P90 = Ms(s.P90), Max = Ms(s.Max) };

    private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 4);

    private static void Write(IAnsiConsole console, SpdmEmuTimings t, string? load)
    {
        var verdicts = string.Join(", ", t.Verdicts.Select(v => $"{v.Value} {v.Key}"));
        console.MarkupLine(Markup.Escape($"{t.Peer} ({(t.Transport == SpdmEmuTransport.PciDoe ? "PCI-DOE" : "MCTP")}, SPDM {t.Version})"));
        console.MarkupLine(Markup.Escape($"{t.Connections} connections timed after {t.Warmup} untimed: {(verdicts.Length == 0 ? "none completed" : verdicts)}"));
        var table = new Table().AddColumn("Round trip").AddColumn("n/conn", c => c.RightAligned()).AddColumn("median ms", c => c.RightAligned())
            .AddColumn("p10–p90 ms", c => c.RightAligned()).AddColumn("min ms", c => c.RightAligned());
        foreach (var r in t.Requests)
        {
            table.AddRow(Cells(r.Name, r.PerConnection.ToString("0.##", CultureInfo.InvariantCulture), r.Spread));
        }

        table.AddRow(Cells("peer, per connection", "", t.PeerTime));
        table.AddRow(Cells("connection, wall", "", t.Connection));
        console.Write(table);
        console.MarkupLine("A round trip runs from handing the request to the socket to having its response: the peer's work and the socket's, not the requester's (--json adds the maximum). " +
            "\"peer, per connection\" adds up a connection's round trips; \"connection, wall\" is all of it: connect, hello, the attestation with every verification, CONTINUE.");
        var peerBound = t.PeerTime.Median > TimeSpan.Zero ? 1 / t.PeerTime.Median.TotalSeconds : 0;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"connections per second: {t.ConnectionsPerSecond:0.0} (wall); {peerBound:0.0} if only the peer's round trips counted")));
        if (load is not null)
        {
            console.MarkupLine(Markup.Escape($"load average at the start: {load}"));
        }

        if (t.Dropped > 0)
        {
            console.MarkupLine(Markup.Escape($"{t.Dropped} round trips did not fit the log and are not counted"));
        }
    }

    private static string[] Cells(string name, string perConnection, DurationSpread s) =>
        [Markup.Escape(name), perConnection, F(s.Median), $"{F(s.P10)}–{F(s.P90)}", F(s.Min)];

    private static string F(TimeSpan t) => t.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or null.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
