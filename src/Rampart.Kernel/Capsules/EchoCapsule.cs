using Rampart.Kernel.Abi;

namespace Rampart.Kernel.Capsules;

/// <summary>
/// A demonstration capsule: copies a process's read-only buffer 0 into its read-write buffer 0
/// and schedules upcall 0 with the number of bytes copied. Everything it touches is reached
/// through its grant, so it can only ever see the calling process's own buffers.
/// <code>
/// command 0: present?            -> Success
/// command 1: echo(len)           -> Success, later upcall 0 (copied, echoes so far, 0)
/// command 2: echoes so far       -> SuccessU32(count)
/// </code>
/// </summary>
public sealed class EchoCapsule : ISyscallDriver
{
    /// <summary>The echo driver number (a number in the board-private range; not a Caliptra MCU number).</summary>
    public const uint DriverNumber = 0x0009_0001;

    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 64;

    private readonly Grant<EchoGrant> _grant;
    private readonly EchoOutcome _outcome = new();

    /// <summary>Creates the capsule with the board's memory-allocation capability.</summary>
    public EchoCapsule(Kernel kernel, MemoryAllocationCapability capability)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _grant = kernel.CreateGrant<EchoGrant>(DriverNumber, GrantBytes, capability);
    }

    /// <summary>Total echoes performed for all processes.</summary>
    public long Echoes { get; private set; }

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case 0:
                return SyscallReturn.Success();
            case 1:
                {
                    var outcome = _outcome.Reset();
                    var error = _grant.Enter(process, (arg0, outcome), static (grant, kernel, state) =>
                    {
                        var source = kernel.ReadOnly(0);
                        var destination = kernel.ReadWrite(0);
                        var length = (int)Math.Min(state.arg0, (uint)int.MaxValue);
                        if (source.IsEmpty || destination.IsEmpty)
                        {
                            state.outcome.Error = ErrorCode.Reserve;
                            return;
                        }

                        if (length > source.Length || length > destination.Length)
                        {
                            state.outcome.Error = ErrorCode.Size;
                            return;
                        }

                        source[..length].CopyTo(destination);
                        grant.Count++;
                        if (!kernel.ScheduleUpcall(0, new UpcallArgs((uint)length, grant.Count, 0)))
                        {
                            state.outcome.Error = ErrorCode.Busy;
                        }
                    });
                    error ??= outcome.Error;
                    if (error is not null)
                    {
                        return SyscallReturn.Failure(error.Value);
                    }

                    Echoes++;
                    return SyscallReturn.Success();
                }

            case 2:
                {
                    var outcome = _outcome.Reset();
                    var error = _grant.Enter(process, outcome, static (grant, _, state) => state.Count = grant.Count);
                    return error is null ? SyscallReturn.SuccessU32(outcome.Count) : SyscallReturn.Failure(error.Value);
                }

            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    /// <summary>The per-process state of the echo capsule.</summary>
    public sealed class EchoGrant
    {
        /// <summary>Echoes done for this process in this generation.</summary>
        public uint Count { get; set; }
    }

    /// <summary>Reused for every command (the kernel is single-threaded): no allocation per echo.</summary>
    private sealed class EchoOutcome
    {
        public ErrorCode? Error { get; set; }

        public EchoOutcome Reset()
        {
            Error = null;
            Count = 0;
            return this;
        }


        public uint Count { get; set; }
    }
}
