using Rampart.Protocols.Spdm;
using Rampart.Wire.Mctp;

namespace Rampart.Host.Mctp;

/// <summary>
/// SPDM over MCTP (DSP0275) for the BMC's requester: a plain message travels as MCTP message
/// type 5, a DSP0277 secured record as type 6; the type byte is added on send and checked and
/// stripped on receive. Each request is one MCTP request/response exchange of
/// <see cref="MctpHostEndpoint"/> (its timeout and retries apply).
/// </summary>
public sealed class MctpSpdmTransport(MctpHostEndpoint endpoint) : ISpdmRequesterTransport
{
    private readonly MctpHostEndpoint _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));

    /// <inheritdoc/>
    public SecuredTransportProfile Profile => SecuredTransportProfile.Mctp;

    /// <summary>Answers that were not of the expected message type, or too long for the caller's buffer.</summary>
    public long Dropped { get; private set; }

    /// <inheritdoc/>
    public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
    {
        var type = (byte)(secured ? MctpMessageType.SecuredSpdm : MctpMessageType.Spdm);
        var framed = new byte[message.Length + 1];
        framed[0] = type;
        message.Span.CopyTo(framed.AsSpan(1));
        var answer = await _endpoint.SendRequestAsync(framed);
        if (!answer.IsOk)
        {
            return 0;
        }

        var body = answer.Message.Span;
        if (body.Length < 2 || body[0] != type || body.Length - 1 > response.Length)
        {
            Dropped++;
            return 0;
        }

        body[1..].CopyTo(response.Span);
        return body.Length - 1;
    }
}
