using Rampart.Protocols.Pldm;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;

namespace Rampart.Firmware.Mcu.Apps.Pldm;

/// <summary>
/// The app's loop: answer PLDM requests (type 0 by <see cref="PldmBaseResponder"/>, type 5 by
/// the <see cref="FirmwareDeviceEngine"/>), send the engine's own requests to the UA, pass the
/// UA's responses back, and run Caliptra authorizations when verification asks for one.
/// </summary>
internal sealed class PldmDeviceService
{
    private readonly IPldmAppPort _port;
    private readonly SocImageHandler _handler;
    private readonly PldmBaseResponder _base = new();
    private byte? _agentEid;

    public PldmDeviceService(IPldmAppPort port, SocImage[] images, FirmwareDeviceOptions? options = null)
    {
        _port = port;
        _handler = new SocImageHandler(port, images);
        Engine = new FirmwareDeviceEngine(_handler, options);
    }

    /// <summary>The firmware device engine.</summary>
    public FirmwareDeviceEngine Engine { get; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var n = Engine.PollRequest(_port.Transmit, _port.Now);
            if (n > 0 && _agentEid is { } agent)
            {
                await _port.SendRequestAsync(agent, n);
            }

            if (_handler.PendingAuthorization is { } fwId)
            {
                _handler.CompleteAuthorization(await _port.AuthorizeAndStashAsync(fwId, _handler.PendingImageSize));
                continue;
            }

            var received = await _port.ReceiveAsync(Engine.NextPollAt, cancellationToken);
            switch (received.Kind)
            {
                case PortEventKind.Request:
                    await AnswerAsync(received);
                    break;
                case PortEventKind.Response:
                    Engine.HandleResponse(_port.Received[..received.Length], _port.Now);
                    break;
            }
        }
    }

    private async ValueTask AnswerAsync(PortEvent request)
    {
        var message = _port.Received[..request.Length];
        int n;
        if (PldmHeader.TryRead(message, out var header, out _) == WireStatus.Done && header.Type == PldmType.Base)
        {
            n = _base.Respond(message, _port.Transmit);
        }
        else
        {
            // The UA is whoever drives the update: its EID is where the FD's own requests go.
            if (header.Type == PldmType.FirmwareUpdate)
            {
                _agentEid = request.SourceEid;
            }

            n = Engine.HandleRequest(message, _port.Transmit, _port.Now);
        }

        if (n > 0)
        {
            await _port.SendResponseAsync(request.SourceEid, request.Tag, n);
        }
    }
}
