using Rampart.Hal.Peripherals;
using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>
/// Apps' path to the Caliptra mailbox (driver 0x8000_0009), one command in flight for the whole
/// MCU. The mailbox changes status on Caliptra's time, so the board's main loop calls
/// <see cref="Service"/>, which never blocks.
/// <code>
/// read-only allow 0:  the request (checksum sealed by the app)
/// read-write allow 0: the response buffer
/// command 0: present?                 -> Success
/// command 1: execute(command id)      -> Success | BUSY (another command in flight or lock held) | RESERVE (no request)
/// upcall 0:  (status: 1 data ready / 2 complete / 3 failure, response length, ErrorCode or 0)
/// </code>
/// A response that does not fit the app's buffer or fails its checksum is reported as SIZE / FAIL.
/// </summary>
public sealed class CaliptraMailboxCapsule : ISyscallDriver
{
    /// <summary>The driver number.</summary>
    public const uint DriverNumber = 0x8000_0009;

    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 32;

    private readonly IMailboxRequester _mailbox;
    private readonly Grant<MailboxGrant> _grant;
    private readonly Outcome _outcome = new();
    private ProcessId? _owner;

    /// <summary>Creates the capsule with the board's memory-allocation capability.</summary>
    public CaliptraMailboxCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, IMailboxRequester mailbox)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _mailbox = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
        _grant = kernel.CreateGrant<MailboxGrant>(DriverNumber, GrantBytes, capability);
    }

    /// <summary>True while a command is in flight.</summary>
    public bool Busy => _owner is not null;

    /// <summary>Commands completed (any status).</summary>
    public long Completed { get; private set; }

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case 0:
                return SyscallReturn.Success();
            case 1:
                {
                    if (_owner is not null || !_mailbox.TryAcquire())
                    {
                        return SyscallReturn.Failure(ErrorCode.Busy);
                    }

                    var outcome = _outcome.Reset();
                    var error = _grant.Enter(process, (arg0, outcome, _mailbox), static (_, kernel, state) =>
                    {
                        var request = kernel.ReadOnly(0);
                        if (request.IsEmpty)
                        {
                            state.outcome.Error = ErrorCode.Reserve;
                            return;
                        }

                        if (!state._mailbox.TryExecute(state.arg0, request))
                        {
                            state.outcome.Error = ErrorCode.Size;
                        }
                    });
                    error ??= outcome.Error;
                    if (error is not null)
                    {
                        _mailbox.Release();
                        return SyscallReturn.Failure(error.Value);
                    }

                    _owner = process;
                    return SyscallReturn.Success();
                }

            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    /// <summary>Progresses the command in flight: when Caliptra has answered, copies the response and raises the upcall. Returns true if it completed one.</summary>
    public bool Service()
    {
        if (_owner is not { } owner)
        {
            return false;
        }

        var status = _mailbox.Status;
        if (status == MailboxCommandStatus.Busy)
        {
            return false;
        }

        var scratch = status == MailboxCommandStatus.DataReady ? new byte[MailboxResponseLimit] : [];
        var length = status == MailboxCommandStatus.DataReady ? _mailbox.ReadResponse(scratch) : 0;
        _mailbox.Release();
        _owner = null;
        Completed++;
        var state = (status, scratch, length);
        _grant.Enter(owner, state, static (_, kernel, s) =>
        {
            var error = 0u;
            var written = 0;
            if (s.status == MailboxCommandStatus.DataReady)
            {
                var destination = kernel.ReadWrite(0);
                if (s.length > destination.Length || s.length >= s.scratch.Length)
                {
                    error = (uint)ErrorCode.Size;
                }
                else if (!MailboxChecksum.VerifyResponse(s.scratch.AsSpan(0, s.length)))
                {
                    error = (uint)ErrorCode.Fail;
                }
                else
                {
                    s.scratch.AsSpan(0, s.length).CopyTo(destination);
                    written = s.length;
                }
            }

            kernel.ScheduleUpcall(0, new UpcallArgs((uint)s.status, (uint)written, error));
        });
        return true;
    }

    /// <summary>The largest response the capsule relays (plus one byte to detect overflow).</summary>
    private const int MailboxResponseLimit = (16 * 1024) + 1;

    /// <summary>The per-process state (none needed beyond the grant's allows).</summary>
    public sealed class MailboxGrant
    {
    }

    private sealed class Outcome
    {
        public ErrorCode? Error { get; set; }

        public Outcome Reset()
        {
            Error = null;
            return this;
        }
    }
}
