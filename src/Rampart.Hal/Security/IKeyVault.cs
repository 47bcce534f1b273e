namespace Rampart.Hal.Security;

/// <summary>
/// The key vault (Caliptra's KV): secrets and private keys live in numbered slots and never
/// leave it. Firmware names keys by <see cref="KeySlotId"/>; every operation reads its key
/// from a slot and writes derived secrets back into a slot, and only public values (public
/// keys, signatures, ciphertext) come out. No member returns private key material.
/// </summary>
/// <remarks>
/// Every request returns a <see cref="KeyVaultStatus"/>; a refused request changes nothing
/// and leaves its output buffers cleared. Exceptions are never thrown for a bad request.
/// A slot used as a source must hold the right content, grant the usage the operation needs
/// and not be use-locked; a destination slot must not be write-locked (an existing key in an
/// unlocked destination is replaced). The usage of a new key is given by the caller.
/// </remarks>
public interface IKeyVault
{
    /// <summary>Describes a slot without touching its material.</summary>
    KeyVaultStatus GetSlotInfo(KeySlotId slot, out KeySlotInfo info);

    /// <summary>
    /// Writes a secret (1 to <see cref="KeySlotId.MaxSecretSize"/> bytes) into a slot, as the
    /// fuse controller loads the UDS and field entropy. The caller's copy is its own to clear.
    /// </summary>
    KeyVaultStatus Write(KeySlotId destination, ReadOnlySpan<byte> secret, KeyUsage usage);

    /// <summary>
    /// Caliptra's HMAC-512 KDF keyed by <paramref name="key"/> (needs <see cref="KeyUsage.Derive"/>)
    /// over label and context; the 64-byte result goes into <paramref name="destination"/>.
    /// </summary>
    KeyVaultStatus HmacKdf(KeySlotId key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, KeySlotId destination, KeyUsage usage);

    /// <summary>HMAC-SHA512 keyed by <paramref name="key"/> (Derive) over caller data, into <paramref name="destination"/>.</summary>
    KeyVaultStatus Hmac512(KeySlotId key, ReadOnlySpan<byte> data, KeySlotId destination, KeyUsage usage);

    /// <summary>
    /// HMAC-SHA512 keyed by <paramref name="key"/> over the secret in <paramref name="data"/>
    /// (both need Derive), into <paramref name="destination"/>: how the LDevID CDI mixes in the
    /// field entropy without it leaving the vault.
    /// </summary>
    KeyVaultStatus Hmac512FromSlot(KeySlotId key, KeySlotId data, KeySlotId destination, KeyUsage usage);

    /// <summary>
    /// Derives an ECC P-384 key pair from the seed in <paramref name="seed"/> (Derive, at least
    /// 48 bytes); the private key goes into <paramref name="destination"/>, the public key
    /// (x || y, 96 bytes) into <paramref name="publicKey"/>.
    /// </summary>
    KeyVaultStatus DeriveEccKeyPair(KeySlotId seed, KeySlotId destination, KeyUsage usage, Span<byte> publicKey);

    /// <summary>
    /// Derives an ML-DSA-87 key pair from the first 32 bytes of the seed in <paramref name="seed"/>
    /// (Derive); the key stays in <paramref name="destination"/>, the 2592-byte public key is written out.
    /// </summary>
    KeyVaultStatus DeriveMlDsaKeyPair(KeySlotId seed, KeySlotId destination, KeyUsage usage, Span<byte> publicKey);

    /// <summary>Generates an ECC P-384 key pair from the chip's DRBG (an ephemeral ECDH key).</summary>
    KeyVaultStatus GenerateEccKeyPair(KeySlotId destination, KeyUsage usage, Span<byte> publicKey);

    /// <summary>The public key of an ECC or ML-DSA slot; <paramref name="written"/> is its length.</summary>
    KeyVaultStatus GetPublicKey(KeySlotId key, Span<byte> publicKey, out int written);

    /// <summary>Deterministic ECDSA P-384 (RFC 6979) over a 48-byte digest with the slot's key (Sign).</summary>
    KeyVaultStatus SignEcc(KeySlotId key, ReadOnlySpan<byte> digest, Span<byte> signature);

    /// <summary>Deterministic ML-DSA-87 signature of <paramref name="message"/> with the slot's key (Sign).</summary>
    KeyVaultStatus SignMlDsa(KeySlotId key, ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>
    /// ECDH P-384 between the slot's private key (KeyAgreement) and a peer public key (x || y);
    /// the 48-byte shared secret goes into <paramref name="destination"/>.
    /// </summary>
    KeyVaultStatus Ecdh(KeySlotId key, ReadOnlySpan<byte> peerPublicKey, KeySlotId destination, KeyUsage usage);

    /// <summary>AES-256-GCM encryption with the first 32 bytes of the slot's secret (Encrypt) as key.</summary>
    KeyVaultStatus AesGcmEncrypt(KeySlotId key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag);

    /// <summary>AES-256-GCM decryption; a bad tag is <see cref="KeyVaultStatus.AuthenticationFailed"/> with the plaintext cleared.</summary>
    KeyVaultStatus AesGcmDecrypt(KeySlotId key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);

    /// <summary>Write-locks a slot until the vault is reset.</summary>
    KeyVaultStatus LockWrite(KeySlotId slot);

    /// <summary>Use-locks a slot until the vault is reset.</summary>
    KeyVaultStatus LockUse(KeySlotId slot);

    /// <summary>Clears a slot (refused when write-locked).</summary>
    KeyVaultStatus Zeroize(KeySlotId slot);
}
