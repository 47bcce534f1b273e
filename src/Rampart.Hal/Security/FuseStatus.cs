namespace Rampart.Hal.Security;

/// <summary>
/// The result of a fuse-controller request. Success is not zero; a refused request changes
/// nothing.
/// </summary>
public enum FuseStatus : uint
{
    /// <summary>Done.</summary>
    Ok = 0x4F54_0001,

    /// <summary>The partition number names no partition.</summary>
    UnknownPartition = 0x4F54_0102,

    /// <summary>Offset and length fall outside the partition.</summary>
    OutOfRange = 0x4F54_0103,

    /// <summary>The write would turn a 1 bit into 0: fuses only go 0→1.</summary>
    WouldClearBits = 0x4F54_0104,

    /// <summary>The partition is locked: no more writes.</summary>
    PartitionLocked = 0x4F54_0105,

    /// <summary>The partition's content no longer matches its digest (corruption or tampering).</summary>
    DigestMismatch = 0x4F54_0106,

    /// <summary>The partition holds a secret that firmware may not read.</summary>
    SecretPartition = 0x4F54_0107,

    /// <summary>An imported fuse image is malformed (size, magic, version, layout).</summary>
    MalformedImage = 0x4F54_0108,

    /// <summary>A value cannot be encoded in its field (an SVN above 128, a key index out of range).</summary>
    ValueOutOfRange = 0x4F54_0109,

    /// <summary>The key vault refused the secret.</summary>
    KeyVaultRefused = 0x4F54_010A,

    /// <summary>The destination buffer is too small.</summary>
    BufferTooSmall = 0x4F54_010B,
}
