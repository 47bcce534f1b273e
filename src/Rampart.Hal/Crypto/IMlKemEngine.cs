namespace Rampart.Hal.Crypto;

/// <summary>Byte sizes of ML-KEM-1024 objects (FIPS 203).</summary>
public static class MlKem1024
{
    /// <summary>Key-generation seed d || z.</summary>
    public const int SeedSize = 64;

    /// <summary>Encapsulation key.</summary>
    public const int EncapsulationKeySize = 1568;

    /// <summary>Decapsulation key.</summary>
    public const int DecapsulationKeySize = 3168;

    /// <summary>Ciphertext.</summary>
    public const int CiphertextSize = 1568;

    /// <summary>Shared secret.</summary>
    public const int SharedSecretSize = 32;
}

/// <summary>ML-KEM-1024 (FIPS 203).</summary>
public interface IMlKemEngine : IKnownAnswerTest
{
    /// <summary>Key generation from a 64-byte seed.</summary>
    void DeriveKeyPair(ReadOnlySpan<byte> seed, Span<byte> decapsulationKey, Span<byte> encapsulationKey);

    /// <summary>
    /// Encapsulation (FIPS 203 ML-KEM.Encaps) to a peer's key with 32 bytes of caller-supplied
    /// randomness (from the DRBG). The key is untrusted: a wrong length or a key failing
    /// FIPS 203 §7.2's modulus check returns false with both outputs cleared, never an exception.
    /// Buffers of the wrong size for randomness, ciphertext or secret are caller bugs and throw.
    /// </summary>
    bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> randomness, Span<byte> ciphertext, Span<byte> sharedSecret);

    /// <summary>Decapsulation; returns false on a malformed key or ciphertext.</summary>
    bool TryDecapsulate(ReadOnlySpan<byte> decapsulationKey, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret);
}
