using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;
using Rampart.Identity.X509;
using Rampart.Wire;

namespace Rampart.Identity.Manufacturing;

/// <summary>Why the manufacturer CA refused to certify an IDevID CSR.</summary>
public enum CsrRefusal
{
    /// <summary>Not refused: the certificate was issued.</summary>
    None = 0x01,

    /// <summary>The CSR is not well-formed PKCS#10 (RFC 2986).</summary>
    Malformed = 0x10,

    /// <summary>The CSR's key algorithm is not the one this CA signs with (chains keep one algorithm).</summary>
    AlgorithmMismatch = 0x11,

    /// <summary>The CSR's self-signature does not verify (no proof of possession).</summary>
    BadSignature = 0x12,

    /// <summary>The CSR does not ask for a CA certificate, but the IDevID certifies the LDevID.</summary>
    NotCaRequest = 0x13,
}

/// <summary>
/// A development manufacturer CA: ECC P-384 and ML-DSA-87 root keys derived deterministically
/// from a seed, self-signed roots whose names say "development, not for production", and the
/// provisioning step that turns the IDevID CSR into the IDevID certificate.
/// </summary>
public sealed class DevelopmentManufacturerCa : IDisposable
{
    /// <summary>The organization every development CA name carries.</summary>
    public const string Organization = "Rampart development (NOT FOR PRODUCTION)";

    private readonly ICryptoEngines _engines;
    private readonly SoftwareDiceSigner _ecc;
    private readonly SoftwareDiceSigner _mlDsa;
    private readonly byte[] _eccName;
    private readonly byte[] _mlDsaName;

    private DevelopmentManufacturerCa(ICryptoEngines engines, SoftwareDiceSigner ecc, SoftwareDiceSigner mlDsa)
    {
        _engines = engines;
        _ecc = ecc;
        _mlDsa = mlDsa;
        _eccName = NameFor(engines.Sha, ecc);
        _mlDsaName = NameFor(engines.Sha, mlDsa);
        EccCertificate = SelfSign(ecc, _eccName);
        MlDsaCertificate = SelfSign(mlDsa, _mlDsaName);
    }

    /// <summary>The self-signed ECC P-384 root certificate (DER).</summary>
    public byte[] EccCertificate { get; }

    /// <summary>The self-signed ML-DSA-87 root certificate (DER).</summary>
    public byte[] MlDsaCertificate { get; }

    /// <summary>The root certificate of <paramref name="algorithm"/>.</summary>
    public byte[] CertificateFor(DiceKeyAlgorithm algorithm) => algorithm == DiceKeyAlgorithm.EccP384 ? EccCertificate : MlDsaCertificate;

    /// <summary>Derives the CA's keys from <paramref name="seed"/> (HMAC-512 KDF with the CA's labels) and makes its roots.</summary>
    public static DevelopmentManufacturerCa FromSeed(ICryptoEngines engines, ReadOnlySpan<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(engines);
        if (seed.IsEmpty)
        {
            throw new ArgumentException("the CA seed is not empty", nameof(seed));
        }

        Span<byte> keySeed = stackalloc byte[64];
        engines.Kdf.CaliptraHmacKdf(seed, "rampart_dev_mfg_ca_ecc_key"u8, [], keySeed);
        var ecc = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, keySeed);
        engines.Kdf.CaliptraHmacKdf(seed, "rampart_dev_mfg_ca_mldsa_key"u8, [], keySeed);
        var mlDsa = SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.MlDsa87, keySeed);
        keySeed.Clear();
        return new DevelopmentManufacturerCa(engines, ecc, mlDsa);
    }

    /// <summary>
    /// Provisioning: checks the IDevID CSR (form, algorithm, proof of possession, CA request)
    /// and issues the IDevID certificate with the requested subject, key and UEID.
    /// </summary>
    public CsrRefusal TryIssueIdevId(ReadOnlyMemory<byte> csrDer, DiceKeyAlgorithm algorithm, out byte[]? certificate)
    {
        certificate = null;
        if (CertificationRequest.TryParse(csrDer, out var csr) != WireStatus.Done || csr is null)
        {
            return CsrRefusal.Malformed;
        }

        if (csr.KeyAlgorithm != algorithm)
        {
            return CsrRefusal.AlgorithmMismatch;
        }

        if (!csr.VerifySignature(_engines).IsValid())
        {
            return CsrRefusal.BadSignature;
        }

        if (!csr.RequestsCa)
        {
            return CsrRefusal.NotCaRequest;
        }

        var signer = algorithm == DiceKeyAlgorithm.EccP384 ? _ecc : _mlDsa;
        var subject = new CertificateSubject(algorithm, csr.PublicKey, csr.Subject, IsCa: true, TcbInfo: null, csr.Ueid);
        certificate = CertificateTemplate.Issue(_engines.Sha, subject, algorithm == DiceKeyAlgorithm.EccP384 ? _eccName : _mlDsaName, signer);
        return CsrRefusal.None;
    }

    /// <summary>Zeroes the CA's private keys.</summary>
    public void Dispose()
    {
        _ecc.Dispose();
        _mlDsa.Dispose();
    }

    private static byte[] NameFor(IShaEngine sha, IDiceSigner key) =>
        DiceName.Encode(
            $"Rampart Development Manufacturer CA {DiceCertificates.AlgorithmName(key.Algorithm)}",
            KeyIdentifiers.SubjectSerialNumber(sha, key.Algorithm, key.PublicKey),
            Organization);

    private byte[] SelfSign(IDiceSigner key, byte[] name)
    {
        var subject = new CertificateSubject(key.Algorithm, key.PublicKey.ToArray(), name, IsCa: true, TcbInfo: null, ReadOnlyMemory<byte>.Empty);
        return CertificateTemplate.Issue(_engines.Sha, subject, name, key);
    }
}
