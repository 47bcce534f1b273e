namespace Rampart.Hal.Security;

/// <summary>
/// What may be known about a slot without touching its key material.
/// </summary>
/// <param name="Slot">The slot.</param>
/// <param name="Content">What it holds.</param>
/// <param name="Usage">What it may be used for.</param>
/// <param name="Locks">Its locks.</param>
/// <param name="Length">The size of the secret in bytes (0 when empty).</param>
public readonly record struct KeySlotInfo(KeySlotId Slot, KeySlotContent Content, KeyUsage Usage, KeySlotLocks Locks, int Length);
