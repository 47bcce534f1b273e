using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Host.Keys;
using Rampart.Identity.Dice;
using Rampart.Identity.X509;
using Rampart.Images.Bundle;
using Rampart.Images.Signing;
using Rampart.Platform.Security;
using Rampart.Wire;

namespace Rampart.Chip.Boot;

/// <summary>
/// <c>rampart boot --chip NAME</c> as a library (ARCHITECTURE.md §2, decision 0261): boots a
/// named, persistent chip whose state directory keeps its fuses, the development keys made for
/// it and the certificates of its last boot. <see cref="TryOpen"/> reads and checks every state
/// file and writes nothing; <see cref="Boot"/> boots and then writes the state back.
/// </summary>
/// <remarks>
/// A chip with no state is made as the throw-away boot makes one (<see cref="DevelopmentChip.Provision"/>
/// with the chip's seed). A chip provisioned by <c>rampart fuses provision</c> gets keys (the
/// vendor and owner key-hash fuses are burned if blank, refused if they hold other keys) and
/// IDevID certificates issued from its fused secrets. Corrupted or unreadable state is refused
/// before anything is written.
/// </remarks>
public sealed class NamedChipBoot : IDisposable
{
    private const string NewKeysDirectoryName = ".keys.new";

    private readonly ChipStateStore _store;
    private readonly SoftwareCryptoEngines _engines;
    private readonly DevelopmentKeys _keys;
    private readonly string? _newKeys;
    private readonly byte[]? _fuseImage;
    private byte[]? _provisioning;
    private readonly bool _seedRecorded;
    private readonly bool _provisioningRecorded;

    private NamedChipBoot(ChipStateStore store, string name, string seed, SoftwareCryptoEngines engines, DevelopmentKeys keys, string? newKeys, byte[]? fuseImage, byte[]? provisioning, bool seedRecorded)
    {
        _store = store;
        Name = name;
        Seed = seed;
        _engines = engines;
        _keys = keys;
        _newKeys = newKeys;
        _fuseImage = fuseImage;
        _provisioning = provisioning;
        _seedRecorded = seedRecorded;
        _provisioningRecorded = provisioning is not null && store.Exists(name, NamedChipFiles.ProvisioningFileName);
    }

    /// <summary>The chip name.</summary>
    public string Name { get; }

    /// <summary>The chip's seed (CA, keys, images, simulator).</summary>
    public string Seed { get; }

    /// <summary>True when the chip had no state: this boot makes it.</summary>
    public bool Created => _fuseImage is null;

    /// <summary>The chip's state directory.</summary>
    public string ChipDirectory => _store.ChipDirectory(Name);

    /// <summary>
    /// Reads and checks the chip's state: seed, fuses, provisioning data and keys (generated from
    /// the seed when the chip has none, into a side directory until the boot has run). On refusal
    /// <paramref name="error"/> says precisely why and nothing in the state directory has changed.
    /// </summary>
    public static bool TryOpen(NamedChipOptions options, out NamedChipBoot? chip, out string error)
    {
        ArgumentNullException.ThrowIfNull(options);
        chip = null;
        if (!ChipStateStore.IsValidChipName(options.Name))
        {
            error = $"'{options.Name}' is not a valid chip name (letters, digits, '-', '_', '.'; at most 64; not starting with '.')";
            return false;
        }

        if (options.Seed is { Length: 0 })
        {
            error = "the seed is empty";
            return false;
        }

        var store = new ChipStateStore(options.StateDirectory);
        var name = options.Name;
        var directory = store.ChipDirectory(name);
        if (!TryReadSeed(store, name, options.Seed, out var seed, out var seedRecorded, out error)
            || !TryReadFuses(store, name, out var fuses, out error))
        {
            return false;
        }

        var lifecycle = fuses is null ? LifecycleState.Raw : LifecycleOf(fuses);
        if (!TryReadProvisioning(store, name, lifecycle, out var provisioning, out error)
            || (fuses is not null && provisioning is not null && !TryCheckUeid(store, name, fuses, provisioning, out error)))
        {
            return false;
        }

        var keysPath = Path.Combine(directory, NamedChipFiles.KeysDirectoryName);
        var haveKeys = File.Exists(Path.Combine(keysPath, KeyDirectoryManifest.FileName));
        if (fuses is null && (haveKeys || provisioning is not null))
        {
            error = $"chip '{name}' has keys or provisioning data but no fuse file ({Path.Combine(directory, ChipStateStore.FuseFileName)}); refusing to make a new chip over them";
            return false;
        }

        var engines = new SoftwareCryptoEngines(Encoding.UTF8.GetBytes("rampart named chip " + name));
        var opened = false;
        string? newKeys = null;
        try
        {
            DevelopmentKeys? keys;
            if (haveKeys)
            {
                keys = TryOpenKeys(engines, keysPath, out error);
            }
            else
            {
                newKeys = Path.Combine(directory, NewKeysDirectoryName);
                keys = TryGenerateKeys(engines, newKeys, seed, out error);
            }

            if (keys is null)
            {
                return false;
            }

            if (fuses is not null)
            {
                if (!TryFuseKeys(engines, fuses, keys, name, haveKeys ? keysPath : "the keys made now from its seed", out error))
                {
                    return false;
                }

                if (provisioning is null && !TryIssueIdentity(engines, fuses, seed, lifecycle, name, out provisioning, out error))
                {
                    return false;
                }
            }

            chip = new NamedChipBoot(store, name, seed, engines, keys, newKeys, fuses?.Export(), provisioning, seedRecorded);
            opened = true;
            error = string.Empty;
            return true;
        }
        finally
        {
            if (!opened)
            {
                engines.Dispose();
                if (newKeys is not null)
                {
                    TryDeleteDirectory(newKeys);
                }
            }
        }
    }

