using System.Net;
using System.Net.Sockets;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Bindings;
using Rampart.Wire.Doe;

namespace Rampart.Host.SpdmEmu;

/// <summary>
/// Serves an <see cref="SpdmResponder"/> over the spdm-emu socket protocol (SPDM-EMU.md) so
/// DMTF's spdm_requester_emu and SPDM-Responder-Validator can test it. One client at a time;
/// after CONTINUE the responder keeps its state for the next client; SHUTDOWN ends the server.
/// Binds to loopback unless told otherwise.
/// </summary>
public sealed class SpdmEmuServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly SpdmResponder _responder;
    private readonly SpdmEmuTransport _transport;

    /// <summary>Creates a server for <paramref name="responder"/> on <paramref name="endpoint"/>.</summary>
    public SpdmEmuServer(SpdmResponder responder, IPEndPoint endpoint, SpdmEmuTransport transport)
    {
        _responder = responder ?? throw new ArgumentNullException(nameof(responder));
        _transport = transport;
        _listener = new TcpListener(endpoint);
        responder.SessionTransport = SpdmEmuPayload.Profile(transport);
    }

    /// <summary>The bound endpoint (port 0 picks a free one).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Frames served.</summary>
    public int FramesServed { get; private set; }

    /// <summary>Frames refused (wrong transport type, malformed payload, unknown command).</summary>
    public int FramesRefused { get; private set; }

    /// <summary>
    /// Connections the client closed without CONTINUE or SHUTDOWN (DMTF's responder emu stops on
    /// those; this server takes the next client).
    /// </summary>
    public int ConnectionsDropped { get; private set; }

    /// <summary>Starts listening.</summary>
    public void Start() => _listener.Start();

    /// <summary>Serves clients until SHUTDOWN or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                client.NoDelay = true;
                if (await ServeAsync(new SpdmEmuStream(client.GetStream()), cancellationToken))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Serves one connection; true when the client asked the server to shut down.</summary>
    private async Task<bool> ServeAsync(SpdmEmuStream stream, CancellationToken cancellationToken)
    {
        var response = new byte[8192];
        while (true)
        {
            SpdmEmuStream.Frame frame;
            try
            {
                frame = await stream.ReadAsync(cancellationToken);
            }
            catch (IOException)
            {
                ConnectionsDropped++;
                return false;
            }

            if (frame.Status != WireStatus.Done)
            {
                // NeedMoreData: the client hung up; Invalid: an oversized frame, answered by closing.
                ConnectionsDropped += frame.Status == WireStatus.NeedMoreData ? 1 : 0;
                return false;
            }

            switch (frame.Command)
            {
                case SpdmEmuCommand.Test:
                    await stream.WriteAsync(SpdmEmuCommand.Test, frame.Transport, SpdmEmuClient.ServerHello.ToArray(), cancellationToken);
                    continue;
                case SpdmEmuCommand.Shutdown:
                    await stream.WriteAsync(SpdmEmuCommand.Shutdown, frame.Transport, ReadOnlyMemory<byte>.Empty, cancellationToken);
                    return true;
                case SpdmEmuCommand.Continue:
                    await stream.WriteAsync(SpdmEmuCommand.Continue, frame.Transport, ReadOnlyMemory<byte>.Empty, cancellationToken);
                    return false;
                case SpdmEmuCommand.Normal:
                    break;
                default:
                    FramesRefused++;
                    await stream.WriteAsync(SpdmEmuCommand.Unknown, frame.Transport, ReadOnlyMemory<byte>.Empty, cancellationToken);
                    continue;
            }

            var answer = await AnswerAsync(frame, response);
            FramesServed++;

            // Answer with the transport type we were sent: DMTF's side treats a mismatch as fatal.
            await stream.WriteAsync(SpdmEmuCommand.Normal, frame.Transport, answer, cancellationToken);
        }
    }

    private async ValueTask<byte[]> AnswerAsync(SpdmEmuStream.Frame frame, byte[] response)
    {
        if (frame.Transport != _transport)
        {
            FramesRefused++;
            return [];
        }

        var kind = SpdmEmuPayload.Unwrap(frame.Transport, frame.Payload, out var unwrapped);
        var message = unwrapped.ToArray();
        switch (kind)
        {
            case SpdmEmuPayload.Kind.Spdm:
                var n = await _responder.RespondAsync(message, response);
                return SpdmEmuPayload.Wrap(frame.Transport, response.AsSpan(0, n), secured: false);
            case SpdmEmuPayload.Kind.Secured:
                var m = await _responder.RespondSecuredAsync(message, response, SpdmEmuPayload.Profile(frame.Transport));
                return m == 0 ? [] : SpdmEmuPayload.Wrap(frame.Transport, response.AsSpan(0, m), secured: true);
            case SpdmEmuPayload.Kind.DoeDiscovery:
                return AnswerDiscovery(message);
            default:
                FramesRefused++;
                return [];
        }
    }

    /// <summary>DOE discovery: index 0 → discovery, 1 → SPDM, 2 → secured SPDM (SPDM-EMU.md).</summary>
    private byte[] AnswerDiscovery(ReadOnlySpan<byte> body)
    {
        if (DoeDiscoveryRequest.TryRead(body, out var request) != WireStatus.Done || request.Index > 2)
        {
            FramesRefused++;
            return [];
        }

        var protocol = (DoeDataObjectType)request.Index;
        var next = request.Index == 2 ? (byte)0 : (byte)(request.Index + 1);
        var data = new byte[DoeDiscoveryResponse.Size];
        new DoeDiscoveryResponse(DoeDataObjectHeader.PciSigVendorId, protocol, next).TryWrite(data);
        var buffer = new byte[DoeDataObject.GetEncodedSize(data.Length)];
        DoeDataObject.TryWrite(DoeDataObjectType.Discovery, data, buffer, out var written);
        return buffer[..written];
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Stop();
}
