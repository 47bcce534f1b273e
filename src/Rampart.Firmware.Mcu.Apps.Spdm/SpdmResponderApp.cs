using Rampart.Kernel.Abi;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Spdm;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>
/// The MCU runtime's SPDM responder app (ISSUE 7 "device side"; decisions 0270, 0274): SPDM 1.2/1.3
/// over MCTP type 5 and DSP0277 secured messages over type 6, and the same over PCIe DOE (CMA/SPDM
/// objects of type 1 and 2), answered by Rampart's <see cref="SpdmResponder"/> — one per transport,
/// each with its own connection state and sessions, the DOE one framing secured records for DOE
/// (no sequence number, no random padding, no MCTP type byte inside) — whose every crypto operation and signature is a Caliptra mailbox
/// command (<see cref="CaliptraSpdmCrypto"/>, <see cref="CaliptraSpdmDevice"/>). Certificate slot
/// 0 is the DICE chain up to the RT alias key; measurements are the boot's (FW_INFO, PCRs and the
/// SoC manifest's images). Requests are answered one at a time, in arrival order. When Caliptra
/// refuses an operation mid-request the requester gets ERROR(Unspecified) and the app keeps
/// serving. When the host set the debug strap, each new session's DHE secret (or Caliptra's refusal
/// to export it, on anything but a development chip) goes to the chip's debug port (decision 0276).
/// When the board provisions a requester trust, every KEY_EXCHANGE session must be mutually
/// authenticated by that requester: a signed FINISH, checked by Caliptra (decision 0277).
/// </summary>
public sealed class SpdmResponderApp : IApp
{
    /// <summary>
    /// What the device advertises: no PSK (nothing is provisioned), no CSR or SET_CERTIFICATE
    /// (the chain is Caliptra's), no mutual authentication unless the board's configuration names
    /// a requester (MUT_AUTH_CAP is then added, decision 0277); the largest message fits one MCTP
    /// message of the mux with its type byte and a secured record's overhead.
    /// </summary>
    internal static SpdmResponderOptions Options { get; } = new()
    {
        Flags = SpdmCapabilityFlags.Cert | SpdmCapabilityFlags.Chal | SpdmCapabilityFlags.MeasSig | SpdmCapabilityFlags.MeasFresh |
            SpdmCapabilityFlags.Encrypt | SpdmCapabilityFlags.Mac | SpdmCapabilityFlags.KeyEx | SpdmCapabilityFlags.Hbeat |
            SpdmCapabilityFlags.KeyUpd,
        DataTransferSize = KernelSpdmPort.MaxMessage - 96,
    };

    /// <inheritdoc/>
    public async Task RunAsync(ISyscalls syscalls)
    {
        ArgumentNullException.ThrowIfNull(syscalls);
        var port = new KernelSpdmPort(syscalls);

        // The board's configuration, and only it, names a requester to authenticate (decision 0277).
        var options = port.ReadRequesterTrust() is { } trust ? Options with { MutualAuthentication = trust } : Options;
        var crypto = new CaliptraSpdmCrypto(port);
        var device = new CaliptraSpdmDevice(port, crypto);
        var responder = new SpdmResponder(device, crypto, options);
        var doeResponder = new SpdmResponder(device, crypto, options) { SessionTransport = SecuredTransportProfile.Doe };

        // The host's setting (decision 0276): with the debug strap set, each new session's DHE
        // secret goes to the debug port if Caliptra agrees to export it; otherwise nothing is asked.
        if (port.OpenSessionSecrets() is { } secrets)
        {
            responder.DheSecretSink = secrets;
            doeResponder.DheSecretSink = secrets;
        }

        var request = new byte[KernelSpdmPort.MaxDoeObject];
        var response = new byte[KernelSpdmPort.MaxMessage];
        while (true)
        {
            if (await port.ReceiveAsync() is not { } received)
            {
                continue;
            }

            port.Received.CopyTo(request);
            var length = await AnswerAsync(received.Doe ? doeResponder : responder, device, received, request.AsMemory(0, received.Length), response);
            if (length > 0)
            {
                response.AsSpan(0, length).CopyTo(port.TransmitFor(received));
                await port.SendResponseAsync(received, length);
            }
            else if (received.Doe)
            {
                // A DOE request must end in an answer or the Error bit: a dropped record is refused.
                port.RefuseDoe();
            }
        }
    }

    /// <summary>Answers one request; the response length, 0 when nothing is sent (a dropped secured record).</summary>
    internal static async ValueTask<int> AnswerAsync(SpdmResponder responder, CaliptraSpdmDevice device, SpdmRequest received, ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        try
        {
            // The chain exists once Caliptra's runtime is up, before any requester can reach us;
            // loading it at the first request keeps the app's start free of mailbox traffic.
            if (!device.HasChain)
            {
                _ = await device.LoadChainAsync();
            }

            return received.Secured
                ? await responder.RespondSecuredAsync(request, response, received.Doe ? SecuredTransportProfile.Doe : SecuredTransportProfile.Mctp)
                : await responder.RespondAsync(request, response);
        }
        catch (CaliptraRefusedException)
        {
            if (received.Secured)
            {
                return 0;
            }

            var version = request.Length > 0 ? request.Span[0] : SpdmVersion.V12;
            return ErrorResponse.TryWrite(response.Span, version, SpdmErrorCode.Unspecified, 0, default, out var written) ? written : 0;
        }
    }
}
