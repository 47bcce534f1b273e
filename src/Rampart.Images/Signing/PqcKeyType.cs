namespace Rampart.Images.Signing;

/// <summary>
/// The post-quantum algorithm paired with ECC P-384 in Caliptra images
/// (caliptra-sw <c>FwVerificationPqcKeyType</c>; fused as the vendor PQC key type).
/// </summary>
public enum PqcKeyType : byte
{
    /// <summary>ML-DSA-87 (FIPS 204); signs the SHA-512 of the signed data.</summary>
    MlDsa87 = 0x01,

    /// <summary>LMS SHA-256/192 (RFC 8554, SP 800-208); signs the SHA-384 of the signed data.</summary>
    Lms = 0x03,
}

/// <summary>Field sizes Caliptra reserves for PQC keys and signatures, whichever the algorithm.</summary>
public static class PqcFieldSizes
{
    /// <summary>The PQC public key field (sized for ML-DSA-87; an LMS key fills the first 48 bytes).</summary>
    public const int PublicKeyField = 2592;

    /// <summary>The PQC signature field (ML-DSA-87's 4627 bytes plus one of padding; LMS fills a prefix).</summary>
    public const int SignatureField = 4628;

    /// <summary>An encoded LMS SHA-256/192 public key: type(4) ots type(4) I(16) T1(24).</summary>
    public const int LmsPublicKey = 48;

    /// <summary>How many vendor keys of a PQC type the key descriptor may list (caliptra-sw VENDOR_*_MAX_KEY_COUNT).</summary>
    public static int MaxVendorKeys(PqcKeyType type) => type switch
    {
        PqcKeyType.MlDsa87 => 4,
        PqcKeyType.Lms => 32,
        _ => 0,
    };

    /// <summary>The bytes of the key field that hold the key (and are hashed into the descriptor).</summary>
    public static int PublicKeyLength(PqcKeyType type) => type switch
    {
        PqcKeyType.MlDsa87 => Rampart.Hal.Crypto.MlDsa87.PublicKeySize,
        PqcKeyType.Lms => LmsPublicKey,
        _ => 0,
    };

    /// <summary>True for the two defined types.</summary>
    public static bool IsDefined(byte value) => value is (byte)PqcKeyType.MlDsa87 or (byte)PqcKeyType.Lms;
}
