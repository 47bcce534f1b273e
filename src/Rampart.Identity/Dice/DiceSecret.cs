namespace Rampart.Identity.Dice;

/// <summary>
/// An opaque handle to a secret (UDS, field entropy, a CDI, a key seed) held by an
/// <see cref="IDiceKeySource"/>: a key-vault slot on the chip, an entry of a private table in
/// host tools. The handle carries no key material.
/// </summary>
/// <param name="Handle">The key source's own identifier for the secret.</param>
public readonly record struct DiceSecret(int Handle);
