using Rampart.Hal.Time;
using Rampart.Kernel;
using Rampart.Kernel.Abi;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>
/// Tock's alarm driver (number 0x0) over the chip clock: a free-running 1 MHz counter and one
/// relative alarm per process. The board's main loop calls <see cref="Service"/> and sleeps until
/// <see cref="NextDeadline"/>.
/// <code>
/// command 0: present?                 -> Success
/// command 1: frequency                -> SuccessU32(1_000_000)
/// command 2: read counter             -> SuccessU32(ticks)
/// command 5: alarm in arg0 ticks      -> Success; upcall 0 (counter at expiry, reference, 0) when due
/// command 6: stop the alarm           -> Success, or Failure(ALREADY) when none is set
/// </code>
/// </summary>
public sealed class AlarmCapsule : ISyscallDriver
{
    /// <summary>Tock's alarm driver number.</summary>
    public const uint DriverNumber = 0x0;

    /// <summary>Counter frequency in Hz (one tick is a microsecond of chip time).</summary>
    public const uint Frequency = 1_000_000;

    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 16;

    private const long NanosecondsPerTick = 1_000_000_000 / Frequency;
    private readonly Grant<AlarmGrant> _grant;
    private readonly IClock _clock;
    private readonly List<(ProcessId Process, long Deadline, uint Reference)> _armed = [];
    private readonly Outcome _outcome = new();

    /// <summary>Creates the capsule.</summary>
    public AlarmCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _grant = kernel.CreateGrant<AlarmGrant>(DriverNumber, GrantBytes, capability);
    }

    /// <summary>The earliest armed alarm (chip time, ns), or null.</summary>
    public long? NextDeadline
    {
        get
        {
            // A loop, not LINQ's Min: this runs on every pass of the runtime's main loop.
            long? earliest = null;
            foreach (var (_, deadline, _) in _armed)
            {
                earliest = earliest is { } e && e <= deadline ? e : deadline;
            }

            return earliest;
        }
    }

    /// <summary>Alarms fired.</summary>
    public long Fired { get; private set; }

    /// <inheritdoc/>
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case 0:
                return SyscallReturn.Success();
            case 1:
                return SyscallReturn.SuccessU32(Frequency);
            case 2:
                return SyscallReturn.SuccessU32(Counter(_clock.Now));
            case 5:
                {
                    var error = _grant.Enter(process, 0, static (grant, _, _) => grant.Armed = true);
                    if (error is not null)
                    {
                        return SyscallReturn.Failure(error.Value);
                    }

                    Disarm(process);
                    var deadline = _clock.Now + (Math.Max(1, (long)arg0) * NanosecondsPerTick);
                    _armed.Add((process, deadline, Counter(deadline)));
                    return SyscallReturn.Success();
                }

            case 6:
                return Disarm(process) ? SyscallReturn.Success() : SyscallReturn.Failure(ErrorCode.Already);
            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    /// <summary>Delivers every alarm due at <paramref name="now"/> (a process that died meanwhile is skipped).</summary>
    public void Service(long now)
    {
        for (var i = _armed.Count - 1; i >= 0; i--)
        {
            var (process, deadline, reference) = _armed[i];
            if (deadline > now)
            {
                continue;
            }

            _armed.RemoveAt(i);
            _outcome.Counter = Counter(now);
            _outcome.Reference = reference;
            _grant.Enter(process, _outcome, static (grant, kernel, outcome) =>
            {
                grant.Armed = false;
                kernel.ScheduleUpcall(0, new UpcallArgs(outcome.Counter, outcome.Reference, 0));
            });
            Fired++;
        }
    }

    private static uint Counter(long nanoseconds) => unchecked((uint)(nanoseconds / NanosecondsPerTick));

    private bool Disarm(ProcessId process)
    {
        var index = _armed.FindIndex(a => a.Process == process);
        if (index < 0)
        {
            return false;
        }

        _armed.RemoveAt(index);
        return true;
    }

    /// <summary>The per-process state of the alarm driver.</summary>
    public sealed class AlarmGrant
    {
        /// <summary>Whether this process has an alarm set.</summary>
        public bool Armed { get; set; }
    }

    private sealed class Outcome
    {
        public uint Counter { get; set; }

        public uint Reference { get; set; }
    }
}
