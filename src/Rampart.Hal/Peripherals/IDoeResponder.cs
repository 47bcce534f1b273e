namespace Rampart.Hal.Peripherals;

/// <summary>
/// The device side of a PCIe DOE mailbox (PCIe 6 §6.30): the host writes a data object and
/// sets GO; firmware takes it, answers with one object, and the host reads it dword by dword.
/// </summary>
public interface IDoeResponder
{
    /// <summary>Takes the pending request object (header included); false if none.</summary>
    bool TryReceive(Span<byte> destination, out int length);

    /// <summary>Publishes the response object and sets Data Object Ready; false if not expected or too large.</summary>
    bool TryRespond(ReadOnlySpan<byte> dataObject);

    /// <summary>
    /// Refuses the pending request without an answer: the object is dropped and the Error bit
    /// set (PCIe 6.x §6.30.2: a data object the instance cannot answer); the host clears it with
    /// Abort. False if no request is being served.
    /// </summary>
    bool TryRefuse();

    /// <summary>
    /// Drops the pending request without an answer and without Error (PCIe 6.x §6.30.1: an object
    /// whose Length disagrees with the DW transferred is silently discarded); the mailbox is idle
    /// again. False if no request is being served.
    /// </summary>
    bool TryDiscard();

    /// <summary>Completes when a request arrives or the host aborts.</summary>
    ValueTask WaitForRequest();
}
