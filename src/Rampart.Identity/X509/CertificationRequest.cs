using System.Formats.Asn1;
using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;
using Rampart.Wire;

namespace Rampart.Identity.X509;

/// <summary>
/// The PKCS#10 certification request (RFC 2986 §4) the IDevID layer emits for the manufacturer
/// CA, ECC or ML-DSA-87: the subject name, the key, and an extensionRequest attribute
/// (RFC 2985 §5.4.2) carrying basicConstraints (CA), keyUsage (keyCertSign) and the UEID.
/// </summary>
/// <remarks>
/// <code>
/// CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
/// CertificationRequestInfo ::= SEQUENCE {
///   version INTEGER 0, subject Name, subjectPKInfo SubjectPublicKeyInfo,
///   attributes [0] IMPLICIT SET OF SEQUENCE { extensionRequest, SET { Extensions } } }
/// </code>
/// </remarks>
public sealed class CertificationRequest
{
    private static Asn1Tag AttributesTag => new(TagClass.ContextSpecific, 0, true);

    private CertificationRequest()
    {
    }

    /// <summary>The DER subject Name.</summary>
    public ReadOnlyMemory<byte> Subject { get; private set; }

    /// <summary>The key's algorithm.</summary>
    public DiceKeyAlgorithm KeyAlgorithm { get; private set; }

    /// <summary>The raw public key.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; private set; }

    /// <summary>The requested UEID, empty when absent.</summary>
    public ReadOnlyMemory<byte> Ueid { get; private set; }

    /// <summary>True when the request asks for a CA certificate.</summary>
    public bool RequestsCa { get; private set; }

    /// <summary>The DER CertificationRequestInfo: the signed bytes.</summary>
    public ReadOnlyMemory<byte> Info { get; private set; }

    /// <summary>The signature algorithm OID.</summary>
    public string SignatureOid { get; private set; } = "";

    /// <summary>The signature BIT STRING contents.</summary>
    public ReadOnlyMemory<byte> SignatureValue { get; private set; }

    /// <summary>Builds and signs a CSR for <paramref name="signer"/>'s key (self-signed, proof of possession).</summary>
    public static byte[] Create(IDiceSigner signer, ReadOnlySpan<byte> subjectName, ReadOnlySpan<byte> ueid)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            writer.WriteEncodedValue(subjectName);
            SubjectPublicKeyInfo.Write(writer, signer.Algorithm, signer.PublicKey);
            using (writer.PushSetOf(AttributesTag))
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(X509Oids.ExtensionRequest);
                    using (writer.PushSetOf())
                    {
                        using (writer.PushSequence())
                        {
                            CertificateExtensions.WriteBasicConstraints(writer, isCa: true);
                            CertificateExtensions.WriteKeyUsage(writer, isCa: true);
                            if (!ueid.IsEmpty)
                            {
                                CertificateExtensions.WriteUeid(writer, ueid);
                            }
                        }
                    }
                }
            }
        }

        return CertificateTemplate.Assemble(writer.Encode(), signer);
    }

    /// <summary>Parses a DER CSR. Never throws on bad bytes; <paramref name="request"/> is null unless Done.</summary>
    public static WireStatus TryParse(ReadOnlyMemory<byte> der, out CertificationRequest? request)
    {
        request = null;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var csr = outer.ReadSequence();
            if (outer.HasData)
            {
                return WireStatus.Invalid;
            }

            var parsed = new CertificationRequest { Info = csr.ReadEncodedValue() };
            var algorithm = csr.ReadSequence();
            parsed.SignatureOid = algorithm.ReadObjectIdentifier();
            if (algorithm.HasData || !csr.TryReadPrimitiveBitString(out var unused, out var signature) || unused != 0 || csr.HasData)
            {
                return WireStatus.Invalid;
            }

            parsed.SignatureValue = signature;
            var info = new AsnReader(parsed.Info, AsnEncodingRules.DER).ReadSequence();
            if (!info.TryReadInt32(out var version) || version != 0)
            {
                return WireStatus.Unsupported;
            }

            parsed.Subject = info.ReadEncodedValue();
            var status = SubjectPublicKeyInfo.TryRead(info.ReadEncodedValue(), out var keyAlgorithm, out var publicKey);
            if (status != WireStatus.Done)
            {
                return status;
            }

            parsed.KeyAlgorithm = keyAlgorithm;
            parsed.PublicKey = publicKey;
            var attributes = info.ReadSetOf(AttributesTag);
            while (attributes.HasData)
            {
                var attribute = attributes.ReadSequence();
                if (attribute.ReadObjectIdentifier() != X509Oids.ExtensionRequest)
                {
                    continue;
                }

                var values = attribute.ReadSetOf();
                var extensions = values.ReadSequence();
                while (extensions.HasData)
                {
                    var extension = extensions.ReadSequence();
                    var oid = extension.ReadObjectIdentifier();
                    if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                    {
                        extension.ReadBoolean();
                    }

                    var value = extension.ReadOctetString();
                    if (oid == X509Oids.TcgUeid)
                    {
                        if (TcgUeid.TryDecode(value, out var ueid) != WireStatus.Done)
                        {
                            return WireStatus.Invalid;
                        }

                        parsed.Ueid = ueid;
                    }
                    else if (oid == X509Oids.BasicConstraints)
                    {
                        var constraints = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
                        parsed.RequestsCa = constraints.HasData && constraints.ReadBoolean();
                    }
                }
            }

            if (info.HasData)
            {
                return WireStatus.Invalid;
            }

            request = parsed;
            return WireStatus.Done;
        }
        catch (AsnContentException)
        {
            return WireStatus.Invalid;
        }
    }

    /// <summary>Checks the proof of possession: the request's signature under its own key, through the Hal engines.</summary>
    public Verdict VerifySignature(ICryptoEngines engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        if (!SignatureEncoding.TryFromOid(SignatureOid, out var algorithm) || algorithm != KeyAlgorithm)
        {
            return Verdict.Invalid;
        }

        var raw = new byte[algorithm.SignatureSize()];
        if (SignatureEncoding.TryDecode(algorithm, SignatureValue, raw) != WireStatus.Done)
        {
            return Verdict.Invalid;
        }

        return SignatureEncoding.Verify(engines, algorithm, PublicKey.Span, Info.Span, raw);
    }
}
