namespace Rampart.Protocols.Spdm;

/// <summary>
/// Told of every round trip a <see cref="SpdmRequester"/> makes: <see cref="Begin"/> just before
/// the request goes to the transport, <see cref="End"/> as soon as the response is back, so what
/// lies between is the responder's work and the transport's, none of the requester's own
/// (building, encrypting, decrypting, verifying). The clock is the observer's: this assembly also
/// runs as device code, which reads no host clock.
/// </summary>
public interface ISpdmRoundTripObserver
{
    /// <summary>A request is about to be sent; returns a mark that <see cref="End"/> gets back.</summary>
    long Begin();

    /// <summary>The response to <paramref name="requestCode"/> (for a secured request, its plaintext code) is back.</summary>
    void End(byte requestCode, long begin);
}
