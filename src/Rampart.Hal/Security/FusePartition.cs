namespace Rampart.Hal.Security;

/// <summary>
/// The partitions of the OTP fuse array (REFERENCE.md "Caliptra formats and flows", Fuses;
/// caliptra-sw <c>FuseBank</c> and the caliptra-ss fuse map). Each partition can be locked and
/// carries a SHA-384 digest the controller checks on every read.
/// </summary>
public enum FusePartition : ushort
{
    /// <summary>UDS seed (512 bits, secret: only loaded into the key vault).</summary>
    UdsSeed = 0x01,

    /// <summary>Field entropy (256 bits, secret: only loaded into the key vault).</summary>
    FieldEntropy = 0x02,

    /// <summary>Vendor public-key descriptor hash (SHA-384) and the PQC key type.</summary>
    VendorKeys = 0x03,

    /// <summary>Owner public-key hash (SHA-384).</summary>
    OwnerKeys = 0x04,

    /// <summary>Runtime SVN (128-bit one-hot), SoC manifest SVN (128-bit one-hot) and SoC manifest max SVN.</summary>
    Svn = 0x05,

    /// <summary>Vendor key revocation bits: ECC (4), LMS (32), ML-DSA (4).</summary>
    Revocation = 0x06,

    /// <summary>Anti-rollback disable (bit 0).</summary>
    AntiRollback = 0x07,

    /// <summary>IDevID certificate attributes (key id algorithm, subject key id, UEID type and value, manufacturer serial).</summary>
    IdevidCertAttributes = 0x08,

    /// <summary>Production debug-unlock public-key hashes: SHA-384(ECC P-384 public key || ML-DSA-87 public key), one per level.</summary>
    DebugUnlockKeys = 0x09,

    /// <summary>SHA-384 hashes of the lifecycle transition and manufacturing debug-unlock tokens.</summary>
    LifecycleTokens = 0x0A,

    /// <summary>The lifecycle transition record (one byte per transition, each the new state's code).</summary>
    Lifecycle = 0x0B,
}
