using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Identity.Dice;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Identity.Evidence;

/// <summary>Why a PCR quote was rejected.</summary>
public enum QuoteError
{
    /// <summary>No failure: the quote verified.</summary>
    None = 0x01,

    /// <summary>The quote is not <see cref="PcrQuote.Size"/> bytes or its padding byte is not zero.</summary>
    Malformed = 0x10,

    /// <summary>The quote answers another nonce (a replay).</summary>
    NonceMismatch = 0x11,

    /// <summary>The ECC P-384 signature does not verify under the attestation key.</summary>
    BadEccSignature = 0x12,

    /// <summary>The ML-DSA-87 signature does not verify under the attestation key.</summary>
    BadMlDsaSignature = 0x13,

    /// <summary>The measurement log is malformed (a PCR index outside 0…31).</summary>
    MalformedLog = 0x14,

    /// <summary>Replaying the measurement log does not give the quoted PCR values.</summary>
    LogMismatch = 0x15,
}

/// <summary>The result of a quote verification: hardened verdict, first failure, and the PCR that differed for <see cref="QuoteError.LogMismatch"/>.</summary>
/// <param name="Verdict">Valid only when every check passed.</param>
/// <param name="Error">The first failure.</param>
/// <param name="Pcr">The first PCR that differs from the log's replay, or -1.</param>
public readonly record struct QuoteVerification(Verdict Verdict, QuoteError Error, int Pcr)
{
    /// <summary>True only for a valid verdict with no error.</summary>
    public bool IsValid => Verdict.IsValid() && Error == QuoteError.None;

    internal static QuoteVerification Fail(QuoteError error, int pcr = -1) => new(Verdict.Invalid, error, pcr);
}

/// <summary>
/// A signed PCR quote (Rampart evidence; the message is Caliptra's QUOTE_PCRS shape,
/// <see cref="PcrQuoteMessage"/>): the 32 PCRs and the verifier's nonce, signed by the
/// attestation (RT alias) key with both ECC P-384 and ML-DSA-87.
/// </summary>
/// <remarks>
/// <code>
/// offset  size   field
///    0    1536   PCR0 … PCR31 (48 bytes each)
/// 1536      32   nonce
/// 1568      96   ECC P-384 signature r || s over SHA-384(bytes 0…1567)
/// 1664    4628   ML-DSA-87 signature over bytes 0…1567 (4627 bytes) and one zero pad byte (Caliptra's field)
/// 6292           end
/// </code>
/// </remarks>
public static class PcrQuote
{
    /// <summary>Offset of the ECC signature.</summary>
    public const int EccSignatureOffset = PcrQuoteMessage.Size;

    /// <summary>Offset of the ML-DSA signature field.</summary>
    public const int MlDsaSignatureOffset = EccSignatureOffset + P384.SignatureSize;

    /// <summary>Total size.</summary>
    public const int Size = MlDsaSignatureOffset + MlDsa87.CaliptraSignatureFieldSize;

    /// <summary>Builds and signs a quote of <paramref name="pcrs"/> (32 × 48 bytes) for <paramref name="nonce"/>.</summary>
    public static void Create(ReadOnlySpan<byte> pcrs, ReadOnlySpan<byte> nonce, IDiceSigner ecc, IDiceSigner mlDsa, Span<byte> quote)
    {
        ArgumentNullException.ThrowIfNull(ecc);
        ArgumentNullException.ThrowIfNull(mlDsa);
        if (pcrs.Length != PcrQuoteMessage.NonceOffset || nonce.Length != PcrQuoteMessage.NonceSize || quote.Length != Size)
        {
            throw new ArgumentException("PCRs are 1536 bytes, the nonce 32, the quote 6292");
        }

        if (ecc.Algorithm != DiceKeyAlgorithm.EccP384 || mlDsa.Algorithm != DiceKeyAlgorithm.MlDsa87)
        {
            throw new ArgumentException("a quote is signed with one ECC and one ML-DSA key");
        }

        quote.Clear();
        pcrs.CopyTo(quote);
        nonce.CopyTo(quote[PcrQuoteMessage.NonceOffset..]);
        var message = quote[..PcrQuoteMessage.Size];
        ecc.Sign(message, quote.Slice(EccSignatureOffset, P384.SignatureSize));
        mlDsa.Sign(message, quote.Slice(MlDsaSignatureOffset, MlDsa87.SignatureSize));
    }

