using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;
using Rampart.Wire;

namespace Rampart.Identity.X509;

/// <summary>The result of a chain verification: a hardened verdict, the first failure and where it was.</summary>
/// <param name="Verdict"><see cref="Verdict.Valid"/> only when every check passed.</param>
/// <param name="Error">The first failure, <see cref="ChainError.None"/> when valid.</param>
/// <param name="Index">The index of the failing certificate (root is 0), -1 when valid or empty.</param>
public readonly record struct ChainVerification(Verdict Verdict, ChainError Error, int Index)
{
    /// <summary>True only for a valid verdict with no error.</summary>
    public bool IsValid => Verdict.IsValid() && Error == ChainError.None;

    internal static ChainVerification Fail(ChainError error, int index) => new(Verdict.Invalid, error, index);
}

/// <summary>
/// Verifies a DICE certificate chain, root first (manufacturer CA → IDevID → LDevID → FMC
/// alias → RT alias): parses each certificate, checks issuer/subject chaining, authority key
/// identifiers, basic constraints, key usage and path length, and each signature through the
/// Hal engines (RFC 5280 §6.1, restricted to what DICE chains use). Untrusted bytes never
/// throw; the answer names the first failure.
/// </summary>
public static class ChainVerifier
{
    /// <summary>
    /// Verifies <paramref name="chain"/> (DER certificates, root first). When
    /// <paramref name="trustedRoot"/> is not empty the first certificate must equal it byte for byte.
    /// Validity dates are checked only when <paramref name="at"/> is given (Rampart's
    /// certificates carry fixed dates and the chip has no wall clock).
    /// </summary>
    public static ChainVerification Verify(ICryptoEngines engines, IReadOnlyList<ReadOnlyMemory<byte>> chain, ReadOnlyMemory<byte> trustedRoot = default, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0)
        {
            return ChainVerification.Fail(ChainError.EmptyChain, -1);
        }

        if (!trustedRoot.IsEmpty && !trustedRoot.Span.SequenceEqual(chain[0].Span))
        {
            return ChainVerification.Fail(ChainError.UntrustedRoot, 0);
        }

        var parsed = new ParsedCertificate[chain.Count];
        for (var i = 0; i < chain.Count; i++)
        {
            var status = ParsedCertificate.TryParse(chain[i], out var certificate);
            if (status != WireStatus.Done || certificate is null)
            {
                return ChainVerification.Fail(status == WireStatus.Unsupported ? ChainError.UnsupportedAlgorithm : ChainError.Malformed, i);
            }

            parsed[i] = certificate;
        }

        var validCount = 0;
        for (var i = 0; i < parsed.Length; i++)
        {
            var error = CheckOne(engines, parsed, i, at);
            if (error != ChainError.None)
            {
                return ChainVerification.Fail(error, i);
            }

            validCount++;
        }

        // Count again rather than trusting the loop's exit alone (a glitched branch must not skip checks).
        return validCount == parsed.Length
            ? new ChainVerification(Verdict.Valid, ChainError.None, -1)
            : ChainVerification.Fail(ChainError.Malformed, validCount);
    }

    private static ChainError CheckOne(ICryptoEngines engines, ParsedCertificate[] chain, int index, DateTimeOffset? at)
    {
        var certificate = chain[index];
        if (certificate.OuterSignatureOid != certificate.InnerSignatureOid)
        {
            return ChainError.SignatureAlgorithmMismatch;
        }

        if (!SignatureEncoding.TryFromOid(certificate.OuterSignatureOid, out var signatureAlgorithm))
        {
            return ChainError.UnsupportedAlgorithm;
        }

        if (certificate.UnknownCriticalExtension is not null)
        {
            return ChainError.UnknownCriticalExtension;
        }

        var issuer = index == 0 ? certificate : chain[index - 1];
        if (index == 0 && !certificate.Issuer.Span.SequenceEqual(certificate.Subject.Span))
        {
            return ChainError.RootNotSelfIssued;
        }

        if (index > 0)
        {
            var error = CheckIssuer(chain, index);
            if (error != ChainError.None)
            {
                return error;
            }
        }
        else if (!certificate.AuthorityKeyId.IsEmpty && !certificate.SubjectKeyId.IsEmpty && !certificate.AuthorityKeyId.Span.SequenceEqual(certificate.SubjectKeyId.Span))
        {
            return ChainError.AuthorityKeyIdMismatch;
        }

        if (at is { } when)
        {
            if (when < certificate.NotBefore)
            {
                return ChainError.NotYetValid;
            }

            if (when > certificate.NotAfter)
            {
                return ChainError.Expired;
            }
        }

        if (issuer.KeyAlgorithm != signatureAlgorithm)
        {
            return ChainError.IssuerKeyAlgorithmMismatch;
        }

        var raw = new byte[signatureAlgorithm.SignatureSize()];
        if (SignatureEncoding.TryDecode(signatureAlgorithm, certificate.SignatureValue, raw) != WireStatus.Done)
        {
            return ChainError.BadSignature;
        }

        var verdict = SignatureEncoding.Verify(engines, signatureAlgorithm, issuer.PublicKey.Span, certificate.Tbs.Span, raw);
        return verdict == Verdict.Valid ? ChainError.None : ChainError.BadSignature;
    }

    private static ChainError CheckIssuer(ParsedCertificate[] chain, int index)
    {
        var certificate = chain[index];
        var issuer = chain[index - 1];
        if (!certificate.Issuer.Span.SequenceEqual(issuer.Subject.Span))
        {
            return ChainError.IssuerNameMismatch;
        }

        if (!certificate.AuthorityKeyId.IsEmpty && !issuer.SubjectKeyId.IsEmpty && !certificate.AuthorityKeyId.Span.SequenceEqual(issuer.SubjectKeyId.Span))
        {
            return ChainError.AuthorityKeyIdMismatch;
        }

        if (!issuer.IsCa)
        {
            return ChainError.IssuerNotCa;
        }

        if (issuer.HasKeyUsage && !issuer.KeyCertSign)
        {
            return ChainError.IssuerCannotSignCertificates;
        }

        // RFC 5280 §6.1.4 (l)/(m): count the non-self-issued intermediates between each ancestor and this certificate.
        for (var ancestor = 0; ancestor < index; ancestor++)
        {
            if (chain[ancestor].PathLength is { } limit)
            {
                var intermediates = 0;
                for (var k = ancestor + 1; k < index; k++)
                {
                    if (!chain[k].Issuer.Span.SequenceEqual(chain[k].Subject.Span))
                    {
                        intermediates++;
                    }
                }

                if (intermediates > limit)
                {
                    return ChainError.PathLengthExceeded;
                }
            }
        }

        return ChainError.None;
    }
}
