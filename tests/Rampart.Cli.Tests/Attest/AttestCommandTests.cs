using System.Text.Json;
using Rampart.Host.SpdmEmu;
using Rampart.Identity.X509;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Bindings;

namespace Rampart.Cli.Tests.Attest;

/// <summary><c>rampart attest --connect</c> against Rampart's own responder on loopback.</summary>
public sealed class AttestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rampart-attest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Stdout, string Stderr)> AttestAsync(SpdmEmuTransport transport, Func<TestSpdmDevice, string[]> args)
    {
        var run = await AttestWithServerAsync(transport, args);
        return (run.Exit, run.Stdout, run.Stderr);
    }

    private static Task<LoopbackRun> AttestWithServerAsync(SpdmEmuTransport transport, Func<TestSpdmDevice, string[]> args) =>
        LoopbackResponder.RunAsync(21, transport, args, TimeSpan.FromSeconds(90));

    private string WriteReference(IEnumerable<(int Index, byte[] Digest)> values)
    {
        var path = Path.Combine(_dir, $"reference-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { measurements = values.Select(v => new { index = v.Index, digest = Convert.ToHexString(v.Digest) }) }));
        return path;
    }

    private string WriteRoot(TestSpdmDevice device)
    {
        var path = Path.Combine(_dir, "root.pem");
        File.WriteAllText(path, Pem.Encode("CERTIFICATE", device.RootCertificate));
        return path;
    }

    [Theory]
    [InlineData(SpdmEmuTransport.Mctp, "mctp")]
    [InlineData(SpdmEmuTransport.PciDoe, "pci-doe")]
    public async Task A_matching_device_is_trusted_and_exits_0(SpdmEmuTransport transport, string name)
    {
        var (exit, stdout, stderr) = await AttestAsync(transport, device =>
            ["attest", "--transport", name, "--trust-root", WriteRoot(device), "--reference", WriteReference(device.Digests.Select((d, i) => (i + 1, d))), "--json"]);
        Assert.True(exit == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("trusted", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("measurements").GetArrayLength());
    }

    [Fact]
    public async Task The_connection_ends_with_continue_and_the_peer_keeps_serving()
    {
        // DMTF's spdm_responder_emu takes a connection closed without CONTINUE or SHUTDOWN for a
        // critical error and stops; rampart attest used to hang up so.
        var result = await AttestWithServerAsync(SpdmEmuTransport.Mctp, device => ["attest", "--trust-root", WriteRoot(device)]);

        Assert.Equal(1, result.Exit);
        Assert.Equal(0, result.Dropped);
        Assert.True(result.StillServing);
    }

    [Fact]
    public async Task Shutdown_peer_ends_with_shutdown_and_the_peer_stops()
    {
        var result = await AttestWithServerAsync(SpdmEmuTransport.PciDoe, device => ["attest", "--transport", "pci-doe", "--shutdown-peer", "--trust-root", WriteRoot(device)]);

        Assert.Equal(1, result.Exit);
        Assert.Equal(0, result.Dropped);
        Assert.False(result.StillServing);
        Assert.DoesNotContain("warning", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_different_reference_value_turns_the_verdict_to_mismatch_and_exits_1()
    {
        var (exit, stdout, _) = await AttestAsync(SpdmEmuTransport.Mctp, device =>
            ["attest", "--trust-root", WriteRoot(device), "--reference", WriteReference([(1, device.Digests[0]), (2, new byte[48])]), "--json"]);
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("mismatch", json.RootElement.GetProperty("verdict").GetString());
        Assert.Contains("index 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_trust_root_fails_the_chain()
    {
        var otherRoot = Path.Combine(_dir, "other.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Someone Else", key, System.Security.Cryptography.HashAlgorithmName.SHA384);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(50));
            File.WriteAllText(otherRoot, Pem.Encode("CERTIFICATE", cert.RawData));
        }

        var (exit, stdout, _) = await AttestAsync(SpdmEmuTransport.Mctp, _ => ["attest", "--trust-root", otherRoot]);
        Assert.Equal(1, exit);
        Assert.Contains("UntrustedRoot", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_connect_the_device_booted_in_process_is_attested_trusted()
    {
        var (exit, stdout, stderr) = CliRunner.Run("attest", "--json");

        Assert.True(exit == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("trusted", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("certificates").GetArrayLength());
    }

    [Fact]
    public void In_process_a_reference_that_differs_is_a_mismatch_and_exits_1()
    {
        var path = WriteReference([(1, new byte[48])]);

        var (exit, stdout, _) = CliRunner.Run("attest", "--reference", path, "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("mismatch", json.RootElement.GetProperty("verdict").GetString());
        Assert.Contains(json.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("detail").GetString() == "differ at index 1");
    }

    [Theory]
    [InlineData("not an endpoint", "not-an-address", 2)]
    [InlineData("unknown transport", "127.0.0.1:1", 2)]
    public void Bad_command_lines_exit_2(string name, string endpoint, int expected)
    {
        Assert.NotNull(name);
        string[] args = name == "unknown transport" ? ["attest", "--connect", endpoint, "--transport", "usb"] : ["attest", "--connect", endpoint];
        Assert.Equal(expected, CliRunner.Run(args).Exit);
    }

    [Fact]
    public void A_malformed_reference_file_is_named_and_exits_1()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, "{\"measurements\": [{\"index\": 1, \"digest\": \"zz\"}]}");
        var (exit, _, stderr) = CliRunner.Run("attest", "--connect", "127.0.0.1:9", "--reference", path);
        Assert.Equal(1, exit);
        Assert.Contains("not hex", stderr, StringComparison.Ordinal);
    }
}
