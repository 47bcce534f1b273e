using Rampart.Hal.Peripherals;

namespace Rampart.Protocols.Caliptra;

/// <summary>Why a mailbox exchange did not produce a verified response.</summary>
public enum MailboxExchangeStatus
{
    /// <summary>The command completed; the response (if any) passed its checksum.</summary>
    Completed = 1,

    /// <summary>The mailbox lock is held by someone else.</summary>
    Busy = 2,

    /// <summary>The mailbox refused the command (too long, wrong state).</summary>
    Refused = 3,

    /// <summary>Caliptra answered CMD_FAILURE.</summary>
    Failed = 4,

    /// <summary>The response does not fit the caller's buffer.</summary>
    ResponseTooLarge = 5,

    /// <summary>The response's checksum is wrong.</summary>
    BadChecksum = 6,
}

/// <summary>The outcome of <see cref="CaliptraMailboxRequester.ExecuteAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="ResponseLength">Bytes of the response written to the caller's buffer (0 unless data came back).</param>
public readonly record struct MailboxExchange(MailboxExchangeStatus Status, int ResponseLength)
{
    /// <summary>True when the command completed.</summary>
    public bool IsCompleted => Status == MailboxExchangeStatus.Completed;
}

/// <summary>
/// The SoC side of one Caliptra mailbox exchange (caliptra-sw runtime README "Mailbox"):
/// acquire the lock, write command and request, execute, await a status other than busy, read
/// the response, release the lock, check the response checksum. For host tools and the MCU runtime.
/// </summary>
public sealed class CaliptraMailboxRequester
{
    private readonly IMailboxRequester _mailbox;

    /// <summary>Creates the requester over a mailbox port.</summary>
    public CaliptraMailboxRequester(IMailboxRequester mailbox)
    {
        _mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
    }

    /// <summary>
    /// Executes <paramref name="command"/> with <paramref name="request"/> (checksum already
    /// sealed) and copies the response into <paramref name="response"/>.
    /// </summary>
    public async ValueTask<MailboxExchange> ExecuteAsync(uint command, ReadOnlyMemory<byte> request, Memory<byte> response)
    {
        if (!_mailbox.TryAcquire())
        {
            return new MailboxExchange(MailboxExchangeStatus.Busy, 0);
        }

        if (!_mailbox.TryExecute(command, request.Span))
        {
            _mailbox.Release();
            return new MailboxExchange(MailboxExchangeStatus.Refused, 0);
        }

        while (_mailbox.Status == MailboxCommandStatus.Busy)
        {
            await _mailbox.WaitForStatus();
        }

        var result = Finish(response.Span);
        _mailbox.Release();
        return result;
    }

    private MailboxExchange Finish(Span<byte> response)
    {
        switch (_mailbox.Status)
        {
            case MailboxCommandStatus.Complete:
                return new MailboxExchange(MailboxExchangeStatus.Completed, 0);
            case MailboxCommandStatus.DataReady:
                break;
            default:
                return new MailboxExchange(MailboxExchangeStatus.Failed, 0);
        }

        var scratch = new byte[response.Length + 1];
        var length = _mailbox.ReadResponse(scratch);
        if (length > response.Length)
        {
            return new MailboxExchange(MailboxExchangeStatus.ResponseTooLarge, 0);
        }

        var data = scratch.AsSpan(0, length);
        if (!MailboxChecksum.VerifyResponse(data))
        {
            return new MailboxExchange(MailboxExchangeStatus.BadChecksum, 0);
        }

        data.CopyTo(response);
        return new MailboxExchange(MailboxExchangeStatus.Completed, length);
    }
}
