namespace Rampart.Kernel.Abi;

/// <summary>The eight system call classes (Tock TRD104 §4, KERNEL.md table).</summary>
public enum SyscallClass : byte
{
    /// <summary>Yield (0): no-wait, wait or wait-for an upcall.</summary>
    Yield = 0x00,

    /// <summary>Subscribe (1): register an upcall; returns the previous one.</summary>
    Subscribe = 0x01,

    /// <summary>Command (2): ask a driver to do something.</summary>
    Command = 0x02,

    /// <summary>Read-write allow (3): share a buffer the kernel may write.</summary>
    ReadWriteAllow = 0x03,

    /// <summary>Read-only allow (4): share a buffer the kernel may only read.</summary>
    ReadOnlyAllow = 0x04,

    /// <summary>Memop (5): memory operations (brk, sbrk, bounds).</summary>
    Memop = 0x05,

    /// <summary>Exit (6): terminate or restart; does not return.</summary>
    Exit = 0x06,

    /// <summary>Userspace-readable allow (7): a buffer the kernel writes and the app may read meanwhile.</summary>
    UserspaceReadableAllow = 0x07,
}
