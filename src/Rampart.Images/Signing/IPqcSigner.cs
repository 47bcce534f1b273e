namespace Rampart.Images.Signing;

/// <summary>
/// A post-quantum signing key as the image tools see it. ML-DSA-87 signing runs on the
/// ML-DSA engine (<see cref="MlDsaSigner"/>); LMS signing is stateful and lives only in host
/// tooling, which supplies its own implementation.
/// </summary>
public interface IPqcSigner
{
    /// <summary>The algorithm.</summary>
    PqcKeyType KeyType { get; }

    /// <summary>The encoded public key (2592 bytes for ML-DSA-87, 48 for LMS).</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>
    /// Signs <paramref name="message"/> (the SHA-512 digest for ML-DSA-87, the SHA-384 digest
    /// for LMS) into the start of <paramref name="signature"/>; returns the signature length.
    /// </summary>
    int Sign(ReadOnlySpan<byte> message, Span<byte> signature);
}
