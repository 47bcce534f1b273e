using System.Net;
using System.Net.Sockets;
using Rampart.Crypto;
using Rampart.Host.SpdmEmu;
using Rampart.Protocols.Spdm;
using Rampart.Protocols.Tests.Spdm;
using Rampart.Wire.Bindings;

namespace Rampart.Host.Tests.SpdmEmu;

/// <summary>Rampart's requester against Rampart's responder across the spdm-emu socket protocol on loopback.</summary>
public sealed class SpdmEmuSocketTests
{
    [Theory]
    [InlineData(SpdmEmuTransport.Mctp)]
    [InlineData(SpdmEmuTransport.PciDoe)]
    public async Task Attestation_and_a_session_run_over_the_socket(SpdmEmuTransport transport)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var deviceCrypto = new EngineSpdmCrypto(new SoftwareCryptoEngines(11));
        using var device = await TestSpdmDevice.CreateAsync(deviceCrypto);
        using var server = new SpdmEmuServer(new SpdmResponder(device, deviceCrypto), new IPEndPoint(IPAddress.Loopback, 0), transport);
        server.Start();
        var serving = server.RunAsync(timeout.Token);

        await using (var client = await SpdmEmuClient.ConnectAsync(server.LocalEndpoint, transport, timeout.Token))
        {
            var requester = new SpdmRequester(client, new EngineSpdmCrypto(new SoftwareCryptoEngines(12)));
            var init = await requester.InitConnectionAsync(timeout.Token);
            Assert.True(init.IsOk, init.ToString());
            Assert.True((await requester.GetDigestsAsync(timeout.Token)).Outcome.IsOk);
            Assert.True((await requester.GetCertificateChainAsync(0, timeout.Token)).Outcome.IsOk);
            var challenge = await requester.ChallengeAsync(0, 0xFF, timeout.Token);
            Assert.True(challenge.Outcome.IsOk, challenge.Outcome.ToString());
            var measurements = await requester.GetMeasurementsAsync(cancellationToken: timeout.Token);
            Assert.True(measurements.Outcome.IsOk, measurements.Outcome.ToString());
            Assert.True((await requester.StartSessionAsync(0, cancellationToken: timeout.Token)).IsOk);
            Assert.True((await requester.HeartbeatAsync(timeout.Token)).IsOk);
            Assert.True((await requester.EndSessionAsync(timeout.Token)).IsOk);
            Assert.Equal(0, client.Mismatches);
            await client.ShutdownAsync(timeout.Token);
        }

        await serving;
        Assert.Equal(0, server.FramesRefused);
        Assert.True(server.FramesServed > 8);
    }

    [Fact]
    public async Task A_peer_that_is_not_an_spdm_emu_server_is_named_in_a_clear_error()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(timeout.Token);
            await socket.GetStream().WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray(), timeout.Token);
        }, timeout.Token);
        var error = await Assert.ThrowsAsync<SpdmEmuException>(() => SpdmEmuClient.ConnectAsync((IPEndPoint)listener.LocalEndpoint, SpdmEmuTransport.Mctp, timeout.Token));
        Assert.Contains("hello", error.Message, StringComparison.Ordinal);
        await accept;
        listener.Stop();
    }

    [Fact]
    public async Task Nothing_listening_is_a_clear_connection_error()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();
        var error = await Assert.ThrowsAsync<SpdmEmuException>(() => SpdmEmuClient.ConnectAsync(endpoint, SpdmEmuTransport.Mctp));
        Assert.Contains("cannot connect", error.Message, StringComparison.Ordinal);
    }
}
