using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Rampart.Cli.Commands;
using Rampart.Host.SpdmEmu;
using Rampart.Wire;
using Rampart.Wire.Bindings;

namespace Rampart.Cli.Tests.Serve;

/// <summary>
/// <c>rampart serve spdm</c>: the booted device's own SPDM responder (the MCU app behind the
/// BMC's MCTP endpoint) served over the spdm-emu socket protocol, attested by <c>rampart attest --connect</c>.
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("rampart-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("mctp")]
    [InlineData("pci-doe")]
    public async Task Rampart_attest_connect_finds_the_served_device_trusted_against_the_written_ca_and_reference(string transport)
    {
        await using var serve = ServeSession.Start("serve", "spdm", "--listen", "127.0.0.1:0", "--transport", transport, "--once", "--out", _dir, "--seed", "serve-test", "--json");
        var endpoint = await serve.WaitForEndpointAsync(ListeningEndpoint, BootTimeout);

        var (exit, stdout, stderr) = await Task.Run(() => CliRunner.Run(
            "attest", "--connect", endpoint.ToString(), "--transport", transport, "--trust-root", Path.Combine(_dir, "ca.pem"), "--reference", Path.Combine(_dir, "reference.json"), "--json"));

        Assert.True(exit == 0, stderr + stdout);
        using (var report = JsonDocument.Parse(stdout))
        {
            Assert.Equal("trusted", report.RootElement.GetProperty("verdict").GetString());
            Assert.Equal(5, report.RootElement.GetProperty("certificates").GetArrayLength());
        }

        Assert.Equal(0, await serve.Completion.WaitAsync(TimeSpan.FromSeconds(60)));
        var lines = serve.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var listening = JsonDocument.Parse(lines[0]);
        Assert.True(listening.RootElement.GetProperty("boot").GetProperty("succeeded").GetBoolean());
        Assert.Equal(transport, listening.RootElement.GetProperty("transport").GetString());
        using var stopped = JsonDocument.Parse(lines[^1]);
        Assert.Equal("stopped", stopped.RootElement.GetProperty("event").GetString());
        Assert.Equal("ConnectionLimit", stopped.RootElement.GetProperty("reason").GetString());
        Assert.Equal(0, stopped.RootElement.GetProperty("framesRefused").GetInt32());
        Assert.True(stopped.RootElement.GetProperty("forwarded").GetInt64() > 8);
    }

    [Fact]
    public async Task Garbage_gets_the_protocols_answer_the_device_keeps_serving_and_shutdown_ends_it()
    {
        await using var serve = ServeSession.Start("serve", "spdm", "--listen", "127.0.0.1:0", "--seed", "serve-test");
        var endpoint = await serve.WaitForEndpointAsync(l => l.StartsWith(ServeCommand.ServingPrefix, StringComparison.Ordinal) ? l[ServeCommand.ServingPrefix.Length..].Split(' ')[0] : null, BootTimeout);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;

        using (var tcp = new TcpClient { NoDelay = true })
        {
            await tcp.ConnectAsync(endpoint, ct);
            var stream = new SpdmEmuStream(tcp.GetStream());
            async Task<SpdmEmuStream.Frame> Exchange(SpdmEmuCommand command, byte[] payload)
            {
                await stream.WriteAsync(command, SpdmEmuTransport.Mctp, payload, ct);
                return await stream.ReadAsync(ct);
            }

            Assert.Equal(SpdmEmuClient.ServerHello.ToArray(), (await Exchange(SpdmEmuCommand.Test, SpdmEmuClient.ClientHello.ToArray())).Payload);

            // An unknown request code: the device's own ERROR, over the socket.
            var garbage = await Exchange(SpdmEmuCommand.Normal, [0x05, 0x10, 0xEE, 0x00, 0x00]);
            Assert.Equal(new byte[] { 0x05, 0x7F }, new[] { garbage.Payload[0], garbage.Payload[2] });

            Assert.Equal(SpdmEmuCommand.Unknown, (await Exchange((SpdmEmuCommand)0x4242, [1, 2, 3])).Command);
            Assert.Empty((await Exchange(SpdmEmuCommand.Normal, [0x42, 0x10, 0x84, 0x00, 0x00])).Payload);

            // A record for no session: the device drops it, the frame comes back empty.
            Assert.Empty((await Exchange(SpdmEmuCommand.Normal, [0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x10, 0x00, 1, 2, 3])).Payload);

            // Larger than one MCTP message: the BMC cannot send it, and says so with an empty frame.
            Assert.Empty((await Exchange(SpdmEmuCommand.Normal, [0x05, 0x13, 0xE0, .. new byte[4500]])).Payload);

            var version = await Exchange(SpdmEmuCommand.Normal, [0x05, 0x10, 0x84, 0x00, 0x00]);
            Assert.Equal(new byte[] { 0x05, 0x10, 0x04 }, version.Payload[..3]);

            // A frame too large to read: the server hangs up on this client, and keeps serving.
            await tcp.GetStream().WriteAsync(new byte[] { 0, 0, 0, 1, 0, 0, 0, 1, 0x7F, 0xFF, 0xFF, 0xFF }, ct);
            Assert.Equal(WireStatus.NeedMoreData, (await stream.ReadAsync(ct)).Status);
        }

        await using (var client = await SpdmEmuClient.ConnectAsync(endpoint, SpdmEmuTransport.Mctp, ct))
        {
            var response = new byte[64];
            Assert.True(await client.SendReceiveAsync(new byte[] { 0x10, 0x84, 0x00, 0x00 }, response, secured: false, ct) >= 4);
            Assert.Equal(0x04, response[1]);
            await client.ShutdownAsync(ct);
        }

        Assert.Equal(0, await serve.Completion.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Boot succeeded: every image verified, every SoC core released, attestation trusted", serve.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopped (a client sent SHUTDOWN)", serve.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-endpoint")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:2323")]
    [InlineData("127.0.0.1:99999")]
    public void A_bad_listen_address_exits_2_before_booting(string listen)
    {
        var (exit, _, stderr) = CliRunner.Run("serve", "spdm", "--listen", listen);

        Assert.Equal(2, exit);
        Assert.Contains("--listen wants HOST:PORT", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_pci_doe_discovery_garbage_and_dropped_records_get_their_answers_and_the_device_keeps_serving()
    {
        await using var serve = ServeSession.Start("serve", "spdm", "--listen", "127.0.0.1:0", "--transport", "pci-doe", "--seed", "serve-test");
        var endpoint = await serve.WaitForEndpointAsync(l => l.StartsWith(ServeCommand.ServingPrefix, StringComparison.Ordinal) ? l[ServeCommand.ServingPrefix.Length..].Split(' ')[0] : null, BootTimeout);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;

        using (var tcp = new TcpClient { NoDelay = true })
        {
            await tcp.ConnectAsync(endpoint, ct);
            var stream = new SpdmEmuStream(tcp.GetStream());
            async Task<SpdmEmuStream.Frame> Exchange(SpdmEmuTransport transport, byte[] payload)
            {
                await stream.WriteAsync(SpdmEmuCommand.Normal, transport, payload, ct);
                return await stream.ReadAsync(ct);
            }

            // DOE discovery, index 1: CMA/SPDM (type 1), next index 2.
            var discovery = await Exchange(SpdmEmuTransport.PciDoe, [0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00]);
            Assert.Equal(new byte[] { 0x01, 0x00, 0x01, 0x02 }, discovery.Payload[8..12]);

            // An unknown request code: the device's own ERROR inside a CMA/SPDM object.
            var garbage = await Exchange(SpdmEmuTransport.PciDoe, [0x01, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10, 0xEE, 0x00, 0x00]);
            Assert.Equal(new byte[] { 0x01, 0x01, 0x7F }, new[] { garbage.Payload[0], garbage.Payload[2], garbage.Payload[9] });

            // A record for no session, and an MCTP frame to a DOE server: empty answers.
            Assert.Empty((await Exchange(SpdmEmuTransport.PciDoe, [0x01, 0x00, 0x02, 0x00, 0x05, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x04, 0x00, 1, 2, 3, 4, 0, 0])).Payload);
            Assert.Empty((await Exchange(SpdmEmuTransport.Mctp, [0x05, 0x10, 0x84, 0x00, 0x00])).Payload);

            var version = await Exchange(SpdmEmuTransport.PciDoe, [0x01, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x10, 0x84, 0x00, 0x00]);
            Assert.Equal(new byte[] { 0x10, 0x04 }, version.Payload[8..10]);
            await stream.WriteAsync(SpdmEmuCommand.Shutdown, SpdmEmuTransport.PciDoe, ReadOnlyMemory<byte>.Empty, ct);
            Assert.Equal(SpdmEmuCommand.Shutdown, (await stream.ReadAsync(ct)).Command);
        }

        Assert.Equal(0, await serve.Completion.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("PCI_DOE transport", serve.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopped (a client sent SHUTDOWN)", serve.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_already_taken_exits_1_before_booting()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var (exit, _, stderr) = CliRunner.Run("serve", "spdm", "--listen", taken.LocalEndpoint.ToString()!);

            Assert.Equal(1, exit);
            Assert.Contains("cannot listen on", stderr, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }

    private static string? ListeningEndpoint(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("event").GetString() == "listening" ? json.RootElement.GetProperty("endpoint").GetString() : null;
    }
}
