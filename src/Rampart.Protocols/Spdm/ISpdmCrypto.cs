using Rampart.Hal.Crypto;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// An opaque handle to a secret that lives with the crypto provider (on the chip: a key
/// handle inside Caliptra's cryptographic mailbox; on the host: a slot in a table). The SPDM
/// engine never sees session secrets as bytes.
/// </summary>
/// <param name="Id">The provider's identifier; 0 is never a valid handle.</param>
/// <remarks>A class, not a struct: as an async result type from firmware code a struct makes the
/// BCL instantiate its async builders per boot in a collectible context (decision 0278).</remarks>
public sealed record SpdmSecret(int Id)
{
    /// <summary>The handle that names no secret (id 0).</summary>
    public static SpdmSecret None { get; } = new(0);

    /// <summary>True when this handle names a secret.</summary>
    public bool IsValid => Id != 0;
}

/// <summary>
/// The key of one secured record (DSP0277 §6): the direction's AES key and the nonce's parts.
/// A provider that derives record keys itself (Caliptra's CM_AES_GCM_SPDM_*_INIT) uses the
/// direction's <paramref name="Secret"/>, the <paramref name="Version"/> and the
/// <paramref name="Sequence"/> number; others use <paramref name="Key"/> and the nonce.
/// </summary>
/// <param name="Key">The direction's AES-256 key (DSP0274 §12.6 "key").</param>
/// <param name="Secret">The direction's handshake or data secret the key and IV came from.</param>
/// <param name="Version">The negotiated SPDM version (its bin_concat label).</param>
/// <param name="Sequence">The record's sequence number, XORed little-endian into the IV.</param>
public readonly record struct SpdmRecordKey(SpdmSecret Key, SpdmSecret Secret, byte Version, ulong Sequence);

/// <summary>
/// The crypto an SPDM endpoint needs (DSP0274 §12 key schedule, DSP0277 AEAD), shaped so a
/// device can route every operation to keys that never leave Caliptra. Hash is SHA-384 (the
/// only BaseHashAlgo Rampart negotiates); DHE is secp384r1; AEAD is AES-256-GCM.
/// </summary>
/// <remarks>
/// Asynchronous because on the chip every operation is a round trip through the Caliptra
/// mailbox, completed later by a kernel upcall; the host provider
/// (<see cref="EngineSpdmCrypto"/>) completes synchronously. The caller keeps every buffer it
/// passes untouched until the operation completes.
/// </remarks>
public interface ISpdmCrypto
{
    /// <summary>Hash size H.</summary>
    int HashSize { get; }

    /// <summary>SHA-384 of <paramref name="data"/> into <paramref name="digest"/>.</summary>
    ValueTask HashAsync(ReadOnlyMemory<byte> data, Memory<byte> digest);

    /// <summary>Fills <paramref name="output"/> from the DRBG.</summary>
    ValueTask RandomAsync(Memory<byte> output);

    /// <summary>Makes an ephemeral ECDH P-384 key pair; writes X||Y and returns the private half's handle.</summary>
    ValueTask<SpdmSecret> GenerateDheAsync(Memory<byte> publicKey);

    /// <summary>
    /// ECDH with a peer's X||Y; null when the peer key is not on the curve. Frees
    /// <paramref name="privateKey"/> either way.
    /// </summary>
    ValueTask<SpdmSecret?> TryAgreeAsync(SpdmSecret privateKey, ReadOnlyMemory<byte> peerPublicKey);

    /// <summary>Imports a pre-shared key named by a PSK hint; null when no such key exists.</summary>
    ValueTask<SpdmSecret?> TryGetPskAsync(ReadOnlyMemory<byte> hint);

    /// <summary>HKDF-Extract(salt, ikm) with SHA-384; a default <paramref name="ikm"/> means H zero bytes.</summary>
    ValueTask<SpdmSecret> HkdfExtractAsync(ReadOnlyMemory<byte> salt, SpdmSecret ikm);

    /// <summary>HKDF-Extract with a salt that is itself a secret (Salt_1 of the key schedule) and zero IKM.</summary>
    ValueTask<SpdmSecret> HkdfExtractWithSecretSaltAsync(SpdmSecret salt);

    /// <summary>HKDF-Expand into a new secret of <paramref name="length"/> bytes.</summary>
    ValueTask<SpdmSecret> HkdfExpandAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, int length);

    /// <summary>HKDF-Expand into non-secret bytes (only the AEAD IV is derived this way).</summary>
    ValueTask HkdfExpandPublicAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, Memory<byte> output);

    /// <summary>HMAC-SHA384 keyed with a secret.</summary>
    ValueTask HmacAsync(SpdmSecret key, ReadOnlyMemory<byte> data, Memory<byte> mac);

    /// <summary>AES-256-GCM encryption of one record; <paramref name="nonce"/> is the IV XOR the sequence number.</summary>
    ValueTask AeadEncryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> associatedData, Memory<byte> ciphertext, Memory<byte> tag);

    /// <summary>AES-256-GCM decryption of one record; Invalid on a bad tag.</summary>
    ValueTask<Verdict> AeadDecryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> ciphertext, ReadOnlyMemory<byte> tag, ReadOnlyMemory<byte> associatedData, Memory<byte> plaintext);

    /// <summary>Forgets a secret (zeroizes it).</summary>
    ValueTask DestroyAsync(SpdmSecret secret);

    /// <summary>Verifies an ECDSA P-384 signature over SHA-384 of <paramref name="message"/>.</summary>
    ValueTask<Verdict> VerifyEcdsaAsync(ReadOnlyMemory<byte> publicKey, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> signature);

    /// <summary>
    /// Exports the bytes of a live DHE shared secret — what <see cref="TryAgreeAsync"/> returned,
    /// before the key schedule consumes it — for DMTF's spdm_dump (decision 0276). Null when the
    /// provider refuses: not a development setup, a secret that is not an ECDH output, or one no
    /// longer alive. A debug aid, never on the protocol path: the engines ask only when an
    /// <see cref="ISpdmDheSecretSink"/> is set.
    /// </summary>
    ValueTask<byte[]?> TryExportDheSecretAsync(SpdmSecret sharedSecret);
}
