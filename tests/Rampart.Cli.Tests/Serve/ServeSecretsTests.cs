using System.Text.Json;
using Rampart.Cli.Commands;
using Rampart.Host.Tests.SpdmDump;

namespace Rampart.Cli.Tests.Serve;

/// <summary>
/// <c>--pcap</c> and <c>--secrets</c> of <c>rampart serve spdm</c> and <c>rampart attest</c>
/// (decision 0276): what DMTF's spdm_dump needs, from the device's side (Caliptra exports it, on a
/// development chip only) and from the requester's; both sides name the same secret, and it opens
/// the captured session.
/// </summary>
public sealed class ServeSecretsTests : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("rampart-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_development_chip_s_served_session_decodes_with_the_secret_both_sides_wrote()
    {
        var servePcap = Path.Combine(_dir, "serve.pcap");
        var serveSecrets = Path.Combine(_dir, "serve-secrets.txt");
        await using var serve = ServeSession.Start("serve", "spdm", "--listen", "127.0.0.1:0", "--once", "--seed", "secrets-test", "--lifecycle", "Manufacturing", "--pcap", servePcap, "--secrets", serveSecrets, "--out", _dir);
        var endpoint = await serve.WaitForEndpointAsync(l => l.StartsWith(ServeCommand.ServingPrefix, StringComparison.Ordinal) ? l[ServeCommand.ServingPrefix.Length..].Split(' ')[0] : null, BootTimeout);

        var attestPcap = Path.Combine(_dir, "attest.pcap");
        var attestSecrets = Path.Combine(_dir, "attest-secrets.txt");
        var (exit, stdout, stderr) = await Task.Run(() => CliRunner.Run(
            "attest", "--connect", endpoint.ToString(), "--trust-root", Path.Combine(_dir, "ca.pem"), "--reference", Path.Combine(_dir, "reference.json"), "--pcap", attestPcap, "--secrets", attestSecrets, "--json"));
        Assert.True(exit == 0, stderr + stdout);
        using (var report = JsonDocument.Parse(stdout))
        {
            Assert.Equal(1, report.RootElement.GetProperty("sessionSecrets").GetInt32());
        }

        Assert.Equal(0, await serve.Completion.WaitAsync(TimeSpan.FromSeconds(60)));
        var device = Secrets(serveSecrets);
        var requester = Secrets(attestSecrets);
        Assert.Single(device);
        Assert.Equal(requester, device);

        // The secret is the one spdm_dump takes: with each side's capture it opens the whole session.
        var secret = Convert.FromHexString(device[0].Secret);
        foreach (var pcap in new[] { servePcap, attestPcap })
        {
            var opened = await SpdmDumpReplay.OpenFirstSessionAsync(File.ReadAllBytes(pcap), secret);
            Assert.Equal(new byte[] { 0xE5, 0x65, 0xE8, 0x68, 0xEC, 0x6C }, opened.Select(o => o.Code));
        }

        Assert.Contains("1 session secret(s) written to", serve.Stdout, StringComparison.Ordinal);
        Assert.Contains($"decode with: spdm_dump -r {servePcap} --dhe_secret {device[0].Secret}", serve.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("ProdEnd")]
    [InlineData("Rma")]
    public void Secrets_of_a_production_chip_exit_1_before_booting(string lifecycle)
    {
        var secrets = Path.Combine(_dir, "secrets.txt");

        var (exit, _, stderr) = CliRunner.Run("serve", "spdm", "--listen", "127.0.0.1:0", "--lifecycle", lifecycle, "--secrets", secrets);

        Assert.Equal(1, exit);
        Assert.Contains("--secrets needs a development chip", stderr, StringComparison.Ordinal);
        Assert.Contains("debug locked", stderr, StringComparison.Ordinal);
        Assert.Contains("--lifecycle Manufacturing", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(secrets));
    }

    [Fact]
    public void The_default_lifecycle_is_production_so_secrets_alone_are_refused()
    {
        var (exit, _, stderr) = CliRunner.Run("serve", "spdm", "--listen", "127.0.0.1:0", "--secrets", Path.Combine(_dir, "s.txt"));

        Assert.Equal(1, exit);
        Assert.Contains("lifecycle Production, debug locked", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_process_attest_writes_the_bmc_s_capture_and_secret()
    {
        var pcap = Path.Combine(_dir, "bmc.pcap");
        var secrets = Path.Combine(_dir, "bmc-secrets.txt");

        var (exit, stdout, stderr) = await Task.Run(() => CliRunner.Run("attest", "--boot-seed", "secrets-test", "--pcap", pcap, "--secrets", secrets));

        Assert.True(exit == 0, stderr + stdout);
        var secret = Assert.Single(Secrets(secrets));
        var opened = await SpdmDumpReplay.OpenFirstSessionAsync(File.ReadAllBytes(pcap), Convert.FromHexString(secret.Secret));
        Assert.Equal(6, opened.Count);
        Assert.Contains("decode with: spdm_dump -r " + pcap, stdout, StringComparison.Ordinal);
    }

    private static List<(string SessionId, string Secret)> Secrets(string path) =>
        [.. File.ReadAllLines(path).Where(l => !l.StartsWith('#')).Select(l => l.Split(' ')).Select(p => (p[0], p[1]))];
}
