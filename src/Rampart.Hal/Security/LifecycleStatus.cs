namespace Rampart.Hal.Security;

/// <summary>
/// The result of a lifecycle-controller request. Success is not zero; a refused request
/// changes nothing (no fuse, no key-vault slot, no debug state).
/// </summary>
public enum LifecycleStatus : uint
{
    /// <summary>Done.</summary>
    Ok = 0x4C43_0001,

    /// <summary>The transition is not in the lifecycle's transition table.</summary>
    IllegalTransition = 0x4C43_0102,

    /// <summary>The token does not match the fused hash.</summary>
    WrongToken = 0x4C43_0103,

    /// <summary>The transition needs a token and none was given.</summary>
    TokenRequired = 0x4C43_0104,

    /// <summary>The token's hash was never fused, so the transition cannot be authorized.</summary>
    TokenNotProvisioned = 0x4C43_0105,

    /// <summary>The transition record is full; only Scrap remains.</summary>
    TransitionLimitReached = 0x4C43_0106,

    /// <summary>The fuses holding the lifecycle could not be read or written (digest mismatch or lock).</summary>
    FuseFault = 0x4C43_0107,

    /// <summary>The recorded state is not a valid code.</summary>
    CorruptState = 0x4C43_0108,

    /// <summary>Debug unlock is not available in the current state.</summary>
    DebugUnlockNotAllowed = 0x4C43_0109,

    /// <summary>No debug-unlock challenge is outstanding (or it was already used).</summary>
    NoChallenge = 0x4C43_010A,

    /// <summary>The debug-unlock level is outside 1…8.</summary>
    InvalidLevel = 0x4C43_010B,

    /// <summary>The presented public keys do not hash to the fused debug-unlock key hash.</summary>
    KeyHashMismatch = 0x4C43_010C,

    /// <summary>The ECC or ML-DSA signature over the challenge does not verify.</summary>
    SignatureInvalid = 0x4C43_010D,

    /// <summary>An input has the wrong length.</summary>
    InvalidLength = 0x4C43_010E,
}
