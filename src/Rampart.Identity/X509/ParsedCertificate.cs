using System.Formats.Asn1;
using Rampart.Identity.Dice;
using Rampart.Wire;

namespace Rampart.Identity.X509;

/// <summary>
/// The fields of an X.509 v3 certificate (RFC 5280 §4.1) a DICE chain verifier needs, read with
/// <see cref="AsnReader"/> (no platform X.509 stack, so it also runs in firmware). Every
/// byte field is a slice of <see cref="Encoded"/>.
/// </summary>
public sealed class ParsedCertificate
{
    private static Asn1Tag ExplicitVersion => new(TagClass.ContextSpecific, 0, true);
    private static Asn1Tag ExplicitExtensions => new(TagClass.ContextSpecific, 3, true);
    private static Asn1Tag IssuerUniqueId => new(TagClass.ContextSpecific, 1);
    private static Asn1Tag SubjectUniqueId => new(TagClass.ContextSpecific, 2);

    private ParsedCertificate()
    {
    }

    /// <summary>The whole DER certificate.</summary>
    public ReadOnlyMemory<byte> Encoded { get; private set; }

    /// <summary>The DER TBSCertificate: the signed bytes.</summary>
    public ReadOnlyMemory<byte> Tbs { get; private set; }

    /// <summary>The certificate's signatureAlgorithm OID (outside the TBS).</summary>
    public string OuterSignatureOid { get; private set; } = "";

    /// <summary>The TBS's signature OID; RFC 5280 §4.1.1.2 requires it to equal the outer one.</summary>
    public string InnerSignatureOid { get; private set; } = "";

    /// <summary>The signatureValue BIT STRING contents.</summary>
    public ReadOnlyMemory<byte> SignatureValue { get; private set; }

    /// <summary>The serialNumber INTEGER contents.</summary>
    public ReadOnlyMemory<byte> SerialNumber { get; private set; }

    /// <summary>The DER issuer Name.</summary>
    public ReadOnlyMemory<byte> Issuer { get; private set; }

    /// <summary>The DER subject Name.</summary>
    public ReadOnlyMemory<byte> Subject { get; private set; }

