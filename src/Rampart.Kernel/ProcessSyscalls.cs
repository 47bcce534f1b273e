using Rampart.Kernel.Abi;

namespace Rampart.Kernel;

/// <summary>
/// The one kernel object a process holds (KERNEL.md ".NET mapping"). Every call first checks that
/// this object's identity is the process's current one and that it is alive: an object from an
/// earlier generation gets <see cref="ErrorCode.Uninstalled"/> and an empty memory span.
/// Then the syscall filter runs, then the kernel core (subscribe, allow, memop) or the driver.
/// </summary>
internal sealed class ProcessSyscalls : ISyscalls
{
    private readonly Process _process;
    private readonly ProcessId _id;

    public ProcessSyscalls(Process process, ProcessId id)
    {
        _process = process;
        _id = id;
    }

    private bool Current => _process.Id == _id && _process.IsAlive && _process.ExitRequest is null;

    public uint Generation => (uint)_process.Generation;

    public Span<byte> Memory => Current ? _process.AccessibleMemory : default;

    public bool Yield()
    {
        if (!Enter())
        {
            return false;
        }

        return _process.Kernel.DeliverOneUpcall(_process);
    }

    public SyscallReturn YieldWait(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (!Enter())
        {
            return SyscallReturn.Failure(ErrorCode.Uninstalled);
        }

        if (_process.WaitAny is not null || _process.WaitFor is not null)
        {
            return SyscallReturn.Failure(ErrorCode.Busy);
        }

        _process.WaitAny = continuation;
        return SyscallReturn.Success();
    }

    public SyscallReturn YieldWaitFor(uint driver, uint subscribeNumber, Action<UpcallArgs> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (!Enter())
        {
            return SyscallReturn.Failure(ErrorCode.Uninstalled);
        }

        if (_process.WaitAny is not null || _process.WaitFor is not null)
        {
            return SyscallReturn.Failure(ErrorCode.Busy);
        }

        _process.WaitFor = (driver, subscribeNumber, continuation);
        return SyscallReturn.Success();
    }

    public void CancelYield()
    {
        if (Enter())
        {
            _process.WaitAny = null;
            _process.WaitFor = null;
        }
    }

    public SubscribeResult Subscribe(uint driver, uint subscribeNumber, Upcall? upcall)
    {
        if (!Enter())
        {
            return new SubscribeResult(ErrorCode.Uninstalled, upcall);
        }

        var check = CheckDriver(driver);
        if (check is not null)
        {
            return new SubscribeResult(check, upcall);
        }

        return new SubscribeResult(null, _process.SwapSubscription(driver, subscribeNumber, upcall));
    }

    public SyscallReturn Command(uint driver, uint commandNumber, uint arg0, uint arg1)
    {
        if (!Enter())
        {
            return SyscallReturn.Failure(ErrorCode.Uninstalled);
        }

        var target = _process.Kernel.Driver(driver);
        if (target is null)
        {
            return SyscallReturn.Failure(ErrorCode.NoDevice);
        }

        if (!_process.Config.Permissions.AllowsCommand(driver, commandNumber))
        {
            return SyscallReturn.Failure(ErrorCode.NoSupport);
        }

        return target.Command(_id, commandNumber, arg0, arg1);
    }

    public AllowResult AllowReadWrite(uint driver, uint bufferNumber, AppSlice buffer) => Allow(driver, bufferNumber, SyscallClass.ReadWriteAllow, buffer);

    public AllowResult AllowReadOnly(uint driver, uint bufferNumber, AppSlice buffer) => Allow(driver, bufferNumber, SyscallClass.ReadOnlyAllow, buffer);

    public AllowResult AllowUserspaceReadable(uint driver, uint bufferNumber, AppSlice buffer) => Allow(driver, bufferNumber, SyscallClass.UserspaceReadableAllow, buffer);

    public SyscallReturn Memop(MemopOperation operation, uint argument)
    {
        if (!Enter())
        {
            return SyscallReturn.Failure(ErrorCode.Uninstalled);
        }

        switch (operation)
        {
            case MemopOperation.Brk:
                return SetBreak((long)argument, out _);
            case MemopOperation.Sbrk:
                return SetBreak(_process.Break + (long)(int)argument, out _);
            case MemopOperation.MemoryStart:
                return SyscallReturn.SuccessU32(0);
            case MemopOperation.MemoryEnd:
                return SyscallReturn.SuccessU32((uint)_process.ArenaSize);
            case MemopOperation.GrantStart:
                return SyscallReturn.SuccessU32((uint)_process.GrantStart);
            case MemopOperation.FlashStart or MemopOperation.FlashEnd or MemopOperation.FlashRegions:
                return SyscallReturn.SuccessU32(0);
            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    public void Exit(ExitKind kind, uint completionCode)
    {
        if (Enter())
        {
            _process.ExitRequest = (kind, completionCode);
        }
    }

    public bool Post(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return _process.Id == _id && _process.Post(work);
    }

    private bool Enter()
    {
        if (!Current)
        {
            return false;
        }

        _process.SyscallCount++;
        return true;
    }

    private ErrorCode? CheckDriver(uint driver)
    {
        if (_process.Kernel.Driver(driver) is null)
        {
            return ErrorCode.NoDevice;
        }

        return _process.Config.Permissions.AllowsDriver(driver) ? null : ErrorCode.NoSupport;
    }

    private AllowResult Allow(uint driver, uint number, SyscallClass kind, AppSlice buffer)
    {
        if (!Enter())
        {
            return new AllowResult(ErrorCode.Uninstalled, buffer);
        }

        var check = CheckDriver(driver);
        if (check is not null)
        {
            return new AllowResult(check, buffer);
        }

        if (!buffer.IsEmpty && !_process.IsSliceValid(buffer))
        {
            return new AllowResult(ErrorCode.Invalid, buffer);
        }

        return new AllowResult(null, _process.SwapAllow(driver, number, kind, buffer));
    }

    /// <summary>Moves the break: never below what is allowed, never into the grant region (NOMEM).</summary>
    private SyscallReturn SetBreak(long newBreak, out int oldBreak)
    {
        oldBreak = _process.Break;
        if (newBreak < 0 || newBreak > _process.GrantStart)
        {
            return SyscallReturn.Failure(ErrorCode.NoMemory);
        }

        if (newBreak < _process.HighestAllowedByte())
        {
            return SyscallReturn.Failure(ErrorCode.Invalid);
        }

        _process.Break = (int)newBreak;
        return SyscallReturn.SuccessU32((uint)oldBreak);
    }
}
