namespace Rampart.Hal.Security;

/// <summary>Sizes and field offsets of the fuse partitions, in bytes.</summary>
public static class FuseLayout
{
    /// <summary>SHA-384 digest size, the size of every key hash and token hash.</summary>
    public const int HashSize = 48;

    /// <summary>UDS seed size.</summary>
    public const int UdsSeedSize = 64;

    /// <summary>Field entropy size.</summary>
    public const int FieldEntropySize = 32;

    /// <summary>VendorKeys: offset of the vendor PK descriptor hash.</summary>
    public const int VendorPkHashOffset = 0;

    /// <summary>VendorKeys: offset of the PQC key type byte (1 ML-DSA, 3 LMS, as in the firmware bundle).</summary>
    public const int VendorPqcTypeOffset = 48;

    /// <summary>VendorKeys size.</summary>
    public const int VendorKeysSize = 49;

    /// <summary>OwnerKeys size.</summary>
    public const int OwnerKeysSize = 48;

    /// <summary>Svn: offset of the runtime SVN (128 bits; the SVN is the number of low bits set).</summary>
    public const int RuntimeSvnOffset = 0;

    /// <summary>Svn: offset of the SoC manifest SVN (128 bits, same encoding).</summary>
    public const int SocManifestSvnOffset = 16;

    /// <summary>Svn: offset of the SoC manifest max SVN byte (0 means no limit below 128).</summary>
    public const int SocManifestMaxSvnOffset = 32;

    /// <summary>Width of a one-hot SVN field in bytes.</summary>
    public const int SvnFieldSize = 16;

    /// <summary>The largest SVN a 128-bit field can record.</summary>
    public const int MaxSvn = 128;

    /// <summary>Svn size.</summary>
    public const int SvnSize = 33;

    /// <summary>Revocation: ECC key revocation byte (low 4 bits, one per vendor ECC key).</summary>
    public const int EccRevocationOffset = 0;

    /// <summary>Revocation: LMS key revocation (32 bits, little-endian).</summary>
    public const int LmsRevocationOffset = 1;

    /// <summary>Revocation: ML-DSA key revocation byte (low 4 bits).</summary>
    public const int MlDsaRevocationOffset = 5;

    /// <summary>Revocation size.</summary>
    public const int RevocationSize = 6;

    /// <summary>Number of vendor ECC keys.</summary>
    public const int EccKeyCount = 4;

    /// <summary>Number of vendor LMS keys.</summary>
    public const int LmsKeyCount = 32;

    /// <summary>Number of vendor ML-DSA keys.</summary>
    public const int MlDsaKeyCount = 4;

    /// <summary>AntiRollback size.</summary>
    public const int AntiRollbackSize = 1;

    /// <summary>IdevidCertAttributes size (24 words, as caliptra-sw's <c>fuse_idevid_cert_attr</c>).</summary>
    public const int IdevidCertAttributesSize = 96;

    /// <summary>IdevidCertAttributes: the UEID type byte, the low byte of word 11 (caliptra-sw <c>IdevidCertAttr::UeidType</c>; the word's other bytes are unused).</summary>
    public const int UeidTypeOffset = 44;

    /// <summary>IdevidCertAttributes: the 16-byte endpoint serial, words 12–15 (<c>ManufacturerSerialNumber1…4</c>, each little-endian).</summary>
    public const int UeidSerialOffset = 48;

    /// <summary>Size of the endpoint serial.</summary>
    public const int UeidSerialSize = 16;

    /// <summary>Size of the UEID the fuses give: the type byte, then the serial.</summary>
    public const int UeidSize = 1 + UeidSerialSize;

    /// <summary>Number of production debug-unlock levels (one key hash each).</summary>
    public const int DebugUnlockLevels = 8;

    /// <summary>DebugUnlockKeys size.</summary>
    public const int DebugUnlockKeysSize = DebugUnlockLevels * HashSize;

    /// <summary>Number of token hashes (see <see cref="LifecycleToken"/>).</summary>
    public const int TokenCount = 5;

    /// <summary>LifecycleTokens size.</summary>
    public const int LifecycleTokensSize = TokenCount * HashSize;

    /// <summary>Lifecycle: the number of transitions the record holds.</summary>
    public const int LifecycleRecordSize = 24;

    /// <summary>The size of a partition's content.</summary>
    public static int SizeOf(FusePartition partition) => partition switch
    {
        FusePartition.UdsSeed => UdsSeedSize,
        FusePartition.FieldEntropy => FieldEntropySize,
        FusePartition.VendorKeys => VendorKeysSize,
        FusePartition.OwnerKeys => OwnerKeysSize,
        FusePartition.Svn => SvnSize,
        FusePartition.Revocation => RevocationSize,
        FusePartition.AntiRollback => AntiRollbackSize,
        FusePartition.IdevidCertAttributes => IdevidCertAttributesSize,
        FusePartition.DebugUnlockKeys => DebugUnlockKeysSize,
        FusePartition.LifecycleTokens => LifecycleTokensSize,
        FusePartition.Lifecycle => LifecycleRecordSize,
        _ => 0,
    };

    /// <summary>True for the partitions firmware may never read (loaded into the key vault instead).</summary>
    public static bool IsSecret(FusePartition partition) =>
        partition is FusePartition.UdsSeed or FusePartition.FieldEntropy;

    /// <summary>Every partition, in array order.</summary>
    public static ReadOnlySpan<FusePartition> All =>
    [
        FusePartition.UdsSeed, FusePartition.FieldEntropy, FusePartition.VendorKeys, FusePartition.OwnerKeys,
        FusePartition.Svn, FusePartition.Revocation, FusePartition.AntiRollback, FusePartition.IdevidCertAttributes,
        FusePartition.DebugUnlockKeys, FusePartition.LifecycleTokens, FusePartition.Lifecycle,
    ];

    /// <summary>True when the value names a partition.</summary>
    public static bool IsDefined(FusePartition partition) => SizeOf(partition) != 0;
}
