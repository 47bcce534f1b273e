using System.Net;
using System.Net.Sockets;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Bindings;
using Rampart.Wire.Doe;

namespace Rampart.Host.SpdmEmu;

/// <summary>Why <see cref="SpdmEmuServer.RunAsync"/> returned.</summary>
public enum SpdmEmuServerStop
{
    /// <summary>A client sent SHUTDOWN.</summary>
    Shutdown,

    /// <summary>The caller's cancellation token fired (Ctrl+C).</summary>
    Cancelled,

    /// <summary>No frame arrived within <see cref="SpdmEmuServer.IdleTimeout"/>.</summary>
    IdleTimeout,

    /// <summary><see cref="SpdmEmuServer.MaxConnections"/> connections were served.</summary>
    ConnectionLimit,
}

/// <summary>
/// Serves an SPDM responder over the spdm-emu socket protocol (SPDM-EMU.md) so DMTF's
/// spdm_requester_emu and SPDM-Responder-Validator can test it. The responder is anything that
/// answers one SPDM message or DSP0277 secured record (<see cref="ISpdmRequesterTransport"/>):
/// an in-process <see cref="SpdmResponder"/>, or a bridge to a device on the simulated chip
/// (<see cref="SpdmRequestBridge"/>). The socket framing is stripped before the request reaches it
/// and added to its answer. One client at a time; after CONTINUE the responder keeps its state for
/// the next client; SHUTDOWN ends the server. Binds to loopback unless told otherwise. Nothing a
/// client sends throws: a frame it cannot read ends that connection, and the server accepts the next.
/// </summary>
public sealed class SpdmEmuServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly ISpdmRequesterTransport _device;
    private readonly SpdmEmuTransport _transport;

    /// <summary>Creates a server for the in-process <paramref name="responder"/> on <paramref name="endpoint"/>.</summary>
    public SpdmEmuServer(SpdmResponder responder, IPEndPoint endpoint, SpdmEmuTransport transport)
        : this(new ResponderTransport(responder ?? throw new ArgumentNullException(nameof(responder)), SpdmEmuPayload.Profile(transport)), endpoint, transport)
    {
        responder.SessionTransport = SpdmEmuPayload.Profile(transport);
    }

    /// <summary>
    /// Creates a server that hands each request to <paramref name="device"/>. Its secured records
    /// must be framed as <paramref name="transport"/> frames them (the record layout differs
    /// between MCTP and DOE and cannot be converted without the session keys).
    /// </summary>
    public SpdmEmuServer(ISpdmRequesterTransport device, IPEndPoint endpoint, SpdmEmuTransport transport)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (transport != SpdmEmuTransport.None && device.Profile != SpdmEmuPayload.Profile(transport))
        {
            var framing = device.Profile == SecuredTransportProfile.Doe ? "PCI-DOE" : device.Profile == SecuredTransportProfile.Mctp ? "MCTP" : "otherwise";
            throw new ArgumentException($"the device's secured records are {framing}-framed; they cannot be served over {(transport == SpdmEmuTransport.PciDoe ? "PCI-DOE" : "MCTP")}", nameof(transport));
        }

        _device = device;
        _transport = transport;
        _listener = new TcpListener(endpoint);
    }

    /// <summary>The bound endpoint (port 0 picks a free one).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Connections to serve before <see cref="RunAsync"/> returns (null: no limit).</summary>
    public int? MaxConnections { get; init; }

    /// <summary>How long the server waits for a connection or a frame before it stops (infinite by default).</summary>
    public TimeSpan IdleTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Frames served.</summary>
    public int FramesServed { get; private set; }

    /// <summary>Frames refused (wrong transport type, malformed payload, unknown command).</summary>
    public int FramesRefused { get; private set; }

    /// <summary>
    /// Connections the client closed without CONTINUE or SHUTDOWN (DMTF's responder emu stops on
    /// those; this server takes the next client).
    /// </summary>
    public int ConnectionsDropped { get; private set; }

    /// <summary>Starts listening (throws <see cref="SocketException"/> when the endpoint cannot be bound).</summary>
    public void Start() => _listener.Start();

    /// <summary>Serves clients until SHUTDOWN, cancellation, the idle timeout or the connection limit.</summary>
    public async Task<SpdmEmuServerStop> RunAsync(CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connections = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                idle.CancelAfter(IdleTimeout);
                using (var client = await _listener.AcceptTcpClientAsync(idle.Token))
                {
                    client.NoDelay = true;
                    if (await ServeAsync(new SpdmEmuStream(client.GetStream()), idle, cancellationToken))
                    {
                        return SpdmEmuServerStop.Shutdown;
                    }
                }

                if (++connections >= MaxConnections)
                {
                    return SpdmEmuServerStop.ConnectionLimit;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return cancellationToken.IsCancellationRequested ? SpdmEmuServerStop.Cancelled : SpdmEmuServerStop.IdleTimeout;
    }

    /// <summary>Serves one connection; true when the client asked the server to shut down.</summary>
    private async Task<bool> ServeAsync(SpdmEmuStream stream, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        var response = new byte[8192];
        try
        {
            while (true)
            {
                idle.CancelAfter(IdleTimeout);
                var frame = await stream.ReadAsync(idle.Token);
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
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

                var answer = await AnswerAsync(frame, response, cancellationToken);
                FramesServed++;

                // Answer with the transport type we were sent: DMTF's side treats a mismatch as fatal.
                await stream.WriteAsync(SpdmEmuCommand.Normal, frame.Transport, answer, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The client went away mid-frame: the next one may connect.
            ConnectionsDropped++;
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async ValueTask<byte[]> AnswerAsync(SpdmEmuStream.Frame frame, byte[] response, CancellationToken cancellationToken)
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
            case SpdmEmuPayload.Kind.Secured:
                var secured = kind == SpdmEmuPayload.Kind.Secured;
                // No answer (a dropped record, a device that did not respond) is a NORMAL frame of size 0.
                var n = await _device.SendReceiveAsync(message, response, secured, cancellationToken);
                return n <= 0 || n > response.Length ? [] : SpdmEmuPayload.Wrap(frame.Transport, response.AsSpan(0, n), secured);
            case SpdmEmuPayload.Kind.DoeDiscovery:
                return AnswerDiscovery(message);
            default:
                FramesRefused++;
                return [];
        }
    }

    /// <summary>
    /// DOE discovery, answered here as the device's capsule answers it (<see cref="DoeDiscovery"/>):
    /// index 0 → discovery, 1 → SPDM, 2 → secured SPDM (SPDM-EMU.md), any later index → vendor
    /// FFFFh, next index 0; any discovery version. Only request data cut short is refused.
    /// </summary>
    private byte[] AnswerDiscovery(ReadOnlySpan<byte> body)
    {
        var answer = new byte[DoeDiscovery.AnswerSize];
        if (DoeDiscovery.TryAnswer(body, DoeDiscovery.CmaSpdmProtocols, answer, out _) != WireStatus.Done)
        {
            FramesRefused++;
            return [];
        }

        return answer;
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Stop();

    /// <summary>An in-process responder as a zero-hop transport.</summary>
    private sealed class ResponderTransport(SpdmResponder responder, SecuredTransportProfile profile) : ISpdmRequesterTransport
    {
        public SecuredTransportProfile Profile => profile;

        public ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken) =>
            secured ? responder.RespondSecuredAsync(message, response, profile) : responder.RespondAsync(message, response);
    }
}
