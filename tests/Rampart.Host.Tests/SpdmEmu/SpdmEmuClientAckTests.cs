using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Rampart.Host.SpdmEmu;
using Rampart.Wire.Bindings;

namespace Rampart.Host.Tests.SpdmEmu;

/// <summary><see cref="SpdmEmuClient"/> against a server that writes as DMTF's emulators do.</summary>
public sealed class SpdmEmuClientAckTests
{
    /// <summary>
    /// Writes one frame as DMTF's send_platform_data does: command, transport type, size and
    /// payload each in its own send() on a socket with Nagle's algorithm on.
    /// </summary>
    private static async Task WriteInPiecesAsync(NetworkStream stream, SpdmEmuCommand command, SpdmEmuTransport transport, byte[] payload, CancellationToken cancellationToken)
    {
        foreach (var word in new[] { (uint)command, (uint)transport, (uint)payload.Length })
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, word);
            await stream.WriteAsync(bytes, cancellationToken);
        }

        await stream.WriteAsync(payload, cancellationToken);
    }

    [Fact]
    public async Task A_frame_written_in_four_sends_under_Nagle_comes_back_without_a_delayed_ack()
    {
        // Without TCP_QUICKACK the client's delayed ACK (up to 40 ms on Linux) held every answer
        // of DMTF's spdm_responder_emu: each round trip took about 42 ms.
        if (!OperatingSystem.IsLinux())
        {
            return; // TCP_QUICKACK and the 40 ms delayed ACK are Linux's.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        const int RoundTrips = 12;
        var serving = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(timeout.Token);
            socket.NoDelay = false;
            var stream = socket.GetStream();
            var reader = new SpdmEmuStream(stream);
            var hello = await reader.ReadAsync(timeout.Token);
            await WriteInPiecesAsync(stream, hello.Command, hello.Transport, SpdmEmuClient.ServerHello.ToArray(), timeout.Token);
            for (var i = 0; i < RoundTrips; i++)
            {
                var request = await reader.ReadAsync(timeout.Token);
                await WriteInPiecesAsync(stream, request.Command, request.Transport, request.Payload, timeout.Token);
            }
        }, timeout.Token);

        var times = new List<TimeSpan>();
        await using (var client = await SpdmEmuClient.ConnectAsync((IPEndPoint)listener.LocalEndpoint, SpdmEmuTransport.Mctp, timeout.Token))
        {
            var message = new byte[] { 0x12, 0x84, 0, 0 };
            var response = new byte[64];
            for (var i = 0; i < RoundTrips; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Assert.Equal(message.Length, await client.SendReceiveAsync(message, response, secured: false, timeout.Token));
                times.Add(Stopwatch.GetElapsedTime(start));
            }
        }

        await serving;
        listener.Stop();
        times.Sort();

        // Held by a delayed ACK, every round trip takes about 40 ms; the lower quartile is the
        // check so that a loaded machine stalling a few of them cannot fail it.
        Assert.True(times[RoundTrips / 4] < TimeSpan.FromMilliseconds(20), string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))));
    }
}
