using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;

namespace Rampart.Identity.X509;

/// <summary>
/// Identifiers derived from a public key, so that a key names its own certificate (as
/// Caliptra's <c>x509::subj_sn</c> and subject key identifiers do): all hash the
/// subjectPublicKey BIT STRING contents (04||x||y for ECC, the raw ML-DSA key).
/// </summary>
public static class KeyIdentifiers
{
    /// <summary>Size of a key identifier (RFC 7093 §2 method 1: leftmost 160 bits of SHA-256).</summary>
    public const int KeyIdSize = 20;

    /// <summary>Size of a certificate serial number (RFC 5280 §4.1.2.2 allows up to 20 octets).</summary>
    public const int SerialSize = 20;

    /// <summary>Subject serialNumber attribute: uppercase hex of SHA-256 of the key (64 characters).</summary>
    public static string SubjectSerialNumber(IShaEngine sha, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> digest = stackalloc byte[32];
        Hash(sha, ShaAlgorithm.Sha256, algorithm, publicKey, digest);
        return Convert.ToHexString(digest);
    }

    /// <summary>Subject key identifier: the leftmost 20 bytes of SHA-256 of the key (RFC 7093 §2 method 1).</summary>
    public static byte[] SubjectKeyId(IShaEngine sha, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> digest = stackalloc byte[32];
        Hash(sha, ShaAlgorithm.Sha256, algorithm, publicKey, digest);
        return digest[..KeyIdSize].ToArray();
    }

    /// <summary>
    /// Certificate serial number: the leftmost 20 bytes of SHA-384 of the subject key, top bit
    /// cleared (a positive INTEGER) and bit 6 set (no leading zero octet), so it is always 20 octets.
    /// </summary>
    public static byte[] CertificateSerial(IShaEngine sha, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> digest = stackalloc byte[48];
        Hash(sha, ShaAlgorithm.Sha384, algorithm, publicKey, digest);
        var serial = digest[..SerialSize].ToArray();
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    private static void Hash(IShaEngine sha, ShaAlgorithm hash, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey, Span<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(sha);
        sha.Hash(hash, SubjectPublicKeyInfo.KeyBits(algorithm, publicKey), digest);
    }
}