    /// <summary>
    /// Boots the chip with <paramref name="options"/> (its seed, keys, fuses and provisioning data
    /// replace the options'; the fuse settings apply only to a chip made now), then writes its
    /// state back: keys, seed, provisioning data, fuses (sealed) and the last boot's certificates.
    /// </summary>
    public NamedChipBootResult Boot(BootOptions? options = null)
    {
        options ??= new BootOptions();
        var run = new BootRun(options with
        {
            Seed = Seed,
            Images = (options.Images ?? new BootImageOptions()) with { Keys = _keys },
            Provision = (chip, images) => Provision(chip, images, options.Fuses),
        });
        var result = run.Run();
        var files = new List<string>();
        var error = WriteBack(run.Chip!, result, files);
        return new NamedChipBootResult(result, ChipDirectory, Created, Seed, files, error);
    }

    /// <summary>Releases the engines behind the keys and removes keys made for a boot that never ran.</summary>
    public void Dispose()
    {
        _engines.Dispose();
        if (_newKeys is not null && Directory.Exists(_newKeys))
        {
            TryDeleteDirectory(_newKeys);
        }
    }

    private ProvisionedChip Provision(VirtualChip chip, BootImages images, FuseSettings fuses)
    {
        if (_fuseImage is null)
        {
            var provisioned = DevelopmentChip.Provision(chip, Seed, images, fuses);
            _provisioning = NamedChipFiles.ReadProvisioning(chip) ?? throw new InvalidOperationException("the provisioning region just written cannot be read back");
            return provisioned;
        }

        var imported = chip.Fuses.Import(_fuseImage);
        if (imported != FuseStatus.Ok)
        {
            throw new InvalidOperationException("a fuse image that imported once was refused: " + imported);
        }

        chip.Provisioning.Load(0, _provisioning);
        return NamedChipFiles.DecodeProvisioning(_provisioning, chip.Lifecycle.State)
            ?? throw new InvalidOperationException("checked provisioning data no longer decodes");
    }

    private string? WriteBack(VirtualChip chip, BootResult result, List<string> files)
    {
        var directory = ChipDirectory;
        var keysPath = Path.Combine(directory, NamedChipFiles.KeysDirectoryName);
        try
        {
            if (_newKeys is not null && Directory.Exists(_newKeys))
            {
                Directory.Move(_newKeys, keysPath);
                files.Add(keysPath);
            }

            if (!_seedRecorded && Write(NamedChipFiles.SeedFileName, NamedChipFiles.SeedTag, Encoding.UTF8.GetBytes(Seed), files) is { } seedError)
            {
                return seedError;
            }

            if (!_provisioningRecorded && _provisioning is not null
                && Write(NamedChipFiles.ProvisioningFileName, NamedChipFiles.ProvisioningTag, _provisioning, files) is { } provisioningError)
            {
                return provisioningError;
            }

            if (Write(ChipStateStore.FuseFileName, ChipStateStore.FuseTag, chip.Fuses.Export(), files) is { } fuseError)
            {
                return fuseError;
            }

            files.AddRange(NamedChipFiles.WriteLastBoot(Path.Combine(directory, NamedChipFiles.LastBootDirectoryName), result.Chain));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the boot ran, but chip '{Name}''s state could not be written under {directory}: {e.Message}";
        }
    }

