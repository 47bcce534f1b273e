namespace Rampart.Kernel.Abi;

/// <summary>Memop operations (Tock TRD104 §4.6; the kernel/src/memop.rs numbers).</summary>
public enum MemopOperation : uint
{
    /// <summary>brk (0): set the break to an absolute offset.</summary>
    Brk = 0,

    /// <summary>sbrk (1): move the break by a signed amount; returns the old break.</summary>
    Sbrk = 1,

    /// <summary>Start of the app's RAM (2): always offset 0 in its arena.</summary>
    MemoryStart = 2,

    /// <summary>End of the app's RAM (3): the arena size.</summary>
    MemoryEnd = 3,

    /// <summary>Start of the app's flash (4): not modelled; returns 0.</summary>
    FlashStart = 4,

    /// <summary>End of the app's flash (5): not modelled; returns 0.</summary>
    FlashEnd = 5,

    /// <summary>Start of the grant region (6): the lowest byte the kernel has taken for grants.</summary>
    GrantStart = 6,

    /// <summary>Number of writeable flash regions (7): always 0 here.</summary>
    FlashRegions = 7,
}