    /// <summary>Start of validity.</summary>
    public DateTimeOffset NotBefore { get; private set; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset NotAfter { get; private set; }

    /// <summary>The subject key's algorithm.</summary>
    public DiceKeyAlgorithm KeyAlgorithm { get; private set; }

    /// <summary>The subject's raw public key (x||y for ECC).</summary>
    public ReadOnlyMemory<byte> PublicKey { get; private set; }

    /// <summary>True when basicConstraints is present with cA TRUE.</summary>
    public bool IsCa { get; private set; }

    /// <summary>basicConstraints pathLenConstraint, when present.</summary>
    public int? PathLength { get; private set; }

    /// <summary>True when a keyUsage extension is present.</summary>
    public bool HasKeyUsage { get; private set; }

    /// <summary>keyUsage keyCertSign (bit 5).</summary>
    public bool KeyCertSign { get; private set; }

    /// <summary>keyUsage digitalSignature (bit 0).</summary>
    public bool DigitalSignature { get; private set; }

    /// <summary>The subjectKeyIdentifier, empty when absent.</summary>
    public ReadOnlyMemory<byte> SubjectKeyId { get; private set; }

    /// <summary>The authorityKeyIdentifier keyIdentifier, empty when absent.</summary>
    public ReadOnlyMemory<byte> AuthorityKeyId { get; private set; }

    /// <summary>
    /// The extKeyUsage KeyPurposeIds (RFC 5280 §4.2.1.12), empty when the extension is absent.
    /// Parsed, so a critical one is understood; what a purpose allows is the caller's policy.
    /// </summary>
    public IReadOnlyList<string> ExtendedKeyUsages { get; private set; } = [];

    /// <summary>The DiceTcbInfo extension, when present.</summary>
    public DiceTcbInfo? TcbInfo { get; private set; }

    /// <summary>The Ueid extension's value, empty when absent.</summary>
    public ReadOnlyMemory<byte> Ueid { get; private set; }

    /// <summary>The OID of the first critical extension this parser does not know, or null.</summary>
    public string? UnknownCriticalExtension { get; private set; }

    /// <summary>
    /// Parses a DER certificate. <see cref="WireStatus.Unsupported"/> for a key algorithm other
    /// than P-384 or ML-DSA-87, <see cref="WireStatus.Invalid"/> for anything malformed;
    /// <paramref name="certificate"/> is null unless <see cref="WireStatus.Done"/>. Never throws on bad bytes.
    /// </summary>
    public static WireStatus TryParse(ReadOnlyMemory<byte> der, out ParsedCertificate? certificate)
    {
        certificate = null;
        try
        {
            var parsed = new ParsedCertificate { Encoded = der };
            var status = parsed.Read(der);
            if (status == WireStatus.Done)
            {
                certificate = parsed;
            }

            return status;
        }
        catch (AsnContentException)
        {
            return WireStatus.Invalid;
        }
    }

    private WireStatus Read(ReadOnlyMemory<byte> der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certificate = outer.ReadSequence();
        if (outer.HasData)
        {
            return WireStatus.Invalid;
        }

        Tbs = certificate.ReadEncodedValue();
        OuterSignatureOid = ReadAlgorithmOid(certificate);
        if (!certificate.TryReadPrimitiveBitString(out var unused, out var signature) || unused != 0 || certificate.HasData)
        {
            return WireStatus.Invalid;
        }

        SignatureValue = signature;

        var tbs = new AsnReader(Tbs, AsnEncodingRules.DER).ReadSequence();
        var version = tbs.ReadSequence(ExplicitVersion);
        if (!version.TryReadInt32(out var v) || v != 2 || version.HasData)
        {
            return WireStatus.Unsupported;
        }

        SerialNumber = tbs.ReadIntegerBytes();
        InnerSignatureOid = ReadAlgorithmOid(tbs);
        Issuer = ReadName(tbs);
        var validity = tbs.ReadSequence();
        NotBefore = ReadTime(validity);
        NotAfter = ReadTime(validity);
        if (validity.HasData)
        {
            return WireStatus.Invalid;
        }

        Subject = ReadName(tbs);
        var spkiStatus = SubjectPublicKeyInfo.TryRead(tbs.ReadEncodedValue(), out var keyAlgorithm, out var publicKey);
        if (spkiStatus != WireStatus.Done)
        {
            return spkiStatus;
        }

        KeyAlgorithm = keyAlgorithm;
        PublicKey = publicKey;
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(IssuerUniqueId))
        {
            tbs.ReadEncodedValue();
        }

        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(SubjectUniqueId))
        {
            tbs.ReadEncodedValue();
        }

        if (tbs.HasData)
        {
            var wrapper = tbs.ReadSequence(ExplicitExtensions);
            var extensions = wrapper.ReadSequence();
            if (wrapper.HasData || !extensions.HasData)
            {
                return WireStatus.Invalid;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (extensions.HasData)
            {
                var status = ReadExtension(extensions.ReadSequence(), seen);
                if (status != WireStatus.Done)
                {
                    return status;
                }
            }
        }

        return tbs.HasData ? WireStatus.Invalid : WireStatus.Done;
    }

    private WireStatus ReadExtension(AsnReader extension, HashSet<string> seen)
    {
        var oid = extension.ReadObjectIdentifier();
        var critical = false;
        if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            critical = extension.ReadBoolean();
            if (!critical)
            {
                return WireStatus.Invalid;
            }
        }

        if (!extension.TryReadPrimitiveOctetString(out var value) || extension.HasData || !seen.Add(oid))
        {
            return WireStatus.Invalid;
        }

