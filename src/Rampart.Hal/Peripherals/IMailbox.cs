namespace Rampart.Hal.Peripherals;

/// <summary>Outcome of a mailbox command as the responder reports it (mailbox STATUS bits 3:0).</summary>
public enum MailboxCommandStatus
{
    /// <summary>CMD_BUSY (0): the responder still works on it.</summary>
    Busy = 0,

    /// <summary>DATA_READY (1): response data is in the mailbox.</summary>
    DataReady = 1,

    /// <summary>CMD_COMPLETE (2): done, no response data.</summary>
    Complete = 2,

    /// <summary>CMD_FAILURE (3): the command failed.</summary>
    Failure = 3,
}

/// <summary>
/// The Caliptra side of the SoC mailbox: take the command the SoC executed, read its data,
/// answer. Non-blocking; <see cref="WaitForCommand"/> completes when the SoC sets EXECUTE.
/// </summary>
public interface IMailboxResponder
{
    /// <summary>True and the command and length when a command awaits an answer.</summary>
    bool TryPeekCommand(out uint command, out int dataLength);

    /// <summary>Copies the request data (up to its length) into <paramref name="destination"/>; returns the count.</summary>
    int ReadRequest(Span<byte> destination);

    /// <summary>Writes response data and sets DATA_READY; false if it does not fit or no command is pending.</summary>
    bool TryRespond(ReadOnlySpan<byte> data);

    /// <summary>Finishes without data (<see cref="MailboxCommandStatus.Complete"/> or <see cref="MailboxCommandStatus.Failure"/>).</summary>
    bool TryComplete(MailboxCommandStatus status);

    /// <summary>Completes when the SoC executes a command.</summary>
    ValueTask WaitForCommand();
}

/// <summary>
/// The SoC side of the mailbox (the MCU or a host agent): acquire the lock, write command
/// and data, execute, poll the status, read the answer, release.
/// </summary>
public interface IMailboxRequester
{
    /// <summary>Reads LOCK: true if this requester acquired it.</summary>
    bool TryAcquire();

    /// <summary>Writes CMD, DLEN and the data, then EXECUTE; false if refused.</summary>
    bool TryExecute(uint command, ReadOnlySpan<byte> data);

    /// <summary>The STATUS field.</summary>
    MailboxCommandStatus Status { get; }

    /// <summary>Reads the response (DLEN bytes at most); returns the count.</summary>
    int ReadResponse(Span<byte> destination);

    /// <summary>Clears EXECUTE, which releases the lock.</summary>
    void Release();

    /// <summary>Completes when the responder changes STATUS.</summary>
    ValueTask WaitForStatus();
}
