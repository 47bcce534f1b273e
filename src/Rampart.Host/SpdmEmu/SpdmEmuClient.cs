using System.Net;
using System.Net.Sockets;
using System.Text;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Bindings;
using Rampart.Wire.Doe;

namespace Rampart.Host.SpdmEmu;

/// <summary>
/// The requester's side of the spdm-emu socket protocol (SPDM-EMU.md): connects to a responder
/// such as DMTF's spdm_responder_emu or <c>rampart serve spdm</c>, says hello, runs DOE discovery
/// on PCI_DOE, then carries one SPDM message per NORMAL frame.
/// </summary>
public sealed class SpdmEmuClient : ISpdmRequesterTransport, IAsyncDisposable
{
    /// <summary>The TEST payload a client sends.</summary>
    public static ReadOnlySpan<byte> ClientHello => "Client Hello!\0"u8;

    /// <summary>The TEST payload a server answers.</summary>
    public static ReadOnlySpan<byte> ServerHello => "Server Hello!\0"u8;

    // Linux: IPPROTO_TCP, TCP_QUICKACK.
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] On = [1, 0, 0, 0];

    private readonly TcpClient _client;
    private readonly SpdmEmuStream _stream;

    private SpdmEmuClient(TcpClient client, SpdmEmuTransport transport)
    {
        _client = client;
        _stream = new SpdmEmuStream(client.GetStream());
        Transport = transport;
    }

    /// <summary>The transport type every frame carries.</summary>
    public SpdmEmuTransport Transport { get; }

    /// <inheritdoc/>
    public SecuredTransportProfile Profile => SpdmEmuPayload.Profile(Transport);

    /// <summary>Frames the peer answered with another transport type or command (refused, counted).</summary>
    public int Mismatches { get; private set; }

    /// <summary>Connects, says hello and (on PCI_DOE) walks DOE discovery. Throws <see cref="SpdmEmuException"/> when the peer does not speak the protocol.</summary>
    public static async Task<SpdmEmuClient> ConnectAsync(IPEndPoint endpoint, SpdmEmuTransport transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(endpoint, cancellationToken);
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw new SpdmEmuException($"cannot connect to {endpoint}: {e.SocketErrorCode}");
        }

        var client = new SpdmEmuClient(tcp, transport);
        try
        {
            if (transport != SpdmEmuTransport.None)
            {
                await client._stream.WriteAsync(SpdmEmuCommand.Test, transport, ClientHello.ToArray(), cancellationToken);
                var hello = await client.ReadAsync(cancellationToken);
                if (hello.Status != WireStatus.Done || hello.Command != SpdmEmuCommand.Test || !hello.Payload.AsSpan().SequenceEqual(ServerHello))
                {
                    throw new SpdmEmuException($"{endpoint} did not answer the spdm-emu hello (got {hello.Command}, {Encoding.ASCII.GetString(hello.Payload).TrimEnd('\0')})");
                }
            }

            if (transport == SpdmEmuTransport.PciDoe)
            {
                await client.DiscoverAsync(cancellationToken);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        byte index = 0;
        var protocols = new List<DoeDataObjectType>();
        do
        {
            var body = new byte[DoeDiscoveryRequest.Size];
            new DoeDiscoveryRequest(index).TryWrite(body);
            var request = new byte[DoeDataObject.GetEncodedSize(body.Length)];
            DoeDataObject.TryWrite(DoeDataObjectType.Discovery, body, request, out var n);
            await _stream.WriteAsync(SpdmEmuCommand.Normal, Transport, request.AsMemory(0, n), cancellationToken);
            var frame = await ReadAsync(cancellationToken);
            if (frame.Status != WireStatus.Done || SpdmEmuPayload.Unwrap(Transport, frame.Payload, out var data) != SpdmEmuPayload.Kind.DoeDiscovery ||
                DoeDiscoveryResponse.TryRead(data, out var response) != WireStatus.Done)
            {
                throw new SpdmEmuException("DOE discovery failed: malformed response");
            }

            protocols.Add(response.Protocol);
            index = response.NextIndex;
        }
        while (index != 0 && protocols.Count < 16);

        if (!protocols.Contains(DoeDataObjectType.Spdm))
        {
            throw new SpdmEmuException("DOE discovery: the peer does not list SPDM");
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(SpdmEmuCommand.Normal, Transport, SpdmEmuPayload.Wrap(Transport, message.Span, secured), cancellationToken);
        var frame = await ReadAsync(cancellationToken);
        if (frame.Status != WireStatus.Done)
        {
            return 0;
        }

        if (frame.Command != SpdmEmuCommand.Normal || frame.Transport != Transport)
        {
            Mismatches++;
            return 0;
        }

        var kind = SpdmEmuPayload.Unwrap(Transport, frame.Payload, out var body);
        if (kind != (secured ? SpdmEmuPayload.Kind.Secured : SpdmEmuPayload.Kind.Spdm) || body.Length > response.Length)
        {
            Mismatches++;
            return 0;
        }

        body.CopyTo(response.Span);
        return body.Length;
    }

    /// <summary>Tells the server to shut down (SHUTDOWN, echoed with size 0); true when it echoed.</summary>
    public Task<bool> ShutdownAsync(CancellationToken cancellationToken = default) => EndAsync(SpdmEmuCommand.Shutdown, cancellationToken);

    /// <summary>
    /// Ends this client's turn and leaves the server serving the next one (CONTINUE, echoed with
    /// size 0); true when it echoed. DMTF's spdm_responder_emu takes a connection closed without
    /// CONTINUE or SHUTDOWN for a critical error and stops.
    /// </summary>
    public Task<bool> ContinueAsync(CancellationToken cancellationToken = default) => EndAsync(SpdmEmuCommand.Continue, cancellationToken);

    private async Task<bool> EndAsync(SpdmEmuCommand command, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(command, Transport, ReadOnlyMemory<byte>.Empty, cancellationToken);
        var echo = await ReadAsync(cancellationToken);
        return echo.Status == WireStatus.Done && echo.Command == command;
    }

    /// <summary>
    /// Reads the peer's next frame, acknowledging its segments at once. DMTF's emulators write a
    /// frame in four send() calls without TCP_NODELAY, so Nagle's algorithm holds the rest of the
    /// frame until the first segment is acknowledged, and Linux delays that ACK by up to 40 ms:
    /// every round trip took about 42 ms. TCP_QUICKACK is not sticky, so it is set before every read.
    /// </summary>
    private ValueTask<SpdmEmuStream.Frame> ReadAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _client.Client.SetRawSocketOption(IpProtoTcp, TcpQuickAck, On);
            }
            catch (SocketException)
            {
                // Only a delayed ACK is at stake.
            }
        }

        return _stream.ReadAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The peer does not speak the spdm-emu protocol as expected (a local error with a precise message).</summary>
public sealed class SpdmEmuException(string message) : Exception(message);