        switch (oid)
        {
            case X509Oids.BasicConstraints:
            {
                var sequence = ReadWhole(value).ReadSequence();
                if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    IsCa = sequence.ReadBoolean();
                    if (!IsCa)
                    {
                        return WireStatus.Invalid;
                    }
                }

                if (sequence.HasData)
                {
                    if (!sequence.TryReadInt32(out var pathLength) || pathLength < 0)
                    {
                        return WireStatus.Invalid;
                    }

                    PathLength = pathLength;
                }

                return sequence.HasData ? WireStatus.Invalid : WireStatus.Done;
            }

            case X509Oids.KeyUsage:
            {
                var bits = ReadWhole(value).ReadBitString(out _);
                HasKeyUsage = true;
                DigitalSignature = bits.Length > 0 && (bits[0] & 0x80) != 0;
                KeyCertSign = bits.Length > 0 && (bits[0] & 0x04) != 0;
                return WireStatus.Done;
            }

            case X509Oids.SubjectKeyIdentifier:
                SubjectKeyId = ReadWholeOctetString(value);
                return SubjectKeyId.IsEmpty ? WireStatus.Invalid : WireStatus.Done;

            case X509Oids.AuthorityKeyIdentifier:
            {
                var sequence = ReadWhole(value).ReadSequence();
                var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
                if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(keyIdTag))
                {
                    if (!sequence.TryReadPrimitiveOctetString(out var keyId, keyIdTag))
                    {
                        return WireStatus.Invalid;
                    }

                    AuthorityKeyId = keyId;
                }

                return WireStatus.Done;
            }

            case X509Oids.ExtendedKeyUsage:
            {
                // ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (an OID).
                var sequence = ReadWhole(value).ReadSequence();
                var purposes = new List<string>();
                while (sequence.HasData)
                {
                    purposes.Add(sequence.ReadObjectIdentifier());
                }

                ExtendedKeyUsages = purposes;
                return purposes.Count == 0 ? WireStatus.Invalid : WireStatus.Done;
            }

            case X509Oids.DiceTcbInfo:
            {
                var status = DiceTcbInfo.TryDecode(value, out var info);
                TcbInfo = info;
                return status;
            }

            case X509Oids.TcgUeid:
            {
                var status = TcgUeid.TryDecode(value, out var ueid);
                Ueid = ueid;
                return status;
            }

            default:
                if (critical && UnknownCriticalExtension is null)
                {
                    UnknownCriticalExtension = oid;
                }

                return WireStatus.Done;
        }
    }

    private static AsnReader ReadWhole(ReadOnlyMemory<byte> value)
    {
        var reader = new AsnReader(value, AsnEncodingRules.DER);
        var inner = new AsnReader(reader.ReadEncodedValue(), AsnEncodingRules.DER);
        if (reader.HasData)
        {
            throw new AsnContentException("trailing bytes after an extension value");
        }

        return inner;
    }

    private static ReadOnlyMemory<byte> ReadWholeOctetString(ReadOnlyMemory<byte> value)
    {
        var reader = ReadWhole(value);
        return reader.TryReadPrimitiveOctetString(out var contents) ? contents : ReadOnlyMemory<byte>.Empty;
    }

    private static string ReadAlgorithmOid(AsnReader reader)
    {
        var algorithm = reader.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            throw new AsnContentException("signature algorithm parameters are absent for ECDSA and ML-DSA");
        }

        return oid;
    }

    private static ReadOnlyMemory<byte> ReadName(AsnReader reader)
    {
        var name = reader.ReadEncodedValue();
        var check = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
        while (check.HasData)
        {
            var set = check.ReadSetOf();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                attribute.ReadObjectIdentifier();
                attribute.ReadEncodedValue();
                if (attribute.HasData)
                {
                    throw new AsnContentException("an attribute is a type and a value");
                }
            }
        }

        return name;
    }

    private static DateTimeOffset ReadTime(AsnReader validity) =>
        validity.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime)
            ? validity.ReadUtcTime()
            : validity.ReadGeneralizedTime();
}
