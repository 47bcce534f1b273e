namespace Rampart.Hal.Crypto;

/// <summary>Byte sizes of ML-DSA-87 objects (FIPS 204).</summary>
public static class MlDsa87
{
    /// <summary>Key-generation seed ξ.</summary>
    public const int SeedSize = 32;

    /// <summary>Public key.</summary>
    public const int PublicKeySize = 2592;

    /// <summary>Private key (expanded encoding).</summary>
    public const int PrivateKeySize = 4896;

    /// <summary>Signature.</summary>
    public const int SignatureSize = 4627;

    /// <summary>The field Caliptra reserves for a signature (one byte of padding).</summary>
    public const int CaliptraSignatureFieldSize = 4628;
}

/// <summary>ML-DSA-87 (FIPS 204), deterministic signing (Caliptra's Adams Bridge engine).</summary>
public interface IMlDsaEngine : IKnownAnswerTest
{
    /// <summary>Key generation from a 32-byte seed.</summary>
    void DeriveKeyPair(ReadOnlySpan<byte> seed, Span<byte> privateKey, Span<byte> publicKey);

    /// <summary>Deterministic signature of <paramref name="message"/> (empty context).</summary>
    void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>Verifies a signature; malformed inputs are <see cref="Verdict.Invalid"/>.</summary>
    Verdict Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
