namespace Rampart.Hal.Security;

/// <summary>
/// The result of every key-vault request. Success is not zero; each refusal is named, and a
/// refused request changes nothing (no slot is written, no output is left half-filled).
/// </summary>
public enum KeyVaultStatus : uint
{
    /// <summary>The request was carried out.</summary>
    Ok = 0x4B56_0001,

    /// <summary>A slot number is outside the vault.</summary>
    InvalidSlot = 0x4B56_0102,

    /// <summary>The slot holds nothing.</summary>
    SlotEmpty = 0x4B56_0103,

    /// <summary>The destination slot is write-locked (or the slot to clear is).</summary>
    SlotWriteLocked = 0x4B56_0104,

    /// <summary>The source slot is use-locked.</summary>
    SlotUseLocked = 0x4B56_0105,

    /// <summary>The slot's usage rights do not allow the operation.</summary>
    UsageNotPermitted = 0x4B56_0106,

    /// <summary>The slot holds the wrong kind of key for the operation (e.g. signing with a bare secret).</summary>
    WrongKeyType = 0x4B56_0107,

    /// <summary>An input has the wrong length (digest, secret, nonce, tag, peer key).</summary>
    InvalidLength = 0x4B56_0108,

    /// <summary>An output buffer is too small.</summary>
    BufferTooSmall = 0x4B56_0109,

    /// <summary>The ECDH peer public key is not a point on P-384.</summary>
    InvalidPeerKey = 0x4B56_010A,

    /// <summary>AES-GCM authentication failed; the plaintext output was cleared.</summary>
    AuthenticationFailed = 0x4B56_010B,

    /// <summary>The seed is too short for the key type requested.</summary>
    SeedTooShort = 0x4B56_010C,

    /// <summary>The usage requested for a new key is not meaningful for its kind.</summary>
    InvalidUsage = 0x4B56_010D,
}

/// <summary>Helpers for <see cref="KeyVaultStatus"/>.</summary>
public static class KeyVaultStatusExtensions
{
    /// <summary>True only for <see cref="KeyVaultStatus.Ok"/>.</summary>
    public static bool IsOk(this KeyVaultStatus status) => status == KeyVaultStatus.Ok;
}