    /// <summary>The quoted value of one PCR (a slice of the quote).</summary>
    public static ReadOnlySpan<byte> PcrValue(ReadOnlySpan<byte> quote, int index)
    {
        if (index is < 0 or >= PcrQuoteMessage.PcrCount || quote.Length < PcrQuoteMessage.NonceOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return quote.Slice(index * PcrQuoteMessage.PcrSize, PcrQuoteMessage.PcrSize);
    }

    /// <summary>
    /// Verifies a quote from an untrusted peer: form, nonce (constant time), both signatures
    /// through the Hal engines, and — when a log is given — that replaying it gives every
    /// quoted PCR. Never throws on bad bytes.
    /// </summary>
    public static QuoteVerification Verify(ICryptoEngines engines, ReadOnlySpan<byte> quote, ReadOnlySpan<byte> expectedNonce, ReadOnlySpan<byte> eccPublicKey, ReadOnlySpan<byte> mlDsaPublicKey, IReadOnlyList<MeasurementLogEntry>? log = null)
    {
        ArgumentNullException.ThrowIfNull(engines);
        if (expectedNonce.Length != PcrQuoteMessage.NonceSize)
        {
            throw new ArgumentException("the nonce is 32 bytes", nameof(expectedNonce));
        }

        if (quote.Length != Size || quote[Size - 1] != 0)
        {
            return QuoteVerification.Fail(QuoteError.Malformed);
        }

        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(quote.Slice(PcrQuoteMessage.NonceOffset, PcrQuoteMessage.NonceSize), expectedNonce))
        {
            return QuoteVerification.Fail(QuoteError.NonceMismatch);
        }

        var message = quote[..PcrQuoteMessage.Size];
        if (SignatureEncoding.Verify(engines, DiceKeyAlgorithm.EccP384, eccPublicKey, message, quote.Slice(EccSignatureOffset, P384.SignatureSize)) != Verdict.Valid)
        {
            return QuoteVerification.Fail(QuoteError.BadEccSignature);
        }

        if (SignatureEncoding.Verify(engines, DiceKeyAlgorithm.MlDsa87, mlDsaPublicKey, message, quote.Slice(MlDsaSignatureOffset, MlDsa87.SignatureSize)) != Verdict.Valid)
        {
            return QuoteVerification.Fail(QuoteError.BadMlDsaSignature);
        }

        if (log is not null)
        {
            foreach (var entry in log)
            {
                if (entry is null || entry.Pcr is < 0 or >= PcrQuoteMessage.PcrCount)
                {
                    return QuoteVerification.Fail(QuoteError.MalformedLog);
                }
            }

            var replayed = new byte[PcrQuoteMessage.NonceOffset];
            MeasurementLogReplay.Replay(engines.Sha, log, replayed);
            for (var i = 0; i < PcrQuoteMessage.PcrCount; i++)
            {
                if (!PcrValue(replayed, i).SequenceEqual(PcrValue(quote, i)))
                {
                    return QuoteVerification.Fail(QuoteError.LogMismatch, i);
                }
            }
        }

        return new QuoteVerification(Verdict.Valid, QuoteError.None, -1);
    }

    /// <summary>Reads the attestation keys out of the deepest certificates of an ECC and an ML-DSA chain.</summary>
    public static WireStatus TryGetAttestationKeys(ReadOnlyMemory<byte> eccCertificate, ReadOnlyMemory<byte> mlDsaCertificate, out ReadOnlyMemory<byte> eccPublicKey, out ReadOnlyMemory<byte> mlDsaPublicKey)
    {
        eccPublicKey = default;
        mlDsaPublicKey = default;
        if (ParsedCertificate.TryParse(eccCertificate, out var ecc) != WireStatus.Done || ecc is null || ecc.KeyAlgorithm != DiceKeyAlgorithm.EccP384
            || ParsedCertificate.TryParse(mlDsaCertificate, out var mlDsa) != WireStatus.Done || mlDsa is null || mlDsa.KeyAlgorithm != DiceKeyAlgorithm.MlDsa87)
        {
            return WireStatus.Invalid;
        }

        eccPublicKey = ecc.PublicKey;
        mlDsaPublicKey = mlDsa.PublicKey;
        return WireStatus.Done;
    }
}
