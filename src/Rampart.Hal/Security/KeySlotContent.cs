namespace Rampart.Hal.Security;

/// <summary>What a key-vault slot currently holds.</summary>
public enum KeySlotContent : uint
{
    /// <summary>Nothing (zeroized).</summary>
    Empty = 0x0,

    /// <summary>A symmetric secret: a CDI, a seed, an HMAC or AES key, an ECDH shared secret.</summary>
    Secret = 0x1,

    /// <summary>An ECC P-384 private scalar (with its public key).</summary>
    EccP384PrivateKey = 0x2,

    /// <summary>An ML-DSA-87 key-generation seed (the private key is expanded from it on use, as Caliptra's engine does).</summary>
    MlDsa87PrivateKey = 0x3,
}
