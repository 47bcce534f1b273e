using Rampart.Kernel.Abi;

namespace Rampart.Kernel;

/// <summary>
/// Per-process kernel state of one driver (KERNEL.md "Grants"; Tock kernel/src/grant.rs): created
/// at boot with a <see cref="MemoryAllocationCapability"/>, allocated lazily from the process's own
/// memory (so a greedy app exhausts only itself: NOMEM), reached only through <see cref="Enter"/>,
/// which re-checks the process is alive, and freed when the process dies or restarts.
/// </summary>
/// <typeparam name="T">The driver's per-process state.</typeparam>
public sealed class Grant<T>
    where T : class, new()
{
    private readonly Kernel _kernel;

    internal Grant(Kernel kernel, uint driver, int bytes)
    {
        _kernel = kernel;
        Driver = driver;
        Bytes = bytes;
    }

    /// <summary>The driver number whose subscriptions and allows this grant exposes.</summary>
    public uint Driver { get; }

    /// <summary>Bytes charged to each process's memory when its instance is first entered.</summary>
    public int Bytes { get; }

    /// <summary>
    /// Runs <paramref name="body"/> with the process's instance (allocated now if needed) and its
    /// kernel data (allowed buffers, upcall scheduling). Returns null on success, or
    /// <see cref="ErrorCode.Uninstalled"/> for a stale or dead process and <see cref="ErrorCode.NoMemory"/>
    /// when the process's memory cannot hold the grant.
    /// </summary>
    public ErrorCode? Enter<TState>(ProcessId process, TState state, Action<T, GrantKernelData, TState> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var target = _kernel.LiveProcess(process);
        if (target is null)
        {
            return ErrorCode.Uninstalled;
        }

        if (!target.TryGetGrant(this, out var instance, out var data))
        {
            return ErrorCode.NoMemory;
        }

        data.Active = true;
        try
        {
            body((T)instance, data, state);
        }
        finally
        {
            data.Active = false;
        }

        return null;
    }

    /// <summary>Whether <paramref name="process"/> has allocated this grant yet.</summary>
    public bool IsAllocated(ProcessId process) => _kernel.LiveProcess(process)?.HasGrant(this) ?? false;

    internal static object CreateInstance() => new T();
}

/// <summary>
/// What a capsule may touch of a process inside <see cref="Grant{T}.Enter"/>: the buffers the
/// process allowed to this driver and the upcalls it can schedule. Outside Enter every accessor
/// returns nothing, so a capsule that keeps this object gains nothing.
/// </summary>
public sealed class GrantKernelData
{
    private readonly Process _process;
    private readonly uint _driver;

    internal GrantKernelData(Process process, uint driver)
    {
        _process = process;
        _driver = driver;
    }

    internal bool Active { get; set; }

    /// <summary>The read-only buffer <paramref name="number"/> (empty if none or outside Enter).</summary>
    public ReadOnlySpan<byte> ReadOnly(uint number) => Active ? _process.AllowedSpan(_driver, number, SyscallClass.ReadOnlyAllow) : default;

    /// <summary>The read-write buffer <paramref name="number"/> (empty if none or outside Enter).</summary>
    public Span<byte> ReadWrite(uint number) => Active ? _process.AllowedSpan(_driver, number, SyscallClass.ReadWriteAllow) : default;

    /// <summary>The userspace-readable buffer <paramref name="number"/> (empty if none or outside Enter).</summary>
    public Span<byte> UserspaceReadable(uint number) => Active ? _process.AllowedSpan(_driver, number, SyscallClass.UserspaceReadableAllow) : default;

    /// <summary>Queues an upcall for subscribe number <paramref name="subscribeNumber"/>; false if dropped (queue full).</summary>
    public bool ScheduleUpcall(uint subscribeNumber, UpcallArgs args) => Active && _process.EnqueueUpcall(_driver, subscribeNumber, args);
}
