using System.Net;
using System.Text.Json;
using Rampart.Host.SpdmEmu;
using Rampart.Identity.X509;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Bindings;

namespace Rampart.Cli.Tests.Attest;

/// <summary><c>rampart attest --connect … --timings</c> against Rampart's own responder on loopback.</summary>
public sealed class AttestTimingsTests : IDisposable
{
    private static readonly string[] Sequence =
        ["GET_VERSION", "GET_CAPABILITIES", "NEGOTIATE_ALGORITHMS", "GET_DIGESTS", "GET_CERTIFICATE", "CHALLENGE", "GET_MEASUREMENTS", "KEY_EXCHANGE", "FINISH", "HEARTBEAT", "END_SESSION"];

    private readonly string _dir = Directory.CreateTempSubdirectory("rampart-timings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs the command against a fresh server, which no client hung up on.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr, bool StillServing)> RunAsync(SpdmEmuTransport transport, Func<TestSpdmDevice, string[]> args)
    {
        var run = await LoopbackResponder.RunAsync(41, transport, args, TimeSpan.FromSeconds(120));
        Assert.Equal(0, run.Dropped);
        return (run.Exit, run.Stdout, run.Stderr, run.StillServing);
    }

    private string Root(TestSpdmDevice device)
    {
        var path = Path.Combine(_dir, $"root-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, Pem.Encode("CERTIFICATE", device.RootCertificate));
        return path;
    }

    private string Reference(TestSpdmDevice device)
    {
        var path = Path.Combine(_dir, $"reference-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { measurements = device.Digests.Select((d, i) => new { index = i + 1, digest = Convert.ToHexString(d) }) }));
        return path;
    }

    [Theory]
    [InlineData("mctp", SpdmEmuTransport.Mctp)]
    [InlineData("pci-doe", SpdmEmuTransport.PciDoe)]
    public async Task Json_has_a_row_for_every_request_and_the_connection_rates(string name, SpdmEmuTransport transport)
    {
        var (exit, stdout, stderr, stillServing) = await RunAsync(transport, d =>
            ["attest", "--transport", name, "--trust-root", Root(d), "--reference", Reference(d), "--timings", "--repeat", "3", "--warmup", "0", "--json"]);

        Assert.True(exit == 0, stderr + stdout);
        Assert.True(stillServing);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(name, root.GetProperty("transport").GetString());
        Assert.Equal("1.3", root.GetProperty("version").GetString());
        Assert.Equal(3, root.GetProperty("connections").GetInt32());
        Assert.Equal(0, root.GetProperty("warmup").GetInt32());
        Assert.Equal(3, root.GetProperty("verdicts").GetProperty("trusted").GetInt32());
        Assert.True(root.GetProperty("connectionsPerSecond").GetDouble() > 0);
        // Each connection's peer time is part of its wall time, so the median peer time is at most
        // the median connection time. (The wall rate counts the whole run, a mean: with three
        // connections one slow one can put it on either side of the median-based peer-bound rate.)
        var medianConnectionRate = 1000 / root.GetProperty("connectionMs").GetProperty("median").GetDouble();
        Assert.True(root.GetProperty("peerBoundConnectionsPerSecond").GetDouble() >= Math.Round(medianConnectionRate, 2) - 0.01);
        Assert.True(root.GetProperty("connectionMs").GetProperty("median").GetDouble() > root.GetProperty("peerTimeMs").GetProperty("median").GetDouble());
        Assert.Equal(0, root.GetProperty("dropped").GetInt32());
        Assert.False(root.TryGetProperty("failure", out _));

        var requests = root.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal(Sequence, requests.Select(r => r.GetProperty("name").GetString()));
        foreach (var r in requests)
        {
            var ms = r.GetProperty("ms");
            var values = new[] { "min", "p10", "median", "p90", "max" }.Select(k => ms.GetProperty(k).GetDouble()).ToArray();
            Assert.True(values[0] > 0 && values.SequenceEqual(values.Order()), $"{r}");
            Assert.True(r.GetProperty("count").GetInt32() >= 3);
            Assert.True(r.GetProperty("code").GetInt32() >= 0x80);
        }
    }

    [Fact]
    public async Task The_table_names_every_request_and_the_rates_and_shutdown_peer_stops_the_peer_after_the_last()
    {
        var (exit, stdout, stderr, stillServing) = await RunAsync(SpdmEmuTransport.Mctp, d =>
            ["attest", "--trust-root", Root(d), "--reference", Reference(d), "--timings", "--repeat", "2", "--shutdown-peer"]);

        Assert.True(exit == 0, stderr + stdout);
        Assert.False(stillServing);
        Assert.All(Sequence, name => Assert.Contains(name, stdout, StringComparison.Ordinal));
        Assert.Contains("2 connections timed after 1 untimed", stdout, StringComparison.Ordinal);
        Assert.Contains("2 trusted", stdout, StringComparison.Ordinal);
        Assert.Contains("connections per second:", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_that_are_not_trusted_exit_1_and_a_failed_one_stops_the_run()
    {
        var (exit, stdout, _, _) = await RunAsync(SpdmEmuTransport.Mctp, d => ["attest", "--trust-root", Root(d), "--timings", "--warmup", "0", "--json"]);
        Assert.Equal(1, exit);
        using (var json = JsonDocument.Parse(stdout))
        {
            Assert.Equal(1, json.RootElement.GetProperty("verdicts").GetProperty("incomplete").GetInt32());
        }

        var other = Path.Combine(_dir, "other.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384))
        {
            using var cert = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Else", key, System.Security.Cryptography.HashAlgorithmName.SHA384)
                .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(50));
            File.WriteAllText(other, Pem.Encode("CERTIFICATE", cert.RawData));
        }

        var (failedExit, failedStdout, failedStderr, _) = await RunAsync(SpdmEmuTransport.Mctp, _ => ["attest", "--trust-root", other, "--timings", "--repeat", "5", "--json"]);
        Assert.Equal(1, failedExit);
        Assert.Contains("the run stopped", failedStderr, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", failedStderr, StringComparison.Ordinal);
        using var failed = JsonDocument.Parse(failedStdout);
        Assert.Equal(0, failed.RootElement.GetProperty("connections").GetInt32());
        Assert.Equal("failed", failed.RootElement.GetProperty("failure").GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("--repeat", "3")]
    [InlineData("--warmup", "0")]
    public void Repeat_and_warmup_without_timings_exit_2(string option, string value)
    {
        var (exit, _, stderr) = CliRunner.Run("attest", "--connect", "127.0.0.1:9", option, value);
        Assert.Equal(2, exit);
        Assert.Contains($"{option} goes with --timings", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--repeat", "0", "--repeat wants a whole number of at least 1, got '0'")]
    [InlineData("--warmup", "-1", "--warmup wants a whole number of at least 0, got '-1'")]
    [InlineData("--repeat", "many", "got 'many'")]
    public void Bad_counts_exit_2(string option, string value, string message)
    {
        var (exit, _, stderr) = CliRunner.Run("attest", "--connect", "127.0.0.1:9", "--timings", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pcap")]
    [InlineData("--secrets")]
    public void Timings_write_no_capture_or_secrets_and_leave_no_file(string option)
    {
        var file = Path.Combine(_dir, "unwanted");
        var (exit, _, stderr) = CliRunner.Run("attest", "--connect", "127.0.0.1:9", "--timings", option, file);
        Assert.Equal(2, exit);
        Assert.Contains("--timings runs many connections: it does not write --pcap or --secrets", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Timings_need_a_peer_to_connect_to()
    {
        var (exit, _, stderr) = CliRunner.Run("attest", "--timings");
        Assert.Equal(2, exit);
        Assert.Contains("--timings needs --connect", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_that_is_not_there_exits_1()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, _, stderr) = CliRunner.Run("attest", "--connect", $"127.0.0.1:{port}", "--timings", "--timeout", "5");
        Assert.Equal(1, exit);
        Assert.Contains("cannot connect", stderr, StringComparison.Ordinal);
    }
}
