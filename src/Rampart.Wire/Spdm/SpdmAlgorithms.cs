namespace Rampart.Wire.Spdm;

/// <summary>BaseAsymAlgo bits (DSP0274 1.3 Table 15).</summary>
[Flags]
public enum SpdmBaseAsymAlgo : uint
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>TPM_ALG_RSASSA_2048.</summary>
    RsaSsa2048 = 1u << 0,

    /// <summary>TPM_ALG_RSAPSS_2048.</summary>
    RsaPss2048 = 1u << 1,

    /// <summary>TPM_ALG_RSASSA_3072.</summary>
    RsaSsa3072 = 1u << 2,

    /// <summary>TPM_ALG_RSAPSS_3072.</summary>
    RsaPss3072 = 1u << 3,

    /// <summary>TPM_ALG_ECDSA_ECC_NIST_P256.</summary>
    EcdsaP256 = 1u << 4,

    /// <summary>TPM_ALG_RSASSA_4096.</summary>
    RsaSsa4096 = 1u << 5,

    /// <summary>TPM_ALG_RSAPSS_4096.</summary>
    RsaPss4096 = 1u << 6,

    /// <summary>TPM_ALG_ECDSA_ECC_NIST_P384.</summary>
    EcdsaP384 = 1u << 7,

    /// <summary>TPM_ALG_ECDSA_ECC_NIST_P521.</summary>
    EcdsaP521 = 1u << 8,

    /// <summary>TPM_ALG_SM2_ECC_SM2_P256.</summary>
    Sm2P256 = 1u << 9,

    /// <summary>EdDSA ed25519.</summary>
    Ed25519 = 1u << 10,

    /// <summary>EdDSA ed448.</summary>
    Ed448 = 1u << 11,
}

/// <summary>BaseHashAlgo bits (DSP0274 1.3 Table 15).</summary>
[Flags]
public enum SpdmBaseHashAlgo : uint
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>TPM_ALG_SHA_256.</summary>
    Sha256 = 1u << 0,

    /// <summary>TPM_ALG_SHA_384.</summary>
    Sha384 = 1u << 1,

    /// <summary>TPM_ALG_SHA_512.</summary>
    Sha512 = 1u << 2,

    /// <summary>TPM_ALG_SHA3_256.</summary>
    Sha3_256 = 1u << 3,

    /// <summary>TPM_ALG_SHA3_384.</summary>
    Sha3_384 = 1u << 4,

    /// <summary>TPM_ALG_SHA3_512.</summary>
    Sha3_512 = 1u << 5,

    /// <summary>TPM_ALG_SM3_256.</summary>
    Sm3_256 = 1u << 6,
}

/// <summary>MeasurementHashAlgo bits of ALGORITHMS (DSP0274 1.3 Table 18).</summary>
[Flags]
public enum SpdmMeasurementHashAlgo : uint
{
    /// <summary>None (no measurements).</summary>
    None = 0,

    /// <summary>Raw bit stream only.</summary>
    RawBitStreamOnly = 1u << 0,

    /// <summary>TPM_ALG_SHA_256.</summary>
    Sha256 = 1u << 1,

    /// <summary>TPM_ALG_SHA_384.</summary>
    Sha384 = 1u << 2,

    /// <summary>TPM_ALG_SHA_512.</summary>
    Sha512 = 1u << 3,

    /// <summary>TPM_ALG_SHA3_256.</summary>
    Sha3_256 = 1u << 4,

    /// <summary>TPM_ALG_SHA3_384.</summary>
    Sha3_384 = 1u << 5,

    /// <summary>TPM_ALG_SHA3_512.</summary>
    Sha3_512 = 1u << 6,

    /// <summary>TPM_ALG_SM3_256 (1.2+).</summary>
    Sm3_256 = 1u << 7,
}

/// <summary>AlgType of an algorithm structure table entry (DSP0274 1.3 Table 16).</summary>
public enum SpdmAlgType : byte
{
    /// <summary>DHE (2): named groups.</summary>
    Dhe = 2,

    /// <summary>AEADCipherSuite (3).</summary>
    Aead = 3,

    /// <summary>ReqBaseAsymAlg (4).</summary>
    ReqBaseAsymAlg = 4,

    /// <summary>KeySchedule (5).</summary>
    KeySchedule = 5,
}

/// <summary>DHE named groups (DSP0274 1.3 Table 17).</summary>
[Flags]
public enum SpdmDheGroup : ushort
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>ffdhe2048.</summary>
    Ffdhe2048 = 1 << 0,

    /// <summary>ffdhe3072.</summary>
    Ffdhe3072 = 1 << 1,

    /// <summary>ffdhe4096.</summary>
    Ffdhe4096 = 1 << 2,

    /// <summary>secp256r1.</summary>
    Secp256r1 = 1 << 3,

    /// <summary>secp384r1.</summary>
    Secp384r1 = 1 << 4,

    /// <summary>secp521r1.</summary>
    Secp521r1 = 1 << 5,

    /// <summary>SM2_P256.</summary>
    Sm2P256 = 1 << 6,
}

/// <summary>AEAD cipher suites (DSP0274 1.3 Table 17).</summary>
[Flags]
public enum SpdmAeadSuite : ushort
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>AES-128-GCM.</summary>
    Aes128Gcm = 1 << 0,

    /// <summary>AES-256-GCM.</summary>
    Aes256Gcm = 1 << 1,

    /// <summary>CHACHA20_POLY1305.</summary>
    ChaCha20Poly1305 = 1 << 2,

    /// <summary>AEAD_SM4_GCM.</summary>
    Sm4Gcm = 1 << 3,
}

/// <summary>Key schedules (DSP0274 1.3 Table 17).</summary>
[Flags]
public enum SpdmKeyScheduleAlgo : ushort
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>SPDM key schedule (HMAC-hash).</summary>
    Spdm = 1 << 0,
}

/// <summary>Measurement specification bits (DSP0274 §10.4: bit 0 = DMTF).</summary>
[Flags]
public enum SpdmMeasurementSpecification : byte
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>DMTF measurement specification.</summary>
    Dmtf = 1,
}

/// <summary>One fixed-width (2-byte) algorithm structure table entry with no external algorithms.</summary>
/// <param name="Type">AlgType.</param>
/// <param name="Supported">AlgSupported bits.</param>
public readonly record struct SpdmAlgStruct(SpdmAlgType Type, ushort Supported)
{
    /// <summary>AlgCount value for entries Rampart writes: FixedAlgCount 2, ExtAlgCount 0.</summary>
    public const byte FixedTwoNoExt = 0x20;
}
