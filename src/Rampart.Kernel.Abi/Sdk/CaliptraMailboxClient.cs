namespace Rampart.Kernel.Abi.Sdk;

/// <summary>The outcome of one Caliptra mailbox command from an app.</summary>
/// <param name="Error">Null when Caliptra answered; otherwise why not (FAIL: Caliptra's CMD_FAILURE or a bad response checksum; BUSY; SIZE).</param>
/// <param name="ResponseLength">Bytes of the response written into the app's response buffer.</param>
public sealed record MailboxCallResult(ErrorCode? Error, int ResponseLength);

/// <summary>
/// The app side of the Caliptra mailbox capsule (driver 0x8000_0009): read-only allow 0 is the
/// request (checksum sealed by the app), read-write allow 0 the response buffer, command 1
/// executes with the command id, upcall 0 reports (status, response length, error).
/// </summary>
public sealed class CaliptraMailboxClient
{
    /// <summary>The capsule's driver number.</summary>
    public const uint DriverNumber = 0x8000_0009;

    /// <summary>Command 1: execute.</summary>
    public const uint ExecuteCommand = 1;

    /// <summary>Upcall 0: done.</summary>
    public const uint DoneSubscription = 0;

    /// <summary>Upcall status: Caliptra answered with data (DATA_READY).</summary>
    public const uint StatusDataReady = 1;

    /// <summary>Upcall status: Caliptra completed without data.</summary>
    public const uint StatusComplete = 2;

    private readonly ISyscalls _syscalls;

    /// <summary>Creates the client.</summary>
    public CaliptraMailboxClient(ISyscalls syscalls)
    {
        _syscalls = syscalls ?? throw new ArgumentNullException(nameof(syscalls));
    }

    /// <summary>Executes <paramref name="command"/> with the request in <paramref name="request"/>; the answer lands in <paramref name="response"/>.</summary>
    public async ValueTask<MailboxCallResult> ExecuteAsync(uint command, AppSlice request, AppSlice response)
    {
        var result = await _syscalls.CommandAsync(DriverNumber, ExecuteCommand, command, 0, DoneSubscription, request, response);
        if (!result.IsSuccess)
        {
            return new MailboxCallResult(result.Error, 0);
        }

        var (status, length, error) = (result.Args.Arg0, result.Args.Arg1, result.Args.Arg2);
        if (error != 0)
        {
            return new MailboxCallResult((ErrorCode)error, 0);
        }

        return status is StatusDataReady or StatusComplete
            ? new MailboxCallResult(null, (int)length)
            : new MailboxCallResult(ErrorCode.Fail, 0);
    }
}
