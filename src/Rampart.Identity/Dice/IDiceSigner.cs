namespace Rampart.Identity.Dice;

/// <summary>
/// A DICE layer's private key, wherever it lives (a key-vault slot on the chip, memory in
/// host tools): it exposes the public key and signs, and never hands out the private key.
/// </summary>
public interface IDiceSigner
{
    /// <summary>The key's algorithm.</summary>
    DiceKeyAlgorithm Algorithm { get; }

    /// <summary>The raw public key (ECC x||y, or the ML-DSA-87 public key encoding).</summary>
    ReadOnlySpan<byte> PublicKey { get; }

    /// <summary>
    /// Signs <paramref name="message"/> and writes the raw signature (ECC r||s over the
    /// SHA-384 of the message; ML-DSA-87 over the message itself) into
    /// <paramref name="signature"/>, which must be <see cref="DiceKeyAlgorithmSizes.SignatureSize"/> long.
    /// </summary>
    void Sign(ReadOnlySpan<byte> message, Span<byte> signature);
}
