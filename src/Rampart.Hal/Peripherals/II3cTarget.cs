namespace Rampart.Hal.Peripherals;

/// <summary>
/// The device side of an I3C target port (the MCTP endpoint address): private writes arrive
/// in a bounded receive queue, the next private read is served from a staged response, and
/// the target may raise an in-band interrupt with its mandatory data byte.
/// </summary>
public interface II3cTarget
{
    /// <summary>The target's dynamic address.</summary>
    byte Address { get; }

    /// <summary>Takes the oldest received private write; false if none.</summary>
    bool TryReceive(Span<byte> destination, out int length);

    /// <summary>Stages the bytes the controller's next private read returns; false if one is staged.</summary>
    bool TryStageResponse(ReadOnlySpan<byte> data);

    /// <summary>Requests an IBI carrying <paramref name="mandatoryDataByte"/>; false if one is pending.</summary>
    bool TryRaiseIbi(byte mandatoryDataByte);

    /// <summary>Completes when a private write arrives or a staged response is read.</summary>
    ValueTask WaitForActivity();
}
