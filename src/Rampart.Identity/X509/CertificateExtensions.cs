using System.Formats.Asn1;

namespace Rampart.Identity.X509;

/// <summary>
/// The X.509 v3 extensions DICE certificates and CSRs carry (RFC 5280 §4.2), each written as
/// <c>Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }</c>.
/// </summary>
public static class CertificateExtensions
{
    /// <summary>KeyUsage digitalSignature (bit 0) as a DER named bit list: 07 80.</summary>
    private const byte DigitalSignatureBits = 0x80;

    /// <summary>KeyUsage keyCertSign (bit 5) as a DER named bit list: 02 04.</summary>
    private const byte KeyCertSignBits = 0x04;

    /// <summary>
    /// Whether the DiceTcbInfo extension is marked critical. TCG says it SHOULD be; Rampart does not
    /// (nor does Caliptra's DPE), because OpenSSL and Mbed TLS (and so libspdm) refuse a chain with a
    /// critical extension they do not know (decision 0273). Rampart's own verifier understands it either way.
    /// </summary>
    public const bool TcbInfoCritical = false;

    /// <summary>Writes one extension with an already-encoded value.</summary>
    public static void Write(AsnWriter writer, string oid, bool critical, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (critical)
            {
                writer.WriteBoolean(true);
            }

            writer.WriteOctetString(value);
        }
    }

    /// <summary>basicConstraints (RFC 5280 §4.2.1.9), critical: <c>SEQUENCE { cA BOOLEAN DEFAULT FALSE }</c>.</summary>
    public static void WriteBasicConstraints(AsnWriter writer, bool isCa)
    {
        var value = new AsnWriter(AsnEncodingRules.DER);
        using (value.PushSequence())
        {
            if (isCa)
            {
                value.WriteBoolean(true);
            }
        }

        Write(writer, X509Oids.BasicConstraints, true, value.Encode());
    }

    /// <summary>keyUsage (RFC 5280 §4.2.1.3), critical: keyCertSign for a CA, digitalSignature otherwise.</summary>
    public static void WriteKeyUsage(AsnWriter writer, bool isCa)
    {
        var value = new AsnWriter(AsnEncodingRules.DER);
        if (isCa)
        {
            value.WriteBitString([KeyCertSignBits], 2);
        }
        else
        {
            value.WriteBitString([DigitalSignatureBits], 7);
        }

        Write(writer, X509Oids.KeyUsage, true, value.Encode());
    }

    /// <summary>subjectKeyIdentifier (RFC 5280 §4.2.1.2): <c>KeyIdentifier ::= OCTET STRING</c>.</summary>
    public static void WriteSubjectKeyIdentifier(AsnWriter writer, ReadOnlySpan<byte> keyId)
    {
        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(keyId);
        Write(writer, X509Oids.SubjectKeyIdentifier, false, value.Encode());
    }

    /// <summary>authorityKeyIdentifier (RFC 5280 §4.2.1.1): <c>SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING }</c>.</summary>
    public static void WriteAuthorityKeyIdentifier(AsnWriter writer, ReadOnlySpan<byte> keyId)
    {
        var value = new AsnWriter(AsnEncodingRules.DER);
        using (value.PushSequence())
        {
            value.WriteOctetString(keyId, new Asn1Tag(TagClass.ContextSpecific, 0));
        }

        Write(writer, X509Oids.AuthorityKeyIdentifier, false, value.Encode());
    }

    /// <summary>tcg-dice-Ueid, not critical.</summary>
    public static void WriteUeid(AsnWriter writer, ReadOnlySpan<byte> ueid) =>
        Write(writer, X509Oids.TcgUeid, false, TcgUeid.Encode(ueid));

    /// <summary>tcg-dice-TcbInfo, not critical (<see cref="TcbInfoCritical"/>).</summary>
    public static void WriteTcbInfo(AsnWriter writer, DiceTcbInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Write(writer, X509Oids.DiceTcbInfo, TcbInfoCritical, info.Encode());
    }
}
