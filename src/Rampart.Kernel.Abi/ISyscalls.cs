namespace Rampart.Kernel.Abi;

/// <summary>
/// Everything an app can do (KERNEL.md: "a process gets one sealed ISyscalls object and nothing
/// else of the kernel"). Each method is one of Tock's eight system call classes; numbers are
/// <c>uint</c> as in the ABI. After the process exits, faults or restarts, every call on an old
/// object fails with <see cref="ErrorCode.Uninstalled"/> (stale identity).
/// </summary>
public interface ISyscalls
{
    /// <summary>How many times this process has been restarted (0 on the first start).</summary>
    uint Generation { get; }

    /// <summary>The app's accessible memory: its arena from offset 0 up to the break (never the grant region).</summary>
    Span<byte> Memory { get; }

    /// <summary>Yield no-wait (class 0, 0): delivers at most one queued upcall now; true if one was delivered.</summary>
    bool Yield();

    /// <summary>
    /// Yield wait (class 0, 1): <paramref name="continuation"/> is posted to the app's context
    /// after the next upcall has been delivered. One wait at a time: a second gets BUSY.
    /// </summary>
    SyscallReturn YieldWait(Action continuation);

    /// <summary>
    /// Yield wait-for (class 0, 2): the next upcall for (<paramref name="driver"/>,
    /// <paramref name="subscribeNumber"/>) is not delivered to the subscribed upcall; its
    /// arguments are handed to <paramref name="continuation"/>, posted to the app's context.
    /// </summary>
    SyscallReturn YieldWaitFor(uint driver, uint subscribeNumber, Action<UpcallArgs> continuation);

    /// <summary>Withdraws a pending <see cref="YieldWait"/> or <see cref="YieldWaitFor"/> (used by cancellation).</summary>
    void CancelYield();

    /// <summary>Subscribe (class 1): swaps in <paramref name="upcall"/> (null to unsubscribe) and purges queued upcalls of that id.</summary>
    SubscribeResult Subscribe(uint driver, uint subscribeNumber, Upcall? upcall);

    /// <summary>Command (class 2). Command 0 of every present driver succeeds.</summary>
    SyscallReturn Command(uint driver, uint commandNumber, uint arg0, uint arg1);

    /// <summary>Read-write allow (class 3): the kernel may read and write the slice; returns the previous one.</summary>
    AllowResult AllowReadWrite(uint driver, uint bufferNumber, AppSlice buffer);

    /// <summary>Read-only allow (class 4): the kernel may only read the slice; returns the previous one.</summary>
    AllowResult AllowReadOnly(uint driver, uint bufferNumber, AppSlice buffer);

    /// <summary>Userspace-readable allow (class 7): as read-write, and the app may read it meanwhile.</summary>
    AllowResult AllowUserspaceReadable(uint driver, uint bufferNumber, AppSlice buffer);

    /// <summary>Memop (class 5).</summary>
    SyscallReturn Memop(MemopOperation operation, uint argument);

    /// <summary>Exit (class 6). The process stops being scheduled when the current entry returns; further calls fail.</summary>
    void Exit(ExitKind kind, uint completionCode);

    /// <summary>Queues <paramref name="work"/> on the app's own context (never run inline). False when the run queue is full.</summary>
    bool Post(Action work);
}
