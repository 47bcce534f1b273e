using System.Diagnostics;
using System.Net;
using Rampart.Hal.Crypto;
using Rampart.Host.Attestation;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Bindings;
using Rampart.Wire.Spdm;

namespace Rampart.Host.SpdmEmu;

/// <summary>What <see cref="SpdmEmuTimingRun.RunAsync"/> runs.</summary>
public sealed record SpdmEmuTimingOptions
{
    /// <summary>Connections timed.</summary>
    public int Connections { get; init; } = 1;

    /// <summary>Connections run first and not timed (JIT, caches, the peer's first-connection work).</summary>
    public int Warmup { get; init; }

    /// <summary>Certificate slot to attest with.</summary>
    public byte Slot { get; init; }

    /// <summary>Trusted root certificate (DER); empty: the chain is not anchored.</summary>
    public ReadOnlyMemory<byte> TrustRoot { get; init; }

    /// <summary>Reference measurements, if any.</summary>
    public ReferenceValues? Reference { get; init; }

    /// <summary>End the last connection with SHUTDOWN (the peer stops) instead of CONTINUE.</summary>
    public bool ShutdownPeer { get; init; }

    /// <summary>How long one connection may take, end to end.</summary>
    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What each connection answers mutual authentication with (decision 0277); null: none.</summary>
    public Protocols.Spdm.SpdmRequesterIdentity? Identity { get; init; }
}

/// <summary>Minimum, 10th percentile, median, 90th percentile and maximum of a set of durations.</summary>
public sealed record DurationSpread(TimeSpan Min, TimeSpan P10, TimeSpan Median, TimeSpan P90, TimeSpan Max)
{
    /// <summary>The spread of <paramref name="values"/> (linearly interpolated quantiles); all zero for none.</summary>
    public static DurationSpread Of(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new DurationSpread(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero)
            : new DurationSpread(sorted[0], Quantile(sorted, 0.1), Quantile(sorted, 0.5), Quantile(sorted, 0.9), sorted[^1]);
    }

    private static TimeSpan Quantile(TimeSpan[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (h - low));
    }
}

/// <summary>The round trips of one request code across the timed connections.</summary>
/// <param name="Code">The request code.</param>
/// <param name="Name">Its DSP0274 name.</param>
/// <param name="Count">Round trips.</param>
/// <param name="PerConnection">Round trips per timed connection (GET_CERTIFICATE reads the chain in portions).</param>
/// <param name="Spread">Their durations.</param>
public sealed record SpdmRequestTiming(byte Code, string Name, int Count, double PerConnection, DurationSpread Spread);

