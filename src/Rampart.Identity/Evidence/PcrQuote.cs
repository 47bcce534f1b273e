using System.Security.Cryptography;
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

    /// <summary>A field has the wrong size (PCRs 1536 bytes, nonce 32, digest 48, signature 96).</summary>
    Malformed = 0x10,

    /// <summary>The quote answers another nonce (a replay).</summary>
    NonceMismatch = 0x11,

    /// <summary>The ECC P-384 signature does not verify under the attestation key.</summary>
    BadEccSignature = 0x12,

    /// <summary>The digest is not SHA-384 of the quoted PCRs and nonce.</summary>
    DigestMismatch = 0x13,

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
/// Verifies the one PCR quote Rampart gives out (decision 0275): Caliptra's QUOTE_PCRS_ECC384
/// answer, which Protocols' <c>QuotePcrsResponse</c> carries over the mailbox. The signed message
/// is <see cref="PcrQuoteMessage"/> (the 32 PCRs, then the verifier's nonce), the digest is its
/// SHA-384 and r ‖ s is the RT alias ECC P-384 signature over that digest, as the PCR bank
/// (<see cref="IPcrBank.QuoteEcc"/>) makes it. The log is the PCR bank's
/// (<see cref="IPcrBank.Log"/>); replayed with <see cref="MeasurementLogReplay"/> it must give
/// every quoted PCR.
/// </summary>
public static class PcrQuote
{
    /// <summary>Size of the signed digest (SHA-384).</summary>
    public const int DigestSize = 48;

    /// <summary>
    /// Verifies a quote from an untrusted peer: field sizes, nonce (constant time), digest,
    /// the signature through the Hal engines and — when a log is given — that replaying it
    /// gives every quoted PCR. Never throws on bad bytes.
    /// </summary>
    /// <param name="engines">The engines the checks run on.</param>
    /// <param name="pcrs">The quoted PCR0…PCR31, 48 bytes each.</param>
    /// <param name="nonce">The nonce the quote answers.</param>
    /// <param name="digest">The signed digest.</param>
    /// <param name="signature">r ‖ s.</param>
    /// <param name="expectedNonce">The nonce the verifier sent.</param>
    /// <param name="eccPublicKey">The attestation key (RT alias ECC P-384, x ‖ y).</param>
    /// <param name="log">The measurement log, or null to skip the replay.</param>
    public static QuoteVerification Verify(
        ICryptoEngines engines,
        ReadOnlySpan<byte> pcrs,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> digest,
        ReadOnlySpan<byte> signature,
        ReadOnlySpan<byte> expectedNonce,
        ReadOnlySpan<byte> eccPublicKey,
        IReadOnlyList<MeasurementLogEntry>? log = null)
    {
        ArgumentNullException.ThrowIfNull(engines);
        if (expectedNonce.Length != PcrQuoteMessage.NonceSize)
        {
            throw new ArgumentException("the nonce is 32 bytes", nameof(expectedNonce));
        }

        if (pcrs.Length != PcrQuoteMessage.NonceOffset || nonce.Length != PcrQuoteMessage.NonceSize || digest.Length != DigestSize || signature.Length != P384.SignatureSize)
        {
            return QuoteVerification.Fail(QuoteError.Malformed);
        }

        if (!CryptographicOperations.FixedTimeEquals(nonce, expectedNonce))
        {
            return QuoteVerification.Fail(QuoteError.NonceMismatch);
        }

        Span<byte> message = stackalloc byte[PcrQuoteMessage.Size];
        pcrs.CopyTo(message);
        nonce.CopyTo(message[PcrQuoteMessage.NonceOffset..]);
        Span<byte> computed = stackalloc byte[DigestSize];
        engines.Sha.Hash(ShaAlgorithm.Sha384, message, computed);
        if (!computed.SequenceEqual(digest))
        {
            return QuoteVerification.Fail(QuoteError.DigestMismatch);
        }

        if (SignatureEncoding.Verify(engines, DiceKeyAlgorithm.EccP384, eccPublicKey, message, signature) != Verdict.Valid)
        {
            return QuoteVerification.Fail(QuoteError.BadEccSignature);
        }

        return log is null ? new QuoteVerification(Verdict.Valid, QuoteError.None, -1) : CheckLog(engines.Sha, pcrs, log);
    }

    /// <summary>The quoted value of one PCR (a slice of <paramref name="pcrs"/>).</summary>
    public static ReadOnlySpan<byte> PcrValue(ReadOnlySpan<byte> pcrs, int index)
    {
        if (index is < 0 or >= PcrQuoteMessage.PcrCount || pcrs.Length < PcrQuoteMessage.NonceOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return pcrs.Slice(index * PcrQuoteMessage.PcrSize, PcrQuoteMessage.PcrSize);
    }

    /// <summary>Reads the attestation key (the RT alias ECC P-384 key) out of the deepest certificate of an ECC chain.</summary>
    public static WireStatus TryGetAttestationKey(ReadOnlyMemory<byte> eccCertificate, out ReadOnlyMemory<byte> eccPublicKey)
    {
        eccPublicKey = default;
        if (ParsedCertificate.TryParse(eccCertificate, out var ecc) != WireStatus.Done || ecc is null || ecc.KeyAlgorithm != DiceKeyAlgorithm.EccP384)
        {
            return WireStatus.Invalid;
        }

        eccPublicKey = ecc.PublicKey;
        return WireStatus.Done;
    }

    private static QuoteVerification CheckLog(IShaEngine sha, ReadOnlySpan<byte> pcrs, IReadOnlyList<MeasurementLogEntry> log)
    {
        foreach (var entry in log)
        {
            if (entry is null || entry.Pcr is < 0 or >= PcrQuoteMessage.PcrCount)
            {
                return QuoteVerification.Fail(QuoteError.MalformedLog);
            }
        }

        var replayed = new byte[PcrQuoteMessage.NonceOffset];
        MeasurementLogReplay.Replay(sha, log, replayed);
        for (var i = 0; i < PcrQuoteMessage.PcrCount; i++)
        {
            if (!PcrValue(replayed, i).SequenceEqual(PcrValue(pcrs, i)))
            {
                return QuoteVerification.Fail(QuoteError.LogMismatch, i);
            }
        }

        return new QuoteVerification(Verdict.Valid, QuoteError.None, -1);
    }
}
