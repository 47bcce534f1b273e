namespace Rampart.Hal.Crypto;

/// <summary>HMAC (RFC 2104) and HKDF (RFC 5869) over SHA-2.</summary>
public interface IHmacEngine : IKnownAnswerTest
{
    /// <summary>HMAC of <paramref name="data"/> under <paramref name="key"/>; returns the MAC length.</summary>
    int Mac(ShaAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac);

    /// <summary>Constant-time check of a MAC.</summary>
    Verdict VerifyMac(ShaAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac);

    /// <summary>HKDF-Extract; returns the PRK length.</summary>
    int HkdfExtract(ShaAlgorithm algorithm, ReadOnlySpan<byte> inputKeyMaterial, ReadOnlySpan<byte> salt, Span<byte> prk);

    /// <summary>HKDF-Expand into all of <paramref name="output"/>.</summary>
    void HkdfExpand(ShaAlgorithm algorithm, ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, Span<byte> output);
}

/// <summary>Key derivation functions used by DICE and the image flows.</summary>
public interface IKdfEngine : IKnownAnswerTest
{
    /// <summary>
    /// Caliptra's HMAC-512 KDF (caliptra-sw <c>hmac_kdf</c>): HMAC-SHA512 keyed with
    /// <paramref name="key"/> over <c>00 00 00 01 || label || 00 || context</c>, where the
    /// separator and context are omitted when <paramref name="context"/> is empty (caliptra-sw's
    /// <c>None</c>); fills <paramref name="output"/> (exactly 64 bytes).
    /// </summary>
    void CaliptraHmacKdf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> output);

    /// <summary>NIST SP 800-108 KDF in counter mode with HMAC (32-bit counter, 32-bit length in bits).</summary>
    void Sp800108Counter(ShaAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> output);
}
