using System.Security.Cryptography;
using System.Text;
using Rampart.Hal.Boot;
using Rampart.Hal.Crypto;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;

namespace Rampart.Chip.Boot;

/// <summary>
/// The manufacturer's step for a named chip whose fuses were provisioned without provisioning
/// data (<c>rampart fuses provision</c>): the development CA of the seed issues the IDevID
/// certificates from the IDevID CSR of the chip with these fused secrets (the fuse programmer
/// reads them; firmware never does), as <see cref="DevelopmentChip.Provision"/> does for a fresh chip.
/// </summary>
public static class NamedChipIdentity
{
    /// <summary>
    /// The provisioning region for a chip with <paramref name="udsSeed"/> and <paramref name="fieldEntropy"/>
    /// fused (both cleared after use); <paramref name="fusedUeid"/> is its UEID fuse (all zero: the key-derived UEID).
    /// </summary>
    public static byte[] Issue(ICryptoEngines engines, string seed, byte[] udsSeed, byte[] fieldEntropy, ReadOnlyMemory<byte> fusedUeid, bool production)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentException.ThrowIfNullOrEmpty(seed);
        ArgumentNullException.ThrowIfNull(udsSeed);
        ArgumentNullException.ThrowIfNull(fieldEntropy);
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, Encoding.UTF8.GetBytes(seed));
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        using var source = new SoftwareDiceKeySource(engines);
        var inputs = new DiceChainInputs(fusedUeid, DebugUnlocked: false, production, null, null);
        var (ecc, mlDsa) = DiceChainBuilder.Build(engines, source, source.Import(udsSeed), source.Import(fieldEntropy), ca, inputs);
        var table = new HandoffTable()
            .Set(HandoffTags.CaEccCert, ecc.Certificates[0])
            .Set(HandoffTags.IdevIdEccCert, ecc.Certificates[1])
            .Set(HandoffTags.CaMlDsaCert, mlDsa.Certificates[0])
            .Set(HandoffTags.IdevIdMlDsaCert, mlDsa.Certificates[1])
            .ToArray();
        CryptographicOperations.ZeroMemory(udsSeed);
        CryptographicOperations.ZeroMemory(fieldEntropy);
        return NamedChipFiles.EncodeProvisioning(table);
    }
}
