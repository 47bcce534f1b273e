namespace Rampart.Identity.Dice;

/// <summary>
/// The key operations a DICE layer needs, over secrets the caller only sees as handles.
/// Caliptra firmware implements it over the key vault (<see cref="VaultDiceKeySource"/>),
/// host tools over software keys (<see cref="SoftwareDiceKeySource"/>); the derivations in
/// <see cref="DiceDerivation"/> are written once against this interface.
/// </summary>
public interface IDiceKeySource
{
    /// <summary>Caliptra's HMAC-512 KDF keyed with <paramref name="key"/>; the 64-byte output is a new secret.</summary>
    DiceSecret Kdf(DiceSecret key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context);

    /// <summary>HMAC-SHA512 of public <paramref name="data"/> keyed with <paramref name="key"/>, as a new secret.</summary>
    DiceSecret Mac(DiceSecret key, ReadOnlySpan<byte> data);

    /// <summary>HMAC-SHA512 of the secret <paramref name="data"/> keyed with <paramref name="key"/>, as a new secret.</summary>
    DiceSecret Mac(DiceSecret key, DiceSecret data);

    /// <summary>
    /// Derives a key pair from <paramref name="cdi"/>: the KDF with <paramref name="label"/>
    /// gives the seed (the first 48 bytes for ECC, 32 for ML-DSA-87), the engine turns it into
    /// the key pair. The private key stays in the source.
    /// </summary>
    IDiceSigner DeriveSigner(DiceSecret cdi, ReadOnlySpan<byte> label, DiceKeyAlgorithm algorithm);

    /// <summary>Erases a secret; the handle is no longer usable.</summary>
    void Erase(DiceSecret secret);
}