    private string? Write(string fileName, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> payload, List<string> files)
    {
        var status = _store.Write(Name, fileName, tag, payload);
        var path = Path.Combine(ChipDirectory, fileName);
        if (status != ChipStateStatus.Ok)
        {
            return $"the boot ran, but {path} could not be written: {status}";
        }

        files.Add(path);
        return null;
    }

    private static bool TryReadSeed(ChipStateStore store, string name, string? requested, out string seed, out bool recorded, out string error)
    {
        seed = requested ?? DevelopmentSecrets.DefaultSeed;
        recorded = false;
        var status = store.Read(name, NamedChipFiles.SeedFileName, NamedChipFiles.SeedTag, out var payload);
        if (status == ChipStateStatus.NotFound)
        {
            error = string.Empty;
            return true;
        }

        if (status == ChipStateStatus.Ok && (payload.Length is 0 or > NamedChipFiles.MaxSeedBytes || !Utf8.IsValid(payload)))
        {
            status = ChipStateStatus.Malformed;
        }

        if (status != ChipStateStatus.Ok)
        {
            error = Refusal(store, name, NamedChipFiles.SeedFileName, "seed", status);
            return false;
        }

        var stored = Encoding.UTF8.GetString(payload);
        if (requested is not null && !string.Equals(requested, stored, StringComparison.Ordinal))
        {
            error = $"chip '{name}' was made from seed '{stored}'; --seed '{requested}' would make another chip (leave --seed out, or use a new chip name)";
            return false;
        }

        seed = stored;
        recorded = true;
        error = string.Empty;
        return true;
    }

    private static bool TryReadFuses(ChipStateStore store, string name, out OtpFuseController? fuses, out string error)
    {
        fuses = null;
        error = string.Empty;
        var status = store.ReadFuses(name, out var image);
        if (status == ChipStateStatus.NotFound)
        {
            return true;
        }

        if (status != ChipStateStatus.Ok)
        {
            error = Refusal(store, name, ChipStateStore.FuseFileName, "fuse", status);
            return false;
        }

        var controller = new OtpFuseController();
        var imported = controller.Import(image);
        if (imported != FuseStatus.Ok)
        {
            error = $"the fuse file of chip '{name}' ({Path.Combine(store.ChipDirectory(name), ChipStateStore.FuseFileName)}) was refused: {imported} (a partition does not match its digest); it is not used and was left as it is";
            return false;
        }

        fuses = controller;
        return true;
    }

    private static bool TryReadProvisioning(ChipStateStore store, string name, LifecycleState lifecycle, out byte[]? region, out string error)
    {
        region = null;
        error = string.Empty;
        var status = store.Read(name, NamedChipFiles.ProvisioningFileName, NamedChipFiles.ProvisioningTag, out var payload);
        if (status == ChipStateStatus.NotFound)
        {
            return true;
        }

        if (status == ChipStateStatus.Ok && NamedChipFiles.DecodeProvisioning(payload, lifecycle) is null)
        {
            status = ChipStateStatus.Malformed;
        }

        if (status != ChipStateStatus.Ok)
        {
            error = Refusal(store, name, NamedChipFiles.ProvisioningFileName, "provisioning", status);
            return false;
        }

        region = payload;
        return true;
    }

    /// <summary>A fused UEID must be the one the provisioned IDevID certificate names (an unprogrammed fuse is checked by the ROM, which derives the fallback).</summary>
    private static bool TryCheckUeid(ChipStateStore store, string name, OtpFuseController fuses, byte[] provisioning, out string error)
    {
        error = string.Empty;
        var fused = new byte[FuseLayout.UeidSize];
        if (fuses.ReadUeid(fused) != FuseStatus.Ok)
        {
            error = $"chip '{name}': its UEID fuse cannot be read";
            return false;
        }

        var idevId = NamedChipFiles.DecodeProvisioning(provisioning, LifecycleState.Raw)?.IdevIdEccCertificate;
        if (!DeviceUeid.IsProgrammed(fused) || idevId is null || ParsedCertificate.TryParse(idevId, out var parsed) != WireStatus.Done
            || parsed!.Ueid.Span.SequenceEqual(fused))
        {
            return true;
        }

        error = $"chip '{name}': its IDevID certificate ({Path.Combine(store.ChipDirectory(name), NamedChipFiles.ProvisioningFileName)}) names UEID {Convert.ToHexStringLower(parsed.Ueid.Span)}, "
            + $"but its UEID fuse holds {Convert.ToHexStringLower(fused)}: the certificates were issued for other fuses; refusing to boot (nothing was changed)";
        return false;
    }

