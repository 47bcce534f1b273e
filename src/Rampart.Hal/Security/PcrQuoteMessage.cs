namespace Rampart.Hal.Security;

/// <summary>
/// The message a PCR quote signs (the shape of Caliptra's QUOTE_PCRS: all PCRs and a 32-byte nonce).
/// </summary>
/// <remarks>
/// <code>
/// offset  size        field
///   0      32 × 48    PCR0 … PCR31 values
///   1536   32         nonce
/// </code>
/// The ECC P-384 signature is over SHA-384 of this message; ML-DSA-87 signs the message itself.
/// It is the one quote format (decision 0275): QUOTE_PCRS_ECC384 carries these PCRs and nonce,
/// the digest and the signature, and Rampart.Identity's <c>PcrQuote</c> verifies them.
/// </remarks>
public static class PcrQuoteMessage
{
    /// <summary>The number of PCRs in the bank.</summary>
    public const int PcrCount = 32;

    /// <summary>A PCR value (SHA-384).</summary>
    public const int PcrSize = 48;

    /// <summary>Nonce size.</summary>
    public const int NonceSize = 32;

    /// <summary>Offset of the nonce.</summary>
    public const int NonceOffset = PcrCount * PcrSize;

    /// <summary>Total size.</summary>
    public const int Size = NonceOffset + NonceSize;
}
