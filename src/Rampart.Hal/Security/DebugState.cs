namespace Rampart.Hal.Security;

/// <summary>Whether debug access is open. Hardened values: no single flipped bit unlocks.</summary>
public enum DebugState : uint
{
    /// <summary>Debug locked.</summary>
    Locked = 0x6A95_33CC,

    /// <summary>Debug unlocked (the key vault was zeroized when this happened).</summary>
    Unlocked = 0x956A_CC33,
}
