using System.Buffers.Binary;
using System.Text;
using Rampart.Crypto;
using Rampart.Hal.Boot;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;
using Rampart.Images.Bundle;

namespace Rampart.Chip.Boot;

/// <summary>What provisioning a development chip produced.</summary>
/// <param name="Lifecycle">The lifecycle state reached.</param>
/// <param name="CaEccCertificate">The development manufacturer CA (ECC), the root a verifier trusts.</param>
/// <param name="CaMlDsaCertificate">The development manufacturer CA (ML-DSA).</param>
/// <param name="IdevIdEccCertificate">The IDevID certificate the CA issued from the chip's CSR.</param>
public sealed record ProvisionedChip(LifecycleState Lifecycle, byte[] CaEccCertificate, byte[] CaMlDsaCertificate, byte[] IdevIdEccCertificate);

/// <summary>
/// Manufactures a throw-away development chip as a fuse programmer and a manufacturer CA would:
/// burns the UDS, field entropy, UEID, lifecycle tokens and key hashes of the development keys, sets
/// the SVN fuses, walks the lifecycle to the target, and leaves the IDevID certificates the
/// development CA issued from the chip's own IDevID CSR in the provisioning region.
/// </summary>
public static class DevelopmentChip
{
    /// <summary>Provisions <paramref name="chip"/> (fresh fuses) for <paramref name="images"/>.</summary>
    public static ProvisionedChip Provision(VirtualChip chip, string seed, BootImages images, FuseSettings fuses)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(fuses);
        using var engines = new SoftwareCryptoEngines(Encoding.UTF8.GetBytes("rampart manufacturing " + seed));
        var secrets = new DevelopmentSecrets(seed);
        var vendorHash = new byte[FuseLayout.HashSize];
        var ownerHash = new byte[FuseLayout.HashSize];
        FirmwareBundleVerifier.TryComputeVendorPublicKeyHash(engines.Sha, images.Bundle, vendorHash);
        FirmwareBundleVerifier.TryComputeOwnerPublicKeyHash(engines.Sha, images.Bundle, ownerHash);
        var provisioning = new DevelopmentProvisioning(chip.Fuses, chip.Fuses.ReadRaw, chip.Lifecycle, engines, secrets);
        var failure = provisioning.Run(fuses.Lifecycle, vendorHash, ownerHash);
        if (failure is not null)
        {
            throw new ProvisioningException("development provisioning failed: " + failure);
        }

        Check(chip.Fuses.Program(FusePartition.VendorKeys, FuseLayout.VendorPqcTypeOffset, [(byte)images.Keys.Vendor.Pqc.KeyType]), "PQC key type");
        Check(chip.Fuses.BurnRuntimeSvn(fuses.RuntimeSvn), "runtime SVN");
        Check(chip.Fuses.BurnSocManifestSvn(fuses.ManifestSvn), "SoC manifest SVN");
        foreach (var (type, index) in fuses.RevokedKeys)
        {
            Check(chip.Fuses.RevokeKey(type, index), "key revocation");
        }

        if (fuses.AntiRollbackDisabled)
        {
            Check(chip.Fuses.Program(FusePartition.AntiRollback, 0, [1]), "anti-rollback disable");
        }

        // The manufacturer: the chip's IDevID CSR (with the UEID provisioning fused), signed by the development CA.
        var ueid = new byte[FuseLayout.UeidSize];
        Check(chip.Fuses.ReadUeid(ueid), "UEID");
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, Encoding.UTF8.GetBytes(seed));
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        using var source = new SoftwareDiceKeySource(engines);
        var inputs = new DiceChainInputs(ueid, DebugUnlocked: false, fuses.Lifecycle is LifecycleState.Production or LifecycleState.ProdEnd, null, null);
        var (ecc, mlDsa) = DiceChainBuilder.Build(engines, source, source.Import(secrets.UdsSeed()), source.Import(secrets.FieldEntropy()), ca, inputs);
        var table = new HandoffTable()
            .Set(HandoffTags.CaEccCert, ecc.Certificates[0])
            .Set(HandoffTags.IdevIdEccCert, ecc.Certificates[1])
            .Set(HandoffTags.CaMlDsaCert, mlDsa.Certificates[0])
            .Set(HandoffTags.IdevIdMlDsaCert, mlDsa.Certificates[1])
            .ToArray();
        var region = new byte[4 + table.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(region, (uint)table.Length);
        table.CopyTo(region, 4);
        chip.Provisioning.Load(0, region);
        return new ProvisionedChip(chip.Lifecycle.State, ecc.Certificates[0], mlDsa.Certificates[0], ecc.Certificates[1]);
    }

    private static void Check(FuseStatus status, string what)
    {
        if (status != FuseStatus.Ok)
        {
            throw new ProvisioningException($"burning the {what} fuse failed: {status}");
        }
    }
}

/// <summary>Fuse values a development chip is provisioned with (the CLI's fuse overrides).</summary>
public sealed record FuseSettings
{
    /// <summary>The lifecycle state to walk to.</summary>
    public LifecycleState Lifecycle { get; init; } = LifecycleState.Production;

    /// <summary>The minimum firmware SVN (one-hot fuse).</summary>
    public int RuntimeSvn { get; init; } = 1;

    /// <summary>The minimum SoC manifest SVN.</summary>
    public int ManifestSvn { get; init; } = 1;

    /// <summary>Vendor keys to revoke.</summary>
    public IReadOnlyList<(VendorKeyType Type, int Index)> RevokedKeys { get; init; } = [];

    /// <summary>Burn the anti-rollback disable fuse.</summary>
    public bool AntiRollbackDisabled { get; init; }
}

/// <summary>The fuse programmer or the lifecycle controller refused a provisioning step (the chip is not booted).</summary>
public sealed class ProvisioningException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProvisioningException()
    {
    }

    /// <summary>Creates the exception with a message naming the refused step.</summary>
    public ProvisioningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public ProvisioningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