/// <summary>What a timing run measured.</summary>
/// <param name="Peer">The endpoint.</param>
/// <param name="Transport">The transport inside the socket frames.</param>
/// <param name="Version">The SPDM version of the last connection.</param>
/// <param name="Connections">Connections timed (fewer than asked when one failed).</param>
/// <param name="Warmup">Connections run before them, untimed.</param>
/// <param name="Verdicts">How many timed connections ended with each verdict.</param>
/// <param name="Elapsed">Wall time of the timed connections, added up.</param>
/// <param name="Connection">Wall time of one connection: TCP connect, hello (and DOE discovery), the whole attestation with the requester's verification, CONTINUE.</param>
/// <param name="PeerTime">The round trips of one connection added up: the time spent waiting on the peer.</param>
/// <param name="Requests">Round trips per request code, in the order first sent.</param>
/// <param name="Dropped">Round trips that did not fit the log (not counted anywhere).</param>
/// <param name="Failure">The first connection that failed, if one did; the run stopped there.</param>
/// <param name="PeerEchoedEnd">Whether the peer echoed the last CONTINUE or SHUTDOWN.</param>
public sealed record SpdmEmuTimings(
    string Peer,
    SpdmEmuTransport Transport,
    string Version,
    int Connections,
    int Warmup,
    IReadOnlyDictionary<string, int> Verdicts,
    TimeSpan Elapsed,
    DurationSpread Connection,
    DurationSpread PeerTime,
    IReadOnlyList<SpdmRequestTiming> Requests,
    int Dropped,
    AttestationReport? Failure,
    bool PeerEchoedEnd)
{
    /// <summary>Timed connections per second of wall time.</summary>
    public double ConnectionsPerSecond => Elapsed > TimeSpan.Zero ? Connections / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Attests a peer speaking the spdm-emu socket protocol over and over, a fresh connection each
/// time, and times every round trip the requester makes (<see cref="SpdmRoundTripLog"/>): from
/// handing a request to the socket to having its response, so the peer's processing plus the
/// socket's, never the requester's own verification. Each connection ends with CONTINUE so the
/// peer serves the next.
/// </summary>
public static class SpdmEmuTimingRun
{
    /// <summary>Round trips a connection may log: VCA, digests, the chain in portions, CHALLENGE, measurements, a session.</summary>
    private const int RoundTripsPerConnection = 64;

    /// <summary>Runs <see cref="SpdmEmuTimingOptions.Warmup"/> then <see cref="SpdmEmuTimingOptions.Connections"/> attestations of <paramref name="endpoint"/>; stops at the first that fails.</summary>
    public static async Task<SpdmEmuTimings> RunAsync(IPEndPoint endpoint, SpdmEmuTransport transport, ICryptoEngines engines, SpdmEmuTimingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Connections);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Warmup);

        var log = new SpdmRoundTripLog(options.Connections * RoundTripsPerConnection);
        var attester = new Attester(engines) { RoundTrips = log, Identity = options.Identity };
        var verdicts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var connections = new List<TimeSpan>();
        var peerTimes = new List<TimeSpan>();
        var version = "?";
        var echoed = false;
        AttestationReport? failure = null;
        var total = options.Warmup + options.Connections;
        var timedRoundTrips = 0;
        for (var i = 0; i < total && failure is null; i++)
        {
            if (i == options.Warmup)
            {
                log.Clear();
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(options.ConnectionTimeout);
            var start = Stopwatch.GetTimestamp();
            var first = log.Count;
            AttestationReport report;
            await using (var client = await SpdmEmuClient.ConnectAsync(endpoint, transport, limit.Token))
            {
                report = await attester.AttestAsync(endpoint.ToString(), client, options.Slot, options.TrustRoot, options.Reference, limit.Token);
                echoed = i == total - 1 && options.ShutdownPeer ? await client.ShutdownAsync(limit.Token) : await client.ContinueAsync(limit.Token);
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            version = report.Version;
            if (report.Verdict == "failed")
            {
                // A failed check may have cut the sequence short: its round trips would skew the rows.
                failure = report;
                continue;
            }

            if (i < options.Warmup)
            {
                continue;
            }

            connections.Add(elapsed);
            var peerTime = TimeSpan.Zero;
            for (var k = first; k < log.Count; k++)
            {
                peerTime += log.DurationAt(k);
            }

            peerTimes.Add(peerTime);
            timedRoundTrips = log.Count;
            verdicts[report.Verdict] = verdicts.GetValueOrDefault(report.Verdict) + 1;
        }

        return new SpdmEmuTimings(
            endpoint.ToString(), transport, version, connections.Count, options.Warmup, verdicts, connections.Aggregate(TimeSpan.Zero, (a, b) => a + b),
            DurationSpread.Of(connections), DurationSpread.Of(peerTimes), Rows(log, connections.Count, timedRoundTrips), log.Dropped, failure, echoed);
    }

    /// <summary>One row per request code in the first <paramref name="count"/> round trips of the log, in the order first sent.</summary>
    private static List<SpdmRequestTiming> Rows(SpdmRoundTripLog log, int connections, int count)
    {
        var order = new List<byte>();
        var samples = new Dictionary<byte, List<TimeSpan>>();
        for (var i = 0; i < count; i++)
        {
            var code = log.CodeAt(i);
            if (!samples.TryGetValue(code, out var list))
            {
                samples[code] = list = [];
                order.Add(code);
            }

            list.Add(log.DurationAt(i));
        }

        return [.. order.Select(code => new SpdmRequestTiming(
            code, SpdmCodes.Name(code) ?? $"0x{code:X2}", samples[code].Count, connections == 0 ? 0 : (double)samples[code].Count / connections, DurationSpread.Of(samples[code])))];
    }
}
