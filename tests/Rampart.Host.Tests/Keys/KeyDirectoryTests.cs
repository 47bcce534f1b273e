using Rampart.Crypto;
using Rampart.Host.Keys;
using Rampart.Images;
using Rampart.Images.Bundle;
using Rampart.Images.Signing;

namespace Rampart.Host.Tests.Keys;

public sealed class KeyDirectoryTests : IDisposable
{
    private static readonly byte[] Seed = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
    private readonly SoftwareCryptoEngines _engines = new(7UL);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rampart-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _engines.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_keys()
    {
        using var a = KeyDirectory.Generate(Path.Combine(_root, "a"), new KeyGenerationOptions(KeySetPqc.MlDsa, Seed, 2), _engines);
        using var b = KeyDirectory.Generate(Path.Combine(_root, "b"), new KeyGenerationOptions(KeySetPqc.MlDsa, Seed, 2), _engines);
        using var c = KeyDirectory.Generate(Path.Combine(_root, "c"), new KeyGenerationOptions(KeySetPqc.MlDsa, Seed.Reverse().ToArray(), 2), _engines);
        Assert.Equal(a.Manifest.VendorEcc[1].PublicKey, b.Manifest.VendorEcc[1].PublicKey);
        Assert.Equal(a.Manifest.OwnerPqc.PublicKey, b.Manifest.OwnerPqc.PublicKey);
        Assert.NotEqual(a.Manifest.OwnerPqc.PublicKey, c.Manifest.OwnerPqc.PublicKey);
        Assert.NotEqual(a.Manifest.VendorEcc[0].PublicKey, a.Manifest.VendorEcc[1].PublicKey);
        Assert.True(a.Manifest.Deterministic);
    }

    [Fact]
    public void Private_files_are_owner_only_and_keys_are_never_overwritten()
    {
        var path = Path.Combine(_root, "k");
        using var keys = KeyDirectory.Generate(path, new KeyGenerationOptions(KeySetPqc.MlDsa, Seed, 1), _engines);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.GetFiles(path, "*.key"))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        Assert.Empty(Directory.GetFiles(path, "*.tmp"));
        Assert.Throws<IOException>(() => KeyDirectory.Generate(path, new KeyGenerationOptions(KeySetPqc.MlDsa, null, 1), _engines));
    }

    [Fact]
    public void Loaded_keys_sign_a_bundle_that_verifies_against_their_fuse_values()
    {
        var path = Path.Combine(_root, "sign");
        KeyDirectory.Generate(path, new KeyGenerationOptions(KeySetPqc.MlDsa, Seed, 4), _engines).Dispose();
        using var keys = KeyDirectory.Open(path, _engines);
        var bundle = FirmwareBundleBuilder.Build(_engines.Sha, new FirmwareBundleDescription
        {
            PqcKeyType = keys.PqcKeyType,
            VendorEccPublicKeys = keys.VendorEccPublicKeys,
            VendorPqcPublicKeys = keys.VendorPqcPublicKeys,
            VendorEccKeyIndex = 1,
            Owner = keys.OwnerPublic,
            Svn = 2,
            Fmc = new BundleImageInput(new byte[] { 1, 2, 3, 4 }, 0x4000_0000, 0x4000_0000, 1, default),
            Runtime = new BundleImageInput(new byte[] { 5, 6, 7, 8 }, 0x4010_0000, 0x4010_0000, 1, default),
        }).ToArray();
        Assert.Equal(BundleSigningStatus.Signed, FirmwareBundleSigner.Sign(_engines.Sha, bundle, keys.VendorSigning(1, 0), keys.OwnerSigning()));
        var fuses = new ImageVerificationFuses(
            FirmwareBundleBuilder.ComputeVendorPublicKeyHash(_engines.Sha, keys.PqcKeyType, keys.VendorEccPublicKeys, keys.VendorPqcPublicKeys),
            PqcKeyType.MlDsa87,
            FirmwareBundleBuilder.ComputeOwnerPublicKeyHash(_engines.Sha, keys.OwnerPublic),
            0, 0, 0, 2, false);
        Assert.Equal(ImageVerdict.Verified, FirmwareBundleVerifier.Verify(_engines, bundle, fuses));
    }

    [Fact]
    public void Lms_keys_record_used_leaves_on_disk_and_never_reuse_them()
    {
        var path = Path.Combine(_root, "lms");
        KeyDirectory.Generate(path, new KeyGenerationOptions(KeySetPqc.Lms, Seed, 1, LmsHeight: 5), _engines).Dispose();
        var digest = new byte[48];
        var first = new byte[4628];
        var second = new byte[4628];
        using (var keys = KeyDirectory.Open(path, _engines))
        {
            var signer = keys.VendorSigning().Pqc;
            signer.Sign(digest, first);
            Assert.Equal(Hal.Crypto.Verdict.Valid, _engines.Lms.Verify(signer.PublicKey.Span, digest, first.AsSpan(0, LmsSignatureLength.Read(first))));
        }

        Assert.Equal("1", File.ReadAllText(Path.Combine(path, "vendor-lms-0.lms-index")).Trim());
        using (var keys = KeyDirectory.Open(path, _engines))
        {
            keys.VendorSigning().Pqc.Sign(digest, second);
        }

        Assert.Equal(0u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(first));
        Assert.Equal(1u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(second));
        Assert.Equal("2", File.ReadAllText(Path.Combine(path, "vendor-lms-0.lms-index")).Trim());
    }

    [Fact]
    public void The_index_store_refuses_to_go_backwards()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "x.lms-index");
        var store = new FileLmsIndexStore(file);
        store.Commit(3);
        var stale = new FileLmsIndexStore(file);
        store.Commit(4);
        Assert.Throws<InvalidOperationException>(() => stale.Commit(4));
        Assert.Throws<InvalidOperationException>(() => store.Commit(2));
        Assert.Equal(4u, new FileLmsIndexStore(file).NextIndex);
        File.WriteAllText(file, "garbage");
        Assert.Throws<InvalidDataException>(() => new FileLmsIndexStore(file));
    }
}
