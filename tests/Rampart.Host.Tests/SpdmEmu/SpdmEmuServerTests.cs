using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Rampart.Host.SpdmEmu;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Bindings;

namespace Rampart.Host.Tests.SpdmEmu;

/// <summary><see cref="SpdmEmuServer"/> serving any request handler: framing stripped, bad frames answered, the ways it stops.</summary>
public sealed class SpdmEmuServerTests
{
    /// <summary>Echoes a plain message with its first byte incremented; drops secured records.</summary>
    private sealed class EchoDevice(SecuredTransportProfile? profile = null) : ISpdmRequesterTransport
    {
        public SecuredTransportProfile Profile => profile ?? SecuredTransportProfile.Mctp;

        public List<(byte[] Message, bool Secured)> Requests { get; } = [];

        public ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((message.ToArray(), secured));
            }

            if (secured || message.IsEmpty)
            {
                return ValueTask.FromResult(0);
            }

            message.CopyTo(response);
            response.Span[0]++;
            return ValueTask.FromResult(message.Length);
        }
    }

    private static async Task<(TcpClient Client, SpdmEmuStream Stream)> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endpoint, cancellationToken);
        return (client, new SpdmEmuStream(client.GetStream()));
    }

    /// <summary>A server listening on a loopback port.</summary>
    private static SpdmEmuServer Listening(EchoDevice device, SpdmEmuTransport transport)
    {
        var server = new SpdmEmuServer(device, new IPEndPoint(IPAddress.Loopback, 0), transport);
        server.Start();
        return server;
    }

    private static async Task<SpdmEmuStream.Frame> ExchangeAsync(SpdmEmuStream stream, SpdmEmuCommand command, SpdmEmuTransport transport, byte[] payload, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(command, transport, payload, cancellationToken);
        return await stream.ReadAsync(cancellationToken);
    }

    [Fact]
    public async Task The_handler_sees_requests_without_framing_and_bad_frames_get_the_protocols_answer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        var device = new EchoDevice();
        using var server = Listening(device, SpdmEmuTransport.Mctp);
        var serving = server.RunAsync(ct);

        var (first, stream) = await ConnectAsync(server.LocalEndpoint, ct);
        using (first)
        {
            var hello = await ExchangeAsync(stream, SpdmEmuCommand.Test, SpdmEmuTransport.Mctp, SpdmEmuClient.ClientHello.ToArray(), ct);
            Assert.Equal(SpdmEmuClient.ServerHello.ToArray(), hello.Payload);

            var plain = await ExchangeAsync(stream, SpdmEmuCommand.Normal, SpdmEmuTransport.Mctp, [0x05, 0x10, 0x84, 0x00, 0x00], ct);
            Assert.Equal(new byte[] { 0x05, 0x11, 0x84, 0x00, 0x00 }, plain.Payload);

            var secured = await ExchangeAsync(stream, SpdmEmuCommand.Normal, SpdmEmuTransport.Mctp, [0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x00], ct);
            Assert.Equal((SpdmEmuCommand.Normal, 0), (secured.Command, secured.Payload.Length));

            var unknown = await ExchangeAsync(stream, (SpdmEmuCommand)0x1234, SpdmEmuTransport.Mctp, [1, 2], ct);
            Assert.Equal((SpdmEmuCommand.Unknown, 0), (unknown.Command, unknown.Payload.Length));

            var otherType = await ExchangeAsync(stream, SpdmEmuCommand.Normal, SpdmEmuTransport.Mctp, [0x42, 0x10, 0x84], ct);
            Assert.Equal((SpdmEmuCommand.Normal, 0), (otherType.Command, otherType.Payload.Length));

            var otherTransport = await ExchangeAsync(stream, SpdmEmuCommand.Normal, SpdmEmuTransport.PciDoe, [0x05, 0x10, 0x84], ct);
            Assert.Equal((SpdmEmuTransport.PciDoe, 0), (otherTransport.Transport, otherTransport.Payload.Length));

            // A header announcing 16 MiB cannot be resynchronised: the server hangs up on this client.
            var oversized = new byte[12];
            BinaryPrimitives.WriteUInt32BigEndian(oversized, (uint)SpdmEmuCommand.Normal);
            BinaryPrimitives.WriteUInt32BigEndian(oversized.AsSpan(4), (uint)SpdmEmuTransport.Mctp);
            BinaryPrimitives.WriteUInt32BigEndian(oversized.AsSpan(8), 16 << 20);
            await first.GetStream().WriteAsync(oversized, ct);
            Assert.Equal(WireStatus.NeedMoreData, (await stream.ReadAsync(ct)).Status);
        }

        // A client that vanishes mid-frame does not stop the server either.
        var (second, _) = await ConnectAsync(server.LocalEndpoint, ct);
        using (second)
        {
            await second.GetStream().WriteAsync(new byte[] { 0, 0, 0, 1, 0, 0 }, ct);
        }

        var (third, stream3) = await ConnectAsync(server.LocalEndpoint, ct);
        using (third)
        {
            var again = await ExchangeAsync(stream3, SpdmEmuCommand.Normal, SpdmEmuTransport.Mctp, [0x05, 0x10, 0x84, 0x00, 0x00], ct);
            Assert.Equal(0x11, again.Payload[1]);
            var shutdown = await ExchangeAsync(stream3, SpdmEmuCommand.Shutdown, SpdmEmuTransport.Mctp, [], ct);
            Assert.Equal(SpdmEmuCommand.Shutdown, shutdown.Command);
        }

        Assert.Equal(SpdmEmuServerStop.Shutdown, await serving);
        Assert.Equal(["10840000 plain", "FFFFFFFF00 secured", "10840000 plain"], device.Requests.Select(r => Convert.ToHexString(r.Message) + (r.Secured ? " secured" : " plain")));
        Assert.Equal(3, server.FramesRefused);
    }

    // DOE Discovery objects as requesters send them (header, then index | version | reserved) and
    // the server's answer: the same as the device's capsule gives (vendor FFFFh, next 0 past the last).
    // (Every index and version is in DoeTests; these show the server uses that rule.)
    [Theory]
    [InlineData("Linux version 2, the last index", "01 00 00 00 03 00 00 00 02 02 00 00", "01 00 00 00 03 00 00 00 01 00 02 00")]
    [InlineData("Linux version 2, past the last", "01 00 00 00 03 00 00 00 03 02 00 00", "01 00 00 00 03 00 00 00 FF FF 00 00")]
    [InlineData("reserved bytes set", "01 00 00 00 03 00 00 00 01 00 AA 55", "01 00 00 00 03 00 00 00 01 00 01 02")]
    [InlineData("no request dword", "01 00 00 00 02 00 00 00", "")]
    public async Task It_answers_doe_discovery_as_the_device_does(string name, string request, string answer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        var device = new EchoDevice(SecuredTransportProfile.Doe);
        using var server = Listening(device, SpdmEmuTransport.PciDoe);
        var serving = server.RunAsync(ct);

        var (client, stream) = await ConnectAsync(server.LocalEndpoint, ct);
        using (client)
        {
            var frame = await ExchangeAsync(stream, SpdmEmuCommand.Normal, SpdmEmuTransport.PciDoe, Convert.FromHexString(request.Replace(" ", "", StringComparison.Ordinal)), ct);
            Assert.Equal((SpdmEmuCommand.Normal, SpdmEmuTransport.PciDoe), (frame.Command, frame.Transport));
            Assert.True(answer.Replace(" ", "", StringComparison.Ordinal) == Convert.ToHexString(frame.Payload), name);
            await ExchangeAsync(stream, SpdmEmuCommand.Shutdown, SpdmEmuTransport.PciDoe, [], ct);
        }

        Assert.Equal(SpdmEmuServerStop.Shutdown, await serving);
        Assert.Equal(answer.Length == 0 ? 1 : 0, server.FramesRefused);
        Assert.Empty(device.Requests);
    }

    [Fact]
    public void A_device_whose_records_are_framed_for_another_transport_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SpdmEmuServer(new EchoDevice(SecuredTransportProfile.Mctp), new IPEndPoint(IPAddress.Loopback, 0), SpdmEmuTransport.PciDoe));
        Assert.Contains("MCTP-framed; they cannot be served over PCI-DOE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_stops_after_max_connections_and_after_the_idle_timeout()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using (var once = new SpdmEmuServer(new EchoDevice(), new IPEndPoint(IPAddress.Loopback, 0), SpdmEmuTransport.Mctp) { MaxConnections = 1 })
        {
            once.Start();
            var serving = once.RunAsync(timeout.Token);
            await using (var client = await SpdmEmuClient.ConnectAsync(once.LocalEndpoint, SpdmEmuTransport.Mctp, timeout.Token))
            {
                Assert.Equal(4, await client.SendReceiveAsync(new byte[] { 0x10, 0x84, 0, 0 }, new byte[16], false, timeout.Token));
            }

            Assert.Equal(SpdmEmuServerStop.ConnectionLimit, await serving.WaitAsync(timeout.Token));
        }

        using var idle = new SpdmEmuServer(new EchoDevice(), new IPEndPoint(IPAddress.Loopback, 0), SpdmEmuTransport.Mctp) { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        idle.Start();
        var idling = idle.RunAsync(timeout.Token);

        // Connected but silent counts as idle too.
        await using var silent = await SpdmEmuClient.ConnectAsync(idle.LocalEndpoint, SpdmEmuTransport.Mctp, timeout.Token);
        Assert.Equal(SpdmEmuServerStop.IdleTimeout, await idling.WaitAsync(timeout.Token));

        using var cancelled = new CancellationTokenSource();
        using var stopped = new SpdmEmuServer(new EchoDevice(), new IPEndPoint(IPAddress.Loopback, 0), SpdmEmuTransport.Mctp);
        stopped.Start();
        var running = stopped.RunAsync(cancelled.Token);
        await cancelled.CancelAsync();
        Assert.Equal(SpdmEmuServerStop.Cancelled, await running.WaitAsync(timeout.Token));
    }
}
