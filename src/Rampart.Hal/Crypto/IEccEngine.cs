namespace Rampart.Hal.Crypto;

/// <summary>Byte sizes of ECC P-384 objects as Caliptra lays them out (big-endian integers).</summary>
public static class P384
{
    /// <summary>Private scalar d.</summary>
    public const int PrivateKeySize = 48;

    /// <summary>Public key x || y (no 0x04 prefix).</summary>
    public const int PublicKeySize = 96;

    /// <summary>Signature r || s.</summary>
    public const int SignatureSize = 96;

    /// <summary>ECDH shared secret (x coordinate).</summary>
    public const int SharedSecretSize = 48;
}

/// <summary>ECDSA and ECDH on NIST P-384 (Caliptra's ECC engine).</summary>
public interface IEccEngine : IKnownAnswerTest
{
    /// <summary>
    /// Derives a key pair deterministically from <paramref name="seed"/> (at least 48 bytes),
    /// as Caliptra's engine does from a key-vault seed.
    /// </summary>
    void DeriveKeyPair(ReadOnlySpan<byte> seed, Span<byte> privateKey, Span<byte> publicKey);

    /// <summary>Computes the public key of a private scalar.</summary>
    void GetPublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey);

    /// <summary>Deterministic ECDSA (RFC 6979 with SHA-384) over a 48-byte digest.</summary>
    void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> digest, Span<byte> signature);

    /// <summary>Verifies an ECDSA signature over a digest. Malformed keys or signatures are <see cref="Verdict.Invalid"/>.</summary>
    Verdict Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature);

    /// <summary>ECDH: the x coordinate of d·Q. Returns false when the peer key is not on the curve.</summary>
    bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret);
}