    private static DevelopmentKeys? TryOpenKeys(SoftwareCryptoEngines engines, string path, out string error)
    {
        error = string.Empty;
        try
        {
            var directory = KeyDirectory.Open(path, engines);
            if (directory.PqcKeyType != PqcKeyType.MlDsa87)
            {
                error = $"the key directory {path} holds {directory.Manifest.Pqc} keys; a named chip boots with ML-DSA development keys";
                return null;
            }

            return DevelopmentKeys.FromSigners(directory.VendorSigning(), directory.OwnerSigning());
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or FormatException or ArgumentException or CryptographicException)
        {
            error = $"the keys of the chip ({path}) cannot be used: {e.Message}; they were left as they are";
            return null;
        }
    }

    private static DevelopmentKeys? TryGenerateKeys(SoftwareCryptoEngines engines, string path, string seed, out string error)
    {
        error = string.Empty;
        try
        {
            TryDeleteDirectory(path);
            var directory = KeyDirectory.Generate(path, KeyGenerationFor(seed), engines);
            return DevelopmentKeys.FromSigners(directory.VendorSigning(), directory.OwnerSigning());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot write the chip's new keys under {path}: {e.Message}";
            return null;
        }
    }

    /// <summary>The key directory a named chip of <paramref name="seed"/> gets: one vendor and one owner key set, ECC P-384 + ML-DSA-87, from the seed.</summary>
    public static KeyGenerationOptions KeyGenerationFor(string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        return new KeyGenerationOptions(KeySetPqc.MlDsa, Encoding.UTF8.GetBytes("rampart named chip keys " + seed), VendorKeyCount: 1);
    }

    /// <summary>
    /// The vendor and owner key hashes the fuses must hold for <paramref name="keys"/>: SHA-384 of the
    /// key descriptors of a bundle they sign (the payloads do not enter the hashes).
    /// </summary>
    public static (byte[] Vendor, byte[] Owner) KeyHashes(ICryptoEngines engines, DevelopmentKeys keys)
    {
        ArgumentNullException.ThrowIfNull(engines);
        var placeholder = new byte[16];
        var bundle = BootImageBuilder.BuildBundle(engines.Sha, keys, new FirmwarePayloads(placeholder, placeholder, placeholder), svn: 0);
        var vendor = new byte[FuseLayout.HashSize];
        var owner = new byte[FuseLayout.HashSize];
        if (!FirmwareBundleVerifier.TryComputeVendorPublicKeyHash(engines.Sha, bundle, vendor) || !FirmwareBundleVerifier.TryComputeOwnerPublicKeyHash(engines.Sha, bundle, owner))
        {
            throw new InvalidOperationException("a bundle just built has no key descriptors");
        }

        return (vendor, owner);
    }

