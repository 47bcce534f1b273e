namespace Rampart.Protocols.Caliptra;

/// <summary>
/// Caliptra mailbox command codes (caliptra-sw <c>api/src/mailbox.rs</c> <c>CommandId</c>): four
/// ASCII characters read as a big-endian u32 and sent as a little-endian u32 in the CMD register.
/// The enum is open: a value not listed here is simply an unknown command.
/// </summary>
public enum CaliptraCommand : uint
{
    /// <summary>RI_DOWNLOAD_FIRMWARE ("RIFD"): ROM, subsystem mode — stream the bundle over the recovery interface.</summary>
    RiDownloadFirmware = 0x5249_4644,

    /// <summary>SET_AUTH_MANIFEST ("ATMN").</summary>
    SetAuthManifest = 0x4154_4D4E,

    /// <summary>VERIFY_AUTH_MANIFEST ("ATVM"): verify without installing.</summary>
    VerifyAuthManifest = 0x4154_564D,

    /// <summary>AUTHORIZE_AND_STASH ("ATSH").</summary>
    AuthorizeAndStash = 0x4154_5348,

    /// <summary>GET_IMAGE_INFO ("IME0").</summary>
    GetImageInfo = 0x494D_4530,

    /// <summary>STASH_MEASUREMENT ("MEAS").</summary>
    StashMeasurement = 0x4D45_4153,

    /// <summary>GET_IDEV_ECC384_CERT ("IDEC").</summary>
    GetIdevEcc384Cert = 0x4944_4543,

    /// <summary>GET_LDEV_ECC384_CERT ("LDEV").</summary>
    GetLdevEcc384Cert = 0x4C44_4556,

    /// <summary>GET_FMC_ALIAS_ECC384_CERT ("CERF").</summary>
    GetFmcAliasEcc384Cert = 0x4345_5246,

    /// <summary>GET_RT_ALIAS_ECC384_CERT ("CERR").</summary>
    GetRtAliasEcc384Cert = 0x4345_5252,

    /// <summary>GET_IDEV_MLDSA87_CERT ("IDMC").</summary>
    GetIdevMldsa87Cert = 0x4944_4D43,

    /// <summary>GET_LDEV_MLDSA87_CERT ("LDMC").</summary>
    GetLdevMldsa87Cert = 0x4C44_4D43,

    /// <summary>GET_FMC_ALIAS_MLDSA87_CERT ("CMCF").</summary>
    GetFmcAliasMldsa87Cert = 0x434D_4346,

    /// <summary>GET_RT_ALIAS_MLDSA87_CERT ("CMCR").</summary>
    GetRtAliasMldsa87Cert = 0x434D_4352,

    /// <summary>
    /// GET_IDEV_CA_ECC384_CERT ("ICAC"), Rampart's: the manufacturer CA certificate that signed
    /// the IDevID certificate, so the MCU can put the root at the head of its SPDM chain
    /// (caliptra-sw has no such command; the SoC keeps the CA there).
    /// </summary>
    GetIdevCaEcc384Cert = 0x4943_4143,

    /// <summary>QUOTE_PCRS_ECC384 ("PCRQ").</summary>
    QuotePcrsEcc384 = 0x5043_5251,

    /// <summary>EXTEND_PCR ("PCRE").</summary>
    ExtendPcr = 0x5043_5245,

    /// <summary>ECDSA384_SIGNATURE_VERIFY ("ECV2").</summary>
    Ecdsa384SignatureVerify = 0x4543_5632,

    /// <summary>MLDSA87_SIGNATURE_VERIFY ("MLV2").</summary>
    Mldsa87SignatureVerify = 0x4D4C_5632,

    /// <summary>ACTIVATE_FIRMWARE ("ACTF").</summary>
    ActivateFirmware = 0x4143_5446,

    /// <summary>FW_INFO ("INFO").</summary>
    FwInfo = 0x494E_464F,

    /// <summary>CM_IMPORT ("CMIM"): import a key, get a handle.</summary>
    CmImport = 0x434D_494D,

    /// <summary>CM_DELETE ("CMDL"): forget a key handle.</summary>
    CmDelete = 0x434D_444C,

    /// <summary>CM_SHA ("CMSH"): one-shot SHA-384/512.</summary>
    CmSha = 0x434D_5348,

    /// <summary>CM_RANDOM_GENERATE ("CMRG").</summary>
    CmRandomGenerate = 0x434D_5247,

    /// <summary>CM_HMAC ("CMHM").</summary>
    CmHmac = 0x434D_484D,

    /// <summary>CM_HKDF_EXTRACT ("CMKT").</summary>
    CmHkdfExtract = 0x434D_4B54,

    /// <summary>CM_HKDF_EXPAND ("CMKP").</summary>
    CmHkdfExpand = 0x434D_4B50,

    /// <summary>CM_ECDH_GENERATE ("CMEG").</summary>
    CmEcdhGenerate = 0x434D_4547,

    /// <summary>CM_ECDH_FINISH ("CMEF").</summary>
    CmEcdhFinish = 0x434D_4546,

    /// <summary>
    /// CM_ECDH_DEBUG_EXPORT ("CMEX"), Rampart's, development chips only (decision 0276): the bytes of
    /// a live ECDH shared secret (CM_ECDH_FINISH's output), for DMTF's spdm_dump. caliptra-sw has no
    /// such command.
    /// </summary>
    CmEcdhDebugExport = 0x434D_4558,

    /// <summary>CM_AES_GCM_ENCRYPT_INIT ("CMGI"): AES-256-GCM with a random IV the runtime returns.</summary>
    CmAesGcmEncryptInit = 0x434D_4749,

    /// <summary>CM_AES_GCM_SPDM_ENCRYPT_INIT ("CMSE"): key and IV derived from an SPDM major secret, IV XOR the record counter.</summary>
    CmAesGcmSpdmEncryptInit = 0x434D_5345,

    /// <summary>CM_AES_GCM_ENCRYPT_UPDATE ("CMGU").</summary>
    CmAesGcmEncryptUpdate = 0x434D_4755,

    /// <summary>CM_AES_GCM_ENCRYPT_FINAL ("CMGF").</summary>
    CmAesGcmEncryptFinal = 0x434D_4746,

    /// <summary>CM_AES_GCM_DECRYPT_INIT ("CMDI"): the caller supplies the IV.</summary>
    CmAesGcmDecryptInit = 0x434D_4449,

    /// <summary>CM_AES_GCM_SPDM_DECRYPT_INIT ("CMSD").</summary>
    CmAesGcmSpdmDecryptInit = 0x434D_5344,

    /// <summary>CM_AES_GCM_DECRYPT_UPDATE ("CMDU").</summary>
    CmAesGcmDecryptUpdate = 0x434D_4455,

    /// <summary>CM_AES_GCM_DECRYPT_FINAL ("CMDF").</summary>
    CmAesGcmDecryptFinal = 0x434D_4446,

    /// <summary>CM_ECDSA_SIGN ("CMES").</summary>
    CmEcdsaSign = 0x434D_4553,
}
