namespace Rampart.Hal.Crypto;

/// <summary>AES-256-GCM (SP 800-38D) with 12-byte nonces and 16-byte tags.</summary>
public interface IAesGcmEngine : IKnownAnswerTest
{
    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag.</summary>
    void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag);

    /// <summary>Decrypts and authenticates; on <see cref="Verdict.Invalid"/> the plaintext is cleared.</summary>
    Verdict Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);
}
