using System.Security.Cryptography;
using System.Text;
using Rampart.Chip.Boot;
using Rampart.Crypto;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Host.Keys;
using Rampart.Identity.X509;
using Rampart.Platform.Security;
using Rampart.Wire;

namespace Rampart.EndToEnd.Tests;

/// <summary><c>rampart boot --chip NAME</c>: a named chip's state directory across boots (decision 0261).</summary>
public sealed class NamedChipBootTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("rampart-named-chip-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void A_named_chip_is_made_on_first_boot_and_boots_to_the_same_chain_again()
    {
        var first = Boot("alpha");
        Assert.True(first.Created);
        Assert.True(first.Boot!.Succeeded, first.Boot.Message);
        var directory = Path.Combine(_root.FullName, "alpha");
        Assert.Equal(directory, first.ChipDirectory);
        foreach (var file in new[] { "fuses.bin", "chip.bin", "provisioning.bin", "keys/keys.json", "last-boot/chain-ecc.pem", "last-boot/idevid-ecc.pem", "last-boot/rt-alias-ecc.pem" })
        {
            Assert.True(File.Exists(Path.Combine(directory, file)), file);
        }

        Assert.False(Directory.Exists(Path.Combine(directory, ".keys.new")));
        var firstChainFile = File.ReadAllText(Path.Combine(directory, "last-boot", "chain-ecc.pem"));
        var keysJson = File.ReadAllText(Path.Combine(directory, "keys", "keys.json"));

        var second = Boot("alpha");
        Assert.False(second.Created);
        Assert.True(second.Boot!.Succeeded, second.Boot.Message);
        Assert.Equal(["Manufacturer CA", "IDevID", "LDevID", "FMC alias", "RT alias"], second.Boot.Chain.Select(c => c.Layer));
        Assert.Equal(first.Boot.Chain.Select(c => Convert.ToHexString(c.Der)), second.Boot.Chain.Select(c => Convert.ToHexString(c.Der)));
        Assert.Equal(firstChainFile, File.ReadAllText(Path.Combine(directory, "last-boot", "chain-ecc.pem")));
        Assert.Equal(keysJson, File.ReadAllText(Path.Combine(directory, "keys", "keys.json")));
        Assert.Equal(first.Boot.Chain.Count, Pem.DecodeAll(firstChainFile, Pem.CertificateLabel).Count);

        // The UEID provisioning fused is the one every certificate names (decision 0274).
        var fused = FusedUeid(new ChipStateStore(_root.FullName), "alpha");
        Assert.True(fused.AsSpan().ContainsAnyExcept((byte)0));
        AssertEveryCertificateNames(fused, second);
    }

    [Fact]
    public void A_ueid_the_manufacturer_fused_is_carried_by_every_certificate()
    {
        var store = new ChipStateStore(_root.FullName);
        var manufacturers = Convert.FromHexString("010102030405060708090A0B0C0D0E0F10");
        ProvisionLikeFusesProvision(store, "eta", vendorHash: null, fuses => Assert.Equal(FuseStatus.Ok, fuses.BurnUeid(manufacturers)));
        Assert.Equal(manufacturers, FusedUeid(store, "eta"));
        var booted = Boot("eta");
        Assert.True(booted.Boot!.Succeeded, booted.Boot.Message);
        AssertEveryCertificateNames(manufacturers, booted);
    }

    [Fact]
    public void A_chip_from_before_the_ueid_fuse_keeps_its_key_derived_ueid_and_a_ueid_burned_later_is_refused()
    {
        // Provisioned before the UEID became a fuse: UDS fused and locked, IDevID attributes blank.
        var store = new ChipStateStore(_root.FullName);
        ProvisionLikeFusesProvision(store, "theta", vendorHash: null, fuses =>
        {
            Assert.Equal(FuseStatus.Ok, fuses.Program(FusePartition.UdsSeed, 0, new DevelopmentSecrets(DevelopmentSecrets.DefaultSeed).UdsSeed()));
            Assert.Equal(FuseStatus.Ok, fuses.Lock(FusePartition.UdsSeed));
        });
        Assert.Equal(new byte[FuseLayout.UeidSize], FusedUeid(store, "theta"));
        var booted = Boot("theta");
        Assert.True(booted.Boot!.Succeeded, booted.Boot.Message);
        var idevId = ParsedCertificate.TryParse(booted.Boot.Chain[1].Der, out var parsed) == WireStatus.Done ? parsed! : throw new InvalidOperationException("IDevID");
        byte[] keyDerived = [0x01, .. SHA256.HashData([0x04, .. idevId.PublicKey.Span]).AsSpan(0, 16)];
        AssertEveryCertificateNames(keyDerived, booted);

        // Its IDevID certificate names the key-derived UEID; a UEID burned into the fuses now contradicts it.
        Assert.Equal(ChipStateStatus.Ok, store.ReadFuses("theta", out var image));
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Import(image));
        Assert.Equal(FuseStatus.Ok, fuses.BurnUeid(Convert.FromHexString("01FFEEDDCCBBAA99887766554433221100")));
        Assert.Equal(ChipStateStatus.Ok, store.WriteFuses("theta", fuses.Export()));
        var fuseFile = File.ReadAllBytes(Path.Combine(_root.FullName, "theta", ChipStateStore.FuseFileName));
        Assert.False(NamedChipBoot.TryOpen(new NamedChipOptions("theta", _root.FullName), out var chip, out var error));
        Assert.Null(chip);
        Assert.Contains("names UEID " + Convert.ToHexStringLower(keyDerived), error, StringComparison.Ordinal);
        Assert.Contains("its UEID fuse holds 01ffeeddccbbaa99887766554433221100", error, StringComparison.Ordinal);
        Assert.Equal(fuseFile, File.ReadAllBytes(Path.Combine(_root.FullName, "theta", ChipStateStore.FuseFileName)));
    }

    [Fact]
    public void A_chip_provisioned_by_fuses_provision_gets_keys_key_hash_fuses_and_certificates()
    {
        var store = new ChipStateStore(_root.FullName);
        ProvisionLikeFusesProvision(store, "beta", vendorHash: null);

        var booted = Boot("beta");
        Assert.False(booted.Created);
        Assert.True(booted.Boot!.Succeeded, booted.Boot.Message);
        Assert.Equal(ChipStateStatus.Ok, store.ReadFuses("beta", out var image));
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Import(image));
        using var engines = new SoftwareCryptoEngines(1);
        using var keys = KeyDirectory.Open(Path.Combine(_root.FullName, "beta", "keys"), engines);
        var (vendor, owner) = NamedChipBoot.KeyHashes(engines, DevelopmentKeys.FromSigners(keys.VendorSigning(), keys.OwnerSigning()));
        var fused = new byte[FuseLayout.HashSize];
        fuses.Read(FusePartition.VendorKeys, FuseLayout.VendorPkHashOffset, fused);
        Assert.Equal(vendor, fused);
        fuses.Read(FusePartition.OwnerKeys, 0, fused);
        Assert.Equal(owner, fused);
        Assert.True(store.Exists("beta", NamedChipFiles.ProvisioningFileName));
    }

    [Fact]
    public void Key_hash_fuses_of_other_keys_are_refused_and_nothing_is_written()
    {
        var store = new ChipStateStore(_root.FullName);
        ProvisionLikeFusesProvision(store, "gamma", vendorHash: Enumerable.Repeat((byte)0xAB, FuseLayout.HashSize).ToArray());
        var fuseFile = Path.Combine(_root.FullName, "gamma", ChipStateStore.FuseFileName);
        var before = File.ReadAllBytes(fuseFile);

        Assert.False(NamedChipBoot.TryOpen(new NamedChipOptions("gamma", _root.FullName), out var chip, out var error));
        Assert.Null(chip);
        Assert.Contains("vendor public-key hash fuse holds abab", error, StringComparison.Ordinal);
        Assert.Contains("fuses only go 0→1", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(fuseFile));
        Assert.Equal([ChipStateStore.FuseFileName], Directory.EnumerateFileSystemEntries(Path.Combine(_root.FullName, "gamma")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_corrupted_fuse_file_is_refused_and_left_untouched()
    {
        var store = new ChipStateStore(_root.FullName);
        ProvisionLikeFusesProvision(store, "delta", vendorHash: null);
        var fuseFile = Path.Combine(_root.FullName, "delta", ChipStateStore.FuseFileName);
        var bytes = File.ReadAllBytes(fuseFile);
        bytes[ChipStateFile.HeaderSize + 100] ^= 0x01;
        File.WriteAllBytes(fuseFile, bytes);

        Assert.False(NamedChipBoot.TryOpen(new NamedChipOptions("delta", _root.FullName), out var chip, out var error));
        Assert.Null(chip);
        Assert.Contains("corrupted", error, StringComparison.Ordinal);
        Assert.Contains(fuseFile, error, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(fuseFile));
        Assert.Equal([ChipStateStore.FuseFileName], Directory.EnumerateFileSystemEntries(Path.Combine(_root.FullName, "delta")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("chip.bin", "CHIP", "")]
    [InlineData("chip.bin", "FUSE", "rampart-dev")]
    [InlineData("provisioning.bin", "PROV", "not a region")]
    public void Malformed_seed_or_provisioning_files_are_refused(string file, string tag, string payload)
    {
        var store = new ChipStateStore(_root.FullName);
        ProvisionLikeFusesProvision(store, "eps", vendorHash: null);
        Assert.Equal(ChipStateStatus.Ok, store.Write("eps", file, Encoding.ASCII.GetBytes(tag), Encoding.UTF8.GetBytes(payload)));
        var before = File.ReadAllBytes(Path.Combine(_root.FullName, "eps", file));

        Assert.False(NamedChipBoot.TryOpen(new NamedChipOptions("eps", _root.FullName), out _, out var error));
        Assert.Contains("is not a Rampart", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_root.FullName, "eps", file)));
        Assert.False(Directory.Exists(Path.Combine(_root.FullName, "eps", "keys")));
    }

    [Fact]
    public void A_seed_other_than_the_recorded_one_and_a_bad_name_are_refused()
    {
        var store = new ChipStateStore(_root.FullName);
        Assert.Equal(ChipStateStatus.Ok, store.Write("zeta", NamedChipFiles.SeedFileName, NamedChipFiles.SeedTag, "seed-a"u8));
        Assert.False(NamedChipBoot.TryOpen(new NamedChipOptions("zeta", _root.FullName, "seed-b"), out _, out var error));
        Assert.Contains("was made from seed 'seed-a'", error, StringComparison.Ordinal);
        Assert.False(NamedChipBoot.TryOpen(new NamedChipOptions("../escape", _root.FullName), out _, out error));
        Assert.Contains("not a valid chip name", error, StringComparison.Ordinal);
    }

    private NamedChipBootResult Boot(string name)
    {
        Assert.True(NamedChipBoot.TryOpen(new NamedChipOptions(name, _root.FullName), out var chip, out var error), error);
        using (chip)
        {
            var result = chip!.Boot();
            Assert.Null(result.Error);
            return result;
        }
    }

    private static byte[] FusedUeid(ChipStateStore store, string name)
    {
        Assert.Equal(ChipStateStatus.Ok, store.ReadFuses(name, out var image));
        var fuses = new OtpFuseController();
        Assert.Equal(FuseStatus.Ok, fuses.Import(image));
        var ueid = new byte[FuseLayout.UeidSize];
        Assert.Equal(FuseStatus.Ok, fuses.ReadUeid(ueid));
        return ueid;
    }

    private static void AssertEveryCertificateNames(byte[] ueid, NamedChipBootResult booted)
    {
        Assert.Equal(["Manufacturer CA", "IDevID", "LDevID", "FMC alias", "RT alias"], booted.Boot!.Chain.Select(c => c.Layer));
        foreach (var certificate in booted.Boot.Chain.Skip(1))
        {
            Assert.Equal(WireStatus.Done, ParsedCertificate.TryParse(certificate.Der, out var parsed));
            Assert.True(ueid.AsSpan().SequenceEqual(parsed!.Ueid.Span), certificate.Layer + " names " + Convert.ToHexStringLower(parsed.Ueid.Span));
        }
    }

    /// <summary>What <c>rampart fuses provision --chip NAME</c> does: development provisioning on a fuse array, saved sealed.</summary>
    private static void ProvisionLikeFusesProvision(ChipStateStore store, string name, byte[]? vendorHash, Action<OtpFuseController>? before = null)
    {
        using var engines = new SoftwareCryptoEngines(Encoding.UTF8.GetBytes("rampart chip " + name));
        var fuses = new OtpFuseController();
        before?.Invoke(fuses);
        var lifecycle = new LifecycleController(fuses, new KeyVault(engines), engines);
        var provisioning = new DevelopmentProvisioning(fuses, fuses.ReadRaw, lifecycle, engines, new DevelopmentSecrets(DevelopmentSecrets.DefaultSeed));
        Assert.Null(provisioning.Run(LifecycleState.Production, vendorHash, null));
        Assert.Equal(ChipStateStatus.Ok, store.WriteFuses(name, fuses.Export()));
    }
}
