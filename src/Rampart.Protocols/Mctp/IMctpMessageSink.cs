namespace Rampart.Protocols.Mctp;

/// <summary>
/// Where an <see cref="MctpMux"/> delivers what it has for one user: received requests of a
/// message type, the responses and timeouts of the requests that user sent, and the end of each
/// transmission. Messages are spans valid only during the call (the mux reuses its buffers).
/// The <c>cookie</c> is whatever the user passed when sending (a process id, a slot).
/// </summary>
public interface IMctpMessageSink
{
    /// <summary>A request (TO = 1) of this sink's message type arrived; false if nobody takes it (dropped and counted).</summary>
    bool OnRequest(byte sourceEid, byte tag, ReadOnlySpan<byte> message);

    /// <summary>The response to a request this sink sent with <paramref name="cookie"/>.</summary>
    void OnResponse(uint cookie, byte sourceEid, byte tag, ReadOnlySpan<byte> message);

    /// <summary>No response came in time to a request this sink sent; its tag is free again.</summary>
    void OnRequestTimedOut(uint cookie, byte peerEid, byte tag);

    /// <summary>The last packet of a message this sink sent has gone to the binding.</summary>
    void OnTransmitted(uint cookie, byte destinationEid, byte tag, bool tagOwner);
}

/// <summary>Which way a message went.</summary>
public enum MctpDirection
{
    /// <summary>Received and reassembled.</summary>
    Received = 1,

    /// <summary>Sent (observed when its last packet left).</summary>
    Sent = 2,
}

/// <summary>
/// Sees every whole MCTP message a mux sends or reassembles, with its addressing and the time —
/// enough to write a capture (bare transport header + message, REFERENCE.md "Captures").
/// </summary>
public interface IMctpObserver
{
    /// <summary>One message; <paramref name="message"/> (type byte first) is valid only during the call.</summary>
    void OnMessage(MctpDirection direction, MctpPacketAddress address, ReadOnlySpan<byte> message, long now);
}
