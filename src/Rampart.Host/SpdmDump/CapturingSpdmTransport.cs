using Rampart.Protocols.Spdm;

namespace Rampart.Host.SpdmDump;

/// <summary>
/// A requester transport that writes every exchange it carries to an <see cref="SpdmDumpCapture"/>
/// (the request, then the answer when there is one) and otherwise passes it through unchanged.
/// </summary>
public sealed class CapturingSpdmTransport(ISpdmRequesterTransport inner, SpdmDumpCapture capture) : ISpdmRequesterTransport
{
    private readonly ISpdmRequesterTransport _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly SpdmDumpCapture _capture = capture ?? throw new ArgumentNullException(nameof(capture));

    /// <inheritdoc/>
    public SecuredTransportProfile Profile => _inner.Profile;

    /// <inheritdoc/>
    public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
    {
        _capture.Write(fromRequester: true, message.Span, secured);
        var length = await _inner.SendReceiveAsync(message, response, secured, cancellationToken);
        if (length > 0)
        {
            _capture.Write(fromRequester: false, response.Span[..length], secured);
        }

        return length;
    }
}
