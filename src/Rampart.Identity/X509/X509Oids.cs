namespace Rampart.Identity.X509;

/// <summary>The object identifiers the DICE certificates, CSRs and their verifier use.</summary>
public static class X509Oids
{
    /// <summary>id-ecPublicKey (RFC 5480 §2.1.1).</summary>
    public const string EcPublicKey = "1.2.840.10045.2.1";

    /// <summary>secp384r1 (RFC 5480 §2.1.1.1).</summary>
    public const string Secp384r1 = "1.3.132.0.34";

    /// <summary>ecdsa-with-SHA384 (RFC 5758 §3.2).</summary>
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";

    /// <summary>id-ml-dsa-87 (NIST CSOR, RFC 9881 §2): both the key and the signature algorithm.</summary>
    public const string MlDsa87 = "2.16.840.1.101.3.4.3.19";

    /// <summary>id-sha384 (RFC 5754 §2.3), the hash of DiceTcbInfo fwids.</summary>
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";

    /// <summary>id-at-commonName (X.520).</summary>
    public const string CommonName = "2.5.4.3";

    /// <summary>id-at-serialNumber (X.520).</summary>
    public const string SerialNumber = "2.5.4.5";

    /// <summary>id-at-organizationName (X.520).</summary>
    public const string Organization = "2.5.4.10";

    /// <summary>id-at-organizationalUnitName (X.520).</summary>
    public const string OrganizationalUnit = "2.5.4.11";

    /// <summary>id-ce-subjectKeyIdentifier (RFC 5280 §4.2.1.2).</summary>
    public const string SubjectKeyIdentifier = "2.5.29.14";

    /// <summary>id-ce-keyUsage (RFC 5280 §4.2.1.3).</summary>
    public const string KeyUsage = "2.5.29.15";

    /// <summary>id-ce-basicConstraints (RFC 5280 §4.2.1.9).</summary>
    public const string BasicConstraints = "2.5.29.19";

    /// <summary>id-ce-authorityKeyIdentifier (RFC 5280 §4.2.1.1).</summary>
    public const string AuthorityKeyIdentifier = "2.5.29.35";

    /// <summary>id-ce-extKeyUsage (RFC 5280 §4.2.1.12).</summary>
    public const string ExtendedKeyUsage = "2.5.29.37";

    /// <summary>id-DMTF-eku-responder-auth (DSP0274): the key authenticates an SPDM responder.</summary>
    public const string DmtfEkuResponderAuth = "1.3.6.1.4.1.412.274.3";

    /// <summary>id-DMTF-eku-requester-auth (DSP0274): the key authenticates an SPDM requester.</summary>
    public const string DmtfEkuRequesterAuth = "1.3.6.1.4.1.412.274.4";

    /// <summary>tcg-dice-TcbInfo (TCG DICE Attestation Architecture §6.1.1).</summary>
    public const string DiceTcbInfo = "2.23.133.5.4.1";

    /// <summary>tcg-dice-Ueid (TCG DICE Attestation Architecture §6.1.2).</summary>
    public const string TcgUeid = "2.23.133.5.4.4";

    /// <summary>pkcs-9-at-extensionRequest (RFC 2985 §5.4.2).</summary>
    public const string ExtensionRequest = "1.2.840.113549.1.9.14";
}
