namespace Rampart.Hal.Security;

/// <summary>
/// The locks of a key-vault slot. As in Caliptra's key vault, locks are sticky: they are
/// released only by a reset of the vault (a core cold reset or a zeroize of the whole vault).
/// </summary>
[Flags]
public enum KeySlotLocks : uint
{
    /// <summary>Unlocked.</summary>
    None = 0x0,

    /// <summary>The slot can no longer be written, overwritten or cleared.</summary>
    WriteLocked = 0x1,

    /// <summary>The slot can no longer be used by any engine (nor read as HMAC data).</summary>
    UseLocked = 0x2,
}
