using Rampart.Hal.Time;
using Rampart.Host.Mctp;
using Rampart.Protocols.Pldm;
using Rampart.Wire.Mctp;

namespace Rampart.Host.Pldm;

/// <summary>
/// PLDM over MCTP (DSP0241) for the BMC's update agent: the agent's requests go out with a fresh
/// MCTP tag (tag owner set) and their responses come back on the one receive queue; the firmware
/// device's requests (RequestFirmwareData …) arrive on the same queue, and the agent's answer to
/// one goes back with that request's tag, found by the PLDM instance id. The MCTP message-type
/// byte (1, PLDM) is added on send and checked and stripped on receive.
/// </summary>
public sealed class MctpPldmTransport : IPldmTransport
{
    private const byte RequestBit = 0x80;
    private const byte InstanceMask = 0x1F;
    private readonly MctpHostEndpoint _endpoint;
    private readonly IChipTimer _timer;
    private readonly Queue<byte[]> _received = new();
    private readonly Dictionary<byte, (byte Eid, byte Tag)> _deviceRequests = [];
    private byte[] _response = new byte[256];
    private TaskCompletionSource? _arrived;
    private bool _pumping;

    /// <summary>Wraps <paramref name="endpoint"/> (already started: the device has its EID).</summary>
    public MctpPldmTransport(MctpHostEndpoint endpoint, IChipTimer timer)
    {
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _timer = timer ?? throw new ArgumentNullException(nameof(timer));
    }

    /// <summary>Device messages that were not PLDM or were too short, dropped.</summary>
    public long Dropped { get; private set; }

    /// <summary>Requests of the agent that got no MCTP-level answer (after the endpoint's own retries).</summary>
    public long Unanswered { get; private set; }

    /// <inheritdoc/>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        StartPump();
        if (message.Length < 3)
        {
            return false;
        }

        var header = message.Span[0];
        if ((header & RequestBit) != 0)
        {
            // Fire the request; its response joins the receive queue when it comes (the request
            // bytes live until then, so they get their own array).
            var request = new byte[message.Length + 1];
            request[0] = (byte)MctpMessageType.Pldm;
            message.Span.CopyTo(request.AsSpan(1));
            _ = AwaitResponse(request);
            return true;
        }

        if (!_deviceRequests.Remove((byte)(header & InstanceMask), out var origin))
        {
            return false;
        }

        // A response is queued (copied into the mux) before SendResponseAsync first yields, so one
        // buffer serves every response: stage 2 sends one per RequestFirmwareData.
        if (_response.Length < message.Length + 1)
        {
            _response = new byte[Math.Max(message.Length + 1, _response.Length * 2)];
        }

        _response[0] = (byte)MctpMessageType.Pldm;
        message.Span.CopyTo(_response.AsSpan(1));
        return await _endpoint.SendResponseAsync(origin.Eid, origin.Tag, _response.AsMemory(0, message.Length + 1));
    }

    /// <inheritdoc/>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, long deadline, CancellationToken cancellationToken)
    {
        StartPump();
        Task? timeout = null;
        while (true)
        {
            if (_received.TryDequeue(out var message))
            {
                var length = Math.Min(message.Length, buffer.Length);
                message.AsSpan(0, length).CopyTo(buffer.Span);
                return length;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }

            _arrived ??= new TaskCompletionSource();
            timeout ??= _timer.DelayUntil(deadline).AsTask();
            if (await Task.WhenAny(_arrived.Task, timeout) == timeout)
            {
                return 0;
            }
        }
    }

    private async Task AwaitResponse(byte[] framed)
    {
        var response = await _endpoint.SendRequestAsync(framed);
        if (!response.IsOk)
        {
            Unanswered++;
            return;
        }

        Deliver(response.Message.Span);
    }

    private void StartPump()
    {
        if (_pumping)
        {
            return;
        }

        _pumping = true;
        _ = PumpDeviceRequests();
    }

    private async Task PumpDeviceRequests()
    {
        while (true)
        {
            var request = await _endpoint.ReceiveRequestAsync();
            var message = request.Message.Span;
            if (message.Length >= 4 && message[0] == (byte)MctpMessageType.Pldm)
            {
                _deviceRequests[(byte)(message[1] & InstanceMask)] = (request.SourceEid, request.Tag);
            }

            Deliver(message);
        }
    }

    private void Deliver(ReadOnlySpan<byte> message)
    {
        if (message.Length < 4 || message[0] != (byte)MctpMessageType.Pldm)
        {
            Dropped++;
            return;
        }

        _received.Enqueue(message[1..].ToArray());
        var arrived = _arrived;
        _arrived = null;
        arrived?.TrySetResult();
    }
}
