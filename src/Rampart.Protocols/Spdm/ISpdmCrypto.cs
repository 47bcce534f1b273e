using Rampart.Hal.Crypto;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// An opaque handle to a secret that lives with the crypto provider (on the chip: a key
/// handle inside Caliptra's cryptographic mailbox; on the host: a slot in a table). The SPDM
/// engine never sees session secrets as bytes.
/// </summary>
/// <param name="Id">The provider's identifier; 0 is never a valid handle.</param>
public readonly record struct SpdmSecret(int Id)
{
    /// <summary>True when this handle names a secret.</summary>
    public bool IsValid => Id != 0;
}

/// <summary>
/// The crypto an SPDM endpoint needs (DSP0274 §12 key schedule, DSP0277 AEAD), shaped so a
/// device can route every operation to keys that never leave Caliptra. Hash is SHA-384 (the
/// only BaseHashAlgo Rampart negotiates); DHE is secp384r1; AEAD is AES-256-GCM.
/// </summary>
public interface ISpdmCrypto
{
    /// <summary>Hash size H.</summary>
    int HashSize { get; }

    /// <summary>SHA-384 of <paramref name="data"/>.</summary>
    void Hash(ReadOnlySpan<byte> data, Span<byte> digest);

    /// <summary>Fills <paramref name="output"/> from the DRBG.</summary>
    void Random(Span<byte> output);

    /// <summary>Makes an ephemeral ECDH P-384 key pair; writes X||Y and returns the private half's handle.</summary>
    SpdmSecret GenerateDhe(Span<byte> publicKey);

    /// <summary>ECDH with a peer's X||Y; false when the peer key is not on the curve. Frees <paramref name="privateKey"/>.</summary>
    bool TryAgree(SpdmSecret privateKey, ReadOnlySpan<byte> peerPublicKey, out SpdmSecret sharedSecret);

    /// <summary>Imports a pre-shared key named by a PSK hint; false when no such key exists.</summary>
    bool TryGetPsk(ReadOnlySpan<byte> hint, out SpdmSecret psk);

    /// <summary>HKDF-Extract(salt, ikm) with SHA-384; a default <paramref name="ikm"/> means H zero bytes.</summary>
    SpdmSecret HkdfExtract(ReadOnlySpan<byte> salt, SpdmSecret ikm);

    /// <summary>HKDF-Extract with a salt that is itself a secret (Salt_1 of the key schedule) and zero IKM.</summary>
    SpdmSecret HkdfExtractWithSecretSalt(SpdmSecret salt);

    /// <summary>HKDF-Expand into a new secret of <paramref name="length"/> bytes.</summary>
    SpdmSecret HkdfExpand(SpdmSecret prk, ReadOnlySpan<byte> info, int length);

    /// <summary>HKDF-Expand into non-secret bytes (only the AEAD IV is derived this way).</summary>
    void HkdfExpandPublic(SpdmSecret prk, ReadOnlySpan<byte> info, Span<byte> output);

    /// <summary>HMAC-SHA384 keyed with a secret.</summary>
    void Hmac(SpdmSecret key, ReadOnlySpan<byte> data, Span<byte> mac);

    /// <summary>AES-256-GCM encryption with a secret key.</summary>
    void AeadEncrypt(SpdmSecret key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag);

    /// <summary>AES-256-GCM decryption; Invalid on a bad tag.</summary>
    Verdict AeadDecrypt(SpdmSecret key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);

    /// <summary>Forgets a secret (zeroizes it).</summary>
    void Destroy(SpdmSecret secret);

    /// <summary>Verifies an ECDSA P-384 signature over SHA-384 of <paramref name="message"/>.</summary>
    Verdict VerifyEcdsa(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>
    /// Exports a secret's bytes for DMTF's spdm-dump. Providers refuse (return false) unless
    /// the chip is in a development lifecycle state.
    /// </summary>
    bool TryExportForDebug(SpdmSecret secret, Span<byte> output, out int written);
}
