using System.Formats.Asn1;
using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;

namespace Rampart.Identity.X509;

/// <summary>What a certificate says about its subject.</summary>
/// <param name="Algorithm">The subject key's algorithm.</param>
/// <param name="PublicKey">The subject's raw public key.</param>
/// <param name="Name">The subject's DER Name.</param>
/// <param name="IsCa">True for every layer that certifies a next one.</param>
/// <param name="TcbInfo">The DiceTcbInfo of the subject layer, if any.</param>
/// <param name="Ueid">The device UEID, empty for none.</param>
public sealed record CertificateSubject(
    DiceKeyAlgorithm Algorithm,
    ReadOnlyMemory<byte> PublicKey,
    ReadOnlyMemory<byte> Name,
    bool IsCa,
    DiceTcbInfo? TcbInfo,
    ReadOnlyMemory<byte> Ueid);

/// <summary>
/// The X.509 v3 certificate template (RFC 5280 §4.1) every DICE layer and the manufacturer CA
/// use, built with System.Formats.Asn1 and signed through an <see cref="IDiceSigner"/>.
/// Validity is fixed (notBefore 2023-01-01, notAfter 9999-12-31 23:59:59 as RFC 5280
/// §4.1.2.5 prescribes for "no expiry"), so the same keys give byte-identical certificates.
/// </summary>
/// <remarks>
/// <code>
/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
/// TBSCertificate ::= SEQUENCE {
///   version [0] EXPLICIT INTEGER 2,  serialNumber INTEGER (20 octets, from the subject key),
///   signature AlgorithmIdentifier,    issuer Name,
///   validity SEQUENCE { UTCTime 230101000000Z, GeneralizedTime 99991231235959Z },
///   subject Name, subjectPublicKeyInfo,
///   extensions [3] EXPLICIT SEQUENCE { basicConstraints, keyUsage, subjectKeyIdentifier,
///                                      authorityKeyIdentifier, [tcg-dice-Ueid], [tcg-dice-TcbInfo] } }
/// </code>
/// </remarks>
public static class CertificateTemplate
{
    /// <summary>The fixed notBefore.</summary>
    public static DateTimeOffset NotBefore => new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The fixed notAfter (RFC 5280 §4.1.2.5: 99991231235959Z means no well-defined expiry).</summary>
    public static DateTimeOffset NotAfter => new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>Builds the DER TBSCertificate.</summary>
    public static byte[] BuildTbs(IShaEngine sha, CertificateSubject subject, DiceKeyAlgorithm issuerAlgorithm, ReadOnlySpan<byte> issuerName, ReadOnlySpan<byte> issuerPublicKey)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(subject);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteInteger(2);
            }

            writer.WriteIntegerUnsigned(KeyIdentifiers.CertificateSerial(sha, subject.Algorithm, subject.PublicKey.Span));
            SignatureEncoding.WriteAlgorithmIdentifier(writer, issuerAlgorithm);
            writer.WriteEncodedValue(issuerName);
            using (writer.PushSequence())
            {
                writer.WriteUtcTime(NotBefore);
                writer.WriteGeneralizedTime(NotAfter, omitFractionalSeconds: true);
            }

            writer.WriteEncodedValue(subject.Name.Span);
            SubjectPublicKeyInfo.Write(writer, subject.Algorithm, subject.PublicKey.Span);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true)))
            {
                using (writer.PushSequence())
                {
                    CertificateExtensions.WriteBasicConstraints(writer, subject.IsCa);
                    CertificateExtensions.WriteKeyUsage(writer, subject.IsCa);
                    CertificateExtensions.WriteSubjectKeyIdentifier(writer, KeyIdentifiers.SubjectKeyId(sha, subject.Algorithm, subject.PublicKey.Span));
                    CertificateExtensions.WriteAuthorityKeyIdentifier(writer, KeyIdentifiers.SubjectKeyId(sha, issuerAlgorithm, issuerPublicKey));
                    if (!subject.Ueid.IsEmpty)
                    {
                        CertificateExtensions.WriteUeid(writer, subject.Ueid.Span);
                    }

                    if (subject.TcbInfo is not null)
                    {
                        CertificateExtensions.WriteTcbInfo(writer, subject.TcbInfo);
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>Builds the TBS and signs it with <paramref name="issuer"/>: a complete DER certificate.</summary>
    public static byte[] Issue(IShaEngine sha, CertificateSubject subject, ReadOnlySpan<byte> issuerName, IDiceSigner issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var tbs = BuildTbs(sha, subject, issuer.Algorithm, issuerName, issuer.PublicKey);
        return Assemble(tbs, issuer);
    }

    /// <summary>Signs a TBS (certificate or CSR info) and wraps it with the algorithm and signature.</summary>
    public static byte[] Assemble(ReadOnlySpan<byte> tbs, IDiceSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var signature = SignatureEncoding.SignToBitString(signer, tbs);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            SignatureEncoding.WriteAlgorithmIdentifier(writer, signer.Algorithm);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }
}
