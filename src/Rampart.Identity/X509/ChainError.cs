namespace Rampart.Identity.X509;

/// <summary>Why a certificate chain was rejected: the first failure <see cref="ChainVerifier"/> found.</summary>
public enum ChainError
{
    /// <summary>No failure: the chain verified.</summary>
    None = 0x01,

    /// <summary>The chain has no certificates.</summary>
    EmptyChain = 0x10,

    /// <summary>A certificate is not well-formed DER X.509 v3 (RFC 5280 §4.1).</summary>
    Malformed = 0x11,

    /// <summary>A key or signature algorithm other than ECC P-384/ecdsa-with-SHA384 or ML-DSA-87.</summary>
    UnsupportedAlgorithm = 0x12,

    /// <summary>The TBS signature algorithm differs from the outer one (RFC 5280 §4.1.1.2).</summary>
    SignatureAlgorithmMismatch = 0x13,

    /// <summary>The signature algorithm does not match the issuer's key type.</summary>
    IssuerKeyAlgorithmMismatch = 0x14,

    /// <summary>The first certificate is not the trusted root given to the verifier.</summary>
    UntrustedRoot = 0x20,

    /// <summary>The first certificate is not self-issued (issuer differs from subject).</summary>
    RootNotSelfIssued = 0x21,

    /// <summary>A certificate's issuer differs from the previous certificate's subject (RFC 5280 §6.1.3 (a)(4)).</summary>
    IssuerNameMismatch = 0x22,

    /// <summary>The authority key identifier differs from the issuer's subject key identifier.</summary>
    AuthorityKeyIdMismatch = 0x23,

    /// <summary>The issuer is not a CA (basicConstraints, RFC 5280 §6.1.4 (k)).</summary>
    IssuerNotCa = 0x24,

    /// <summary>The issuer's keyUsage lacks keyCertSign (RFC 5280 §6.1.4 (n)).</summary>
    IssuerCannotSignCertificates = 0x25,

    /// <summary>The issuer's pathLenConstraint is exceeded (RFC 5280 §6.1.4 (m)).</summary>
    PathLengthExceeded = 0x26,

    /// <summary>A critical extension the verifier does not understand (RFC 5280 §4.2).</summary>
    UnknownCriticalExtension = 0x27,

    /// <summary>The signature does not verify under the issuer's key.</summary>
    BadSignature = 0x30,

    /// <summary>The verification time is before notBefore.</summary>
    NotYetValid = 0x31,

    /// <summary>The verification time is after notAfter.</summary>
    Expired = 0x32,
}
