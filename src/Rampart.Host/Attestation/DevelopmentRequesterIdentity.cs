using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Host.ChipState;
using Rampart.Identity.Dice;
using Rampart.Identity.X509;
using Rampart.Protocols.Spdm;

namespace Rampart.Host.Attestation;

/// <summary>
/// A development SPDM requester identity for mutual authentication (decision 0277): an ECC P-384
/// root and a leaf key derived from the development seed (<see cref="DevelopmentSecrets"/>), a
/// self-signed root and a leaf it issues, both named "NOT FOR PRODUCTION". The same seed gives
/// the same keys, certificates and chain. The device is provisioned with <see cref="Trust"/>; the
/// BMC answers with <see cref="Identity"/>.
/// </summary>
public sealed class DevelopmentRequesterIdentity : IDisposable
{
    private readonly SoftwareDiceSigner _root;
    private readonly SoftwareDiceSigner _leaf;

    private DevelopmentRequesterIdentity(ICryptoEngines engines, SoftwareDiceSigner root, SoftwareDiceSigner leaf)
    {
        _root = root;
        _leaf = leaf;
        var rootName = DiceName.Encode("Rampart Development SPDM Requester CA", KeyIdentifiers.SubjectSerialNumber(engines.Sha, root.Algorithm, root.PublicKey), DevelopmentOrganization);
        var leafName = DiceName.Encode("Rampart Development SPDM Requester", KeyIdentifiers.SubjectSerialNumber(engines.Sha, leaf.Algorithm, leaf.PublicKey), DevelopmentOrganization);
        RootCertificate = CertificateTemplate.Issue(engines.Sha, new CertificateSubject(root.Algorithm, root.PublicKey.ToArray(), rootName, IsCa: true, TcbInfo: null, default), rootName, root);
        LeafCertificate = CertificateTemplate.Issue(engines.Sha, new CertificateSubject(leaf.Algorithm, leaf.PublicKey.ToArray(), leafName, IsCa: false, TcbInfo: null, default), rootName, root);
        Span<byte> rootHash = stackalloc byte[48];
        engines.Sha.Hash(ShaAlgorithm.Sha384, RootCertificate, rootHash);
        CertificateChain = SpdmCertificateChain.Build([RootCertificate, LeafCertificate], rootHash);
        Trust = new SpdmRequesterTrust { CertificateChain = CertificateChain, PublicKey = leaf.PublicKey.ToArray(), SlotId = 0 };
        Identity = new SpdmRequesterIdentity { CertificateChain = CertificateChain, SlotId = 0, SignAsync = SignAsync };
    }

    /// <summary>The organization both names carry.</summary>
    public const string DevelopmentOrganization = "Rampart development (NOT FOR PRODUCTION)";

    /// <summary>The self-signed root (DER).</summary>
    public byte[] RootCertificate { get; }

    /// <summary>The leaf the root issued (DER), whose key signs FINISH.</summary>
    public byte[] LeafCertificate { get; }

    /// <summary>Root and leaf in the SPDM certificate-chain format (DSP0274 Table 24).</summary>
    public byte[] CertificateChain { get; }

    /// <summary>What the device is provisioned with (slot 0).</summary>
    public SpdmRequesterTrust Trust { get; }

    /// <summary>What the requester answers with (slot 0, signed by the leaf key).</summary>
    public SpdmRequesterIdentity Identity { get; }

    /// <summary>The requester-trust record to provision (<see cref="SpdmRequesterTrustRecord"/>).</summary>
    public byte[] TrustRecord() => SpdmRequesterTrustRecord.Encode(Trust);

    /// <summary>Derives the identity of the development seed <paramref name="secrets"/> came from.</summary>
    public static DevelopmentRequesterIdentity FromSeed(ICryptoEngines engines, DevelopmentSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(secrets);
        var rootSeed = secrets.SpdmRequesterKeySeed("root");
        var leafSeed = secrets.SpdmRequesterKeySeed("leaf");
        try
        {
            return new DevelopmentRequesterIdentity(
                engines,
                SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, rootSeed),
                SoftwareDiceSigner.FromSeed(engines, DiceKeyAlgorithm.EccP384, leafSeed));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rootSeed);
            CryptographicOperations.ZeroMemory(leafSeed);
        }
    }

    /// <summary>Zeroes the private keys.</summary>
    public void Dispose()
    {
        _root.Dispose();
        _leaf.Dispose();
    }

    private ValueTask SignAsync(ReadOnlyMemory<byte> message, Memory<byte> signature)
    {
        _leaf.Sign(message.Span, signature.Span);
        return ValueTask.CompletedTask;
    }
}
