using System.Buffers.Binary;
using Rampart.Hal.Boot;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Host.Keys;
using Rampart.Identity.X509;

namespace Rampart.Chip.Boot;

/// <summary>
/// The files of a named chip's state directory (decision 0261), beside the fuse file
/// <see cref="ChipStateStore.FuseFileName"/>: the seed the chip was made from, the provisioning
/// data the ROM reads, the key directory of its development keys, and the certificates of its
/// last boot. Sealed files are <see cref="ChipStateFile"/>s; the key directory is the format
/// <c>rampart keys generate</c> writes; the certificates are PEM for other tools.
/// </summary>
/// <remarks>
/// <code>
/// &lt;state-dir&gt;/&lt;chip&gt;/
///   fuses.bin          sealed "FUSE": the OTP fuse image (lifecycle, secrets, key hashes, SVNs)
///   chip.bin           sealed "CHIP": the seed, UTF-8 (CA, keys, images, simulator)
///   provisioning.bin   sealed "PROV": the provisioning region (see below)
///   keys/              key directory: keys.json, vendor-ecc-0.key, vendor-mldsa-0.key, owner-ecc.key, owner-mldsa.key
///   last-boot/         chain-ecc.pem (CA first) and one PEM per layer: ca, idevid, ldevid, fmc-alias, rt-alias
///
/// provisioning region (what the ROM reads at SocMemoryMap.ProvisioningBase):
/// offset  size  field
///   0      4    table length n, little-endian
///   4      n    handoff table: CA and IDevID certificates, ECC and ML-DSA
/// </code>
/// </remarks>
public static class NamedChipFiles
{
    /// <summary>The seed file.</summary>
    public const string SeedFileName = "chip.bin";

    /// <summary>The provisioning data file.</summary>
    public const string ProvisioningFileName = "provisioning.bin";

    /// <summary>The key directory (a subdirectory).</summary>
    public const string KeysDirectoryName = "keys";

    /// <summary>The certificates of the last boot (a subdirectory).</summary>
    public const string LastBootDirectoryName = "last-boot";

    /// <summary>The whole ECC chain of the last boot, manufacturer CA first.</summary>
    public const string ChainFileName = "chain-ecc.pem";

    /// <summary>The longest seed accepted.</summary>
    public const int MaxSeedBytes = 1024;

    /// <summary>The tag of the seed file.</summary>
    public static ReadOnlySpan<byte> SeedTag => "CHIP"u8;

    /// <summary>The tag of the provisioning file.</summary>
    public static ReadOnlySpan<byte> ProvisioningTag => "PROV"u8;

    /// <summary>Wraps a handoff table as the provisioning region.</summary>
    public static byte[] EncodeProvisioning(ReadOnlySpan<byte> table)
    {
        var region = new byte[4 + table.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(region, (uint)table.Length);
        table.CopyTo(region.AsSpan(4));
        return region;
    }

    /// <summary>
    /// Checks a provisioning region (exact length, a handoff table with the ECC and ML-DSA CA
    /// certificates and the ECC IDevID certificate) and returns what it provisions; null if malformed.
    /// </summary>
    public static ProvisionedChip? DecodeProvisioning(ReadOnlySpan<byte> region, LifecycleState lifecycle)
    {
        if (region.Length < 4 || region.Length > SocMemoryMap.ProvisioningSize
            || BinaryPrimitives.ReadUInt32LittleEndian(region) != (uint)(region.Length - 4)
            || !HandoffTable.TryRead(region[4..], out var table)
            || !table!.TryGet(HandoffTags.CaEccCert, out var caEcc)
            || !table.TryGet(HandoffTags.CaMlDsaCert, out var caMlDsa)
            || !table.TryGet(HandoffTags.IdevIdEccCert, out var idevId))
        {
            return null;
        }

        return new ProvisionedChip(lifecycle, caEcc.ToArray(), caMlDsa.ToArray(), idevId.ToArray());
    }

    /// <summary>Reads the provisioning region the chip was loaded with (length word, then the table).</summary>
    public static byte[]? ReadProvisioning(VirtualChip chip)
    {
        ArgumentNullException.ThrowIfNull(chip);
        Span<byte> length = stackalloc byte[4];
        if (!chip.Provisioning.TryRead(0, length))
        {
            return null;
        }

        var n = BinaryPrimitives.ReadUInt32LittleEndian(length);
        if (n > SocMemoryMap.ProvisioningSize - 4)
        {
            return null;
        }

        var region = new byte[4 + n];
        return chip.Provisioning.TryRead(0, region) ? region : null;
    }

    /// <summary>
    /// Writes the last boot's chain into <paramref name="directory"/>: the whole chain and one file
    /// per layer. Files of layers this boot did not reach are removed, so nothing stale remains.
    /// </summary>
    /// <returns>The files written.</returns>
    /// <exception cref="IOException">The file system refused.</exception>
    /// <exception cref="UnauthorizedAccessException">The file system refused.</exception>
    public static IReadOnlyList<string> WriteLastBoot(string directory, IReadOnlyList<ChainCertificate> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var chainPath = Path.Combine(directory, ChainFileName);
        AtomicFile.WriteText(chainPath, Pem.EncodeCertificates(chain.Select(c => (ReadOnlyMemory<byte>)c.Der)));
        written.Add(chainPath);
        foreach (var stem in LayerStems.Values)
        {
            var certificate = chain.FirstOrDefault(c => LayerStems.TryGetValue(c.Layer, out var s) && s == stem);
            var path = Path.Combine(directory, stem + "-ecc.pem");
            if (certificate is null)
            {
                File.Delete(path);
                continue;
            }

            AtomicFile.WriteText(path, Pem.Encode(Pem.CertificateLabel, certificate.Der));
            written.Add(path);
        }

        return written;
    }

    private static readonly Dictionary<string, string> LayerStems = new(StringComparer.Ordinal)
    {
        ["Manufacturer CA"] = "ca",
        ["IDevID"] = "idevid",
        ["LDevID"] = "ldevid",
        ["FMC alias"] = "fmc-alias",
        ["RT alias"] = "rt-alias",
    };
}
