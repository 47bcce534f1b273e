namespace Rampart.Protocols.Pldm;

/// <summary>
/// A PLDM endpoint's channel to one peer (e.g. MCTP message type 1 over I3C). Messages are
/// whole PLDM messages (header first); the transport adds and strips its own framing. Both
/// directions share the one receive queue: a requester waiting for its response also sees the
/// peer's requests and must answer them.
/// </summary>
public interface IPldmTransport
{
    /// <summary>Sends one PLDM message (request or response). False when the transport could not send it.</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// Receives the next PLDM message into <paramref name="buffer"/>, waiting no later than
    /// <paramref name="deadline"/> on the chip clock (<see cref="Hal.Time.IClock"/> nanoseconds; an
    /// implementation races the receive against <see cref="Hal.Time.IChipTimer.DelayUntil"/>).
    /// Returns the message length, or 0 when nothing arrived by the deadline. A message longer
    /// than the buffer is dropped by the transport.
    /// </summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, long deadline, CancellationToken cancellationToken);
}
