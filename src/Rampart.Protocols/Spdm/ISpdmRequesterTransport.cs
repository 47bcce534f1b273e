namespace Rampart.Protocols.Spdm;

/// <summary>
/// The requester's channel to a responder (MCTP, PCIe DOE, or the spdm-emu socket). The
/// transport adds and strips its own framing: for a plain message the payload is the SPDM
/// message; for a secured one it is the DSP0277 record (MCTP type 6 / DOE type 2).
/// </summary>
public interface ISpdmRequesterTransport
{
    /// <summary>The secured-record profile of this transport.</summary>
    SecuredTransportProfile Profile { get; }

    /// <summary>Sends one message and waits for the answer; returns the response length (0 = no answer).</summary>
    ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken);
}
