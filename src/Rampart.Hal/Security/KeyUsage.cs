namespace Rampart.Hal.Security;

/// <summary>
/// What a key-vault slot may be used for. A request whose operation is not among the slot's
/// usages is refused with <see cref="KeyVaultStatus.UsageNotPermitted"/>.
/// </summary>
[Flags]
public enum KeyUsage : uint
{
    /// <summary>No use at all.</summary>
    None = 0x0,

    /// <summary>Sign a digest or message with the slot's private key.</summary>
    Sign = 0x1,

    /// <summary>Key derivation: HMAC/KDF keyed by the slot, key-pair generation from the slot's seed, or HMAC data from the slot.</summary>
    Derive = 0x2,

    /// <summary>AES-256-GCM encryption and decryption with the slot as key.</summary>
    Encrypt = 0x4,

    /// <summary>ECDH with the slot's private key.</summary>
    KeyAgreement = 0x8,
}
