namespace Rampart.Crypto;

/// <summary>
/// Durable record of the LMS one-time-key leaves a key has used (RFC 8554 §5.2: a leaf must
/// never sign twice). One store belongs to one LMS private key. Implementations persist
/// <see cref="Commit"/> before returning, so a signature is only ever released for a leaf
/// whose use is already on record; a crash between commit and release burns a leaf, never
/// reuses one.
/// </summary>
public interface ILmsIndexStore
{
    /// <summary>The lowest leaf index not yet handed out (0 for a fresh key).</summary>
    uint NextIndex { get; }

    /// <summary>
    /// Durably records that every leaf below <paramref name="nextIndex"/> is used.
    /// Must throw <see cref="InvalidOperationException"/> if <paramref name="nextIndex"/> is not
    /// above the current <see cref="NextIndex"/> (indices never go backwards), and must throw
    /// (leaving the record unchanged) if it cannot persist.
    /// </summary>
    void Commit(uint nextIndex);
}