    /// <summary>Burns the key-hash and PQC-type fuses if blank; refuses (precisely) fuses that hold other keys.</summary>
    private static bool TryFuseKeys(ICryptoEngines engines, OtpFuseController fuses, DevelopmentKeys keys, string name, string keysWhere, out string error)
    {
        var (vendor, owner) = KeyHashes(engines, keys);
        var vendorFused = new byte[FuseLayout.HashSize];
        var ownerFused = new byte[FuseLayout.HashSize];
        var pqcType = new byte[1];
        var status = fuses.Read(FusePartition.VendorKeys, FuseLayout.VendorPkHashOffset, vendorFused);
        status = status == FuseStatus.Ok ? fuses.Read(FusePartition.OwnerKeys, 0, ownerFused) : status;
        status = status == FuseStatus.Ok ? fuses.Read(FusePartition.VendorKeys, FuseLayout.VendorPqcTypeOffset, pqcType) : status;
        if (status != FuseStatus.Ok)
        {
            error = $"chip '{name}': the key fuses cannot be read: {status}";
            return false;
        }

        foreach (var (what, fused, wanted) in new[] { ("vendor", vendorFused, vendor), ("owner", ownerFused, owner) })
        {
            if (fused.AsSpan().ContainsAnyExcept((byte)0) && !fused.AsSpan().SequenceEqual(wanted))
            {
                error = $"chip '{name}': its {what} public-key hash fuse holds {Convert.ToHexStringLower(fused)}, but {keysWhere} hash to {Convert.ToHexStringLower(wanted)}; "
                    + "fuses only go 0→1, so these keys can never boot this chip (restore the keys it was provisioned for, or use a new chip name). Nothing was changed.";
                return false;
            }
        }

        if (pqcType[0] is not (0 or (byte)PqcKeyType.MlDsa87))
        {
            error = $"chip '{name}': its vendor PQC key type fuse is {pqcType[0].ToString(CultureInfo.InvariantCulture)}, not ML-DSA ({(byte)PqcKeyType.MlDsa87}); a named chip boots with ML-DSA development keys. Nothing was changed.";
            return false;
        }

        status = Burn(fuses, FusePartition.VendorKeys, FuseLayout.VendorPkHashOffset, vendorFused, vendor);
        status = status == FuseStatus.Ok ? Burn(fuses, FusePartition.OwnerKeys, 0, ownerFused, owner) : status;
        status = status == FuseStatus.Ok ? Burn(fuses, FusePartition.VendorKeys, FuseLayout.VendorPqcTypeOffset, pqcType, [(byte)PqcKeyType.MlDsa87]) : status;
        if (status != FuseStatus.Ok)
        {
            error = $"chip '{name}': burning its key fuses was refused: {status} (is the partition locked?). Nothing was changed.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static FuseStatus Burn(OtpFuseController fuses, FusePartition partition, int offset, byte[] fused, byte[] wanted) =>
        fused.AsSpan().SequenceEqual(wanted) ? FuseStatus.Ok : fuses.Program(partition, offset, wanted);

    private static bool TryIssueIdentity(ICryptoEngines engines, OtpFuseController fuses, string seed, LifecycleState lifecycle, string name, out byte[]? region, out string error)
    {
        region = null;
        if (fuses.IsBlank(FusePartition.UdsSeed) || fuses.IsBlank(FusePartition.FieldEntropy))
        {
            error = $"chip '{name}' has no UDS or field entropy fused; provision it first: rampart fuses provision --chip {name}";
            return false;
        }

        var uds = new byte[FuseLayout.UdsSeedSize];
        var fieldEntropy = new byte[FuseLayout.FieldEntropySize];
        var ueid = new byte[FuseLayout.UeidSize];
        if (fuses.ReadRaw(FusePartition.UdsSeed, 0, uds) != FuseStatus.Ok || fuses.ReadRaw(FusePartition.FieldEntropy, 0, fieldEntropy) != FuseStatus.Ok
            || fuses.ReadUeid(ueid) != FuseStatus.Ok)
        {
            CryptographicOperations.ZeroMemory(uds);
            CryptographicOperations.ZeroMemory(fieldEntropy);
            error = $"chip '{name}': its UDS, field entropy or UEID fuses cannot be read";
            return false;
        }

        region = NamedChipIdentity.Issue(engines, seed, uds, fieldEntropy, ueid, lifecycle is LifecycleState.Production or LifecycleState.ProdEnd);
        error = string.Empty;
        return true;
    }

    private static LifecycleState LifecycleOf(OtpFuseController fuses)
    {
        using var engines = new SoftwareCryptoEngines(1);
        return new LifecycleController(fuses, new KeyVault(engines), engines).State;
    }

    private static string Refusal(ChipStateStore store, string name, string fileName, string what, ChipStateStatus status)
    {
        var path = Path.Combine(store.ChipDirectory(name), fileName);
        return status switch
        {
            ChipStateStatus.Corrupted => $"the {what} file of chip '{name}' ({path}) is corrupted: its SHA-384 digest does not match; refusing to use it (it was left as it is)",
            ChipStateStatus.Malformed => $"{path} is not a Rampart {what} file of a chip (bad magic, version, kind, length or contents); refusing to use it (it was left as it is)",
            _ => $"cannot read {path}: {status}",
        };
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover side directory is replaced by the next boot.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
