using System.Security.Cryptography;
using System.Text;
using Rampart.Hal.Crypto;
using Rampart.Images.Signing;

namespace Rampart.Chip.Boot;

/// <summary>
/// Throw-away development signing keys made from the boot seed (ARCHITECTURE.md §2: the default
/// boot makes its own keys; throw-away keys use ML-DSA, never stateful LMS). They are marked as
/// development keys wherever they are shown.
/// </summary>
public sealed class DevelopmentKeys
{
    private DevelopmentKeys(HybridSigningKeys vendor, HybridSigningKeys owner)
    {
        Vendor = vendor;
        Owner = owner;
    }

    /// <summary>The vendor key pair (ECC P-384 + ML-DSA-87).</summary>
    public HybridSigningKeys Vendor { get; }

    /// <summary>The owner key pair.</summary>
    public HybridSigningKeys Owner { get; }

    /// <summary>Development keys loaded from elsewhere (a named chip's key directory, or one from <c>rampart keys generate</c>).</summary>
    public static DevelopmentKeys FromSigners(HybridSigningKeys vendor, HybridSigningKeys owner)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        ArgumentNullException.ThrowIfNull(owner);
        return new DevelopmentKeys(vendor, owner);
    }

    /// <summary>The same seed gives the same keys.</summary>
    public static DevelopmentKeys FromSeed(ICryptoEngines engines, string seed)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentException.ThrowIfNullOrEmpty(seed);
        var prk = HKDF.Extract(HashAlgorithmName.SHA384, Encoding.UTF8.GetBytes(seed), "rampart development signing keys"u8.ToArray());
        byte[] Derive(string label, int length) => HKDF.Expand(HashAlgorithmName.SHA384, prk, length, Encoding.UTF8.GetBytes(label));
        var vendor = new HybridSigningKeys(EccSigner.FromSeed(engines.Ecc, Derive("vendor ecc", 64)), MlDsaSigner.FromSeed(engines.MlDsa, Derive("vendor mldsa", 32)));
        var owner = new HybridSigningKeys(EccSigner.FromSeed(engines.Ecc, Derive("owner ecc", 64)), MlDsaSigner.FromSeed(engines.MlDsa, Derive("owner mldsa", 32)));
        CryptographicOperations.ZeroMemory(prk);
        return new DevelopmentKeys(vendor, owner);
    }
}
