namespace Rampart.Hal.Security;

/// <summary>
/// The lifecycle controller: the current state (read from the fuse transition record),
/// token-gated transitions, and debug unlock (a token in Manufacturing, a challenge signed
/// with ECC P-384 and ML-DSA-87 keys whose hash is fused in Production).
/// </summary>
public interface ILifecycleController
{
    /// <summary>The current state; <see cref="LifecycleState.Invalid"/> when the record is corrupt.</summary>
    LifecycleState State { get; }

    /// <summary>How many transitions the fuse record holds.</summary>
    int TransitionCount { get; }

    /// <summary>The debug state of this power cycle.</summary>
    DebugState Debug { get; }

    /// <summary>
    /// Moves to <paramref name="target"/>, presenting <paramref name="token"/> when the transition
    /// needs one. Transitions that require it zeroize the key vault.
    /// </summary>
    LifecycleStatus Transition(LifecycleState target, ReadOnlySpan<byte> token);

    /// <summary>Debug unlock in Manufacturing with the manufacturing debug-unlock token.</summary>
    LifecycleStatus UnlockDebugWithToken(ReadOnlySpan<byte> token);

    /// <summary>Starts a production debug unlock for a level (1…8): writes a fresh 48-byte challenge.</summary>
    LifecycleStatus CreateDebugUnlockChallenge(int level, Span<byte> challenge);

    /// <summary>
    /// Completes a production debug unlock: the keys must hash to the fused hash of the level, and
    /// both signatures (ECC over SHA-384 of the signed message, ML-DSA over the message itself)
    /// must verify over <see cref="DebugUnlockMessage"/>.
    /// </summary>
    LifecycleStatus UnlockDebugWithSignature(
        ReadOnlySpan<byte> eccPublicKey,
        ReadOnlySpan<byte> mlDsaPublicKey,
        ReadOnlySpan<byte> eccSignature,
        ReadOnlySpan<byte> mlDsaSignature);
}
