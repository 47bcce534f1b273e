using Rampart.Crypto;
using Rampart.Images.Bundle;
using Rampart.Images.Signing;

namespace Rampart.Images.Tests;

/// <summary>Keys, engines and signed images shared by the tests (built once: key generation and signing are the slow part).</summary>
internal static class TestKeys
{
    public static readonly SoftwareCryptoEngines Engines = new(0x5EED_0001UL);

    private static readonly Lazy<HybridSigningKeys[]> MlDsaVendorKeys = new(() =>
        [.. Enumerable.Range(0, 4).Select(i => new HybridSigningKeys(Ecc(0x10 + i), MlDsa(0x20 + i)))]);

    private static readonly Lazy<HybridSigningKeys> MlDsaOwnerKeys = new(() => new HybridSigningKeys(Ecc(0x30), MlDsa(0x31)));

    private static readonly Lazy<HybridSigningKeys> LmsVendorKeys = new(() => new HybridSigningKeys(Ecc(0x40), Lms(0x41)));

    /// <summary>A second LMS vendor key the descriptor lists, so index 0 is not the last (never-revoked) key.</summary>
    private static readonly Lazy<HybridSigningKeys> LmsBackupKeys = new(() => new HybridSigningKeys(Ecc(0x42), Lms(0x43)));

    private static readonly Lazy<HybridSigningKeys> LmsOwnerKeys = new(() => new HybridSigningKeys(Ecc(0x50), Lms(0x51)));

    private static readonly Lazy<(byte[] Bundle, ImageVerificationFuses Fuses)> SmallMlDsa = new(() => SignedBundle(PqcKeyType.MlDsa87, 16, 24, svn: 5));

    private static readonly Lazy<(byte[] Bundle, ImageVerificationFuses Fuses)> SmallLms = new(() => SignedBundle(PqcKeyType.Lms, 16, 24, svn: 5));

    private static readonly Lazy<(byte[] Bundle, ImageVerificationFuses Fuses)> LargeMlDsa = new(() => SignedBundle(PqcKeyType.MlDsa87, 256 * 1024, (1024 * 1024) - (256 * 1024) - BundleLayout.ManifestSize, svn: 3));

    public static HybridSigningKeys[] MlDsaVendor => MlDsaVendorKeys.Value;

    public static HybridSigningKeys MlDsaOwner => MlDsaOwnerKeys.Value;

    public static HybridSigningKeys LmsVendor => LmsVendorKeys.Value;

    public static HybridSigningKeys LmsOwner => LmsOwnerKeys.Value;

    /// <summary>A signed ML-DSA bundle with 16- and 24-byte images, SVN 5, and fuses that accept it.</summary>
    public static (byte[] Bundle, ImageVerificationFuses Fuses) SmallMlDsaBundle => (SmallMlDsa.Value.Bundle.ToArray(), SmallMlDsa.Value.Fuses);

    /// <summary>The same with LMS (H5 test keys).</summary>
    public static (byte[] Bundle, ImageVerificationFuses Fuses) SmallLmsBundle => (SmallLms.Value.Bundle.ToArray(), SmallLms.Value.Fuses);

    /// <summary>A signed ML-DSA bundle of exactly 1 MiB.</summary>
    public static (byte[] Bundle, ImageVerificationFuses Fuses) OneMebibyteBundle => (LargeMlDsa.Value.Bundle.ToArray(), LargeMlDsa.Value.Fuses);

    public static HybridSigningKeys Vendor(PqcKeyType type) => type == PqcKeyType.Lms ? LmsVendor : MlDsaVendor[0];

    public static HybridSigningKeys Owner(PqcKeyType type) => type == PqcKeyType.Lms ? LmsOwner : MlDsaOwner;

    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + seed);
        }

        return bytes;
    }

    public static FirmwareBundleDescription Description(PqcKeyType type, int fmcSize, int runtimeSize, uint svn, uint eccIndex = 0, uint pqcIndex = 0)
    {
        var vendors = type == PqcKeyType.Lms ? [LmsVendor, LmsBackupKeys.Value] : MlDsaVendor;
        return new FirmwareBundleDescription
        {
            PqcKeyType = type,
            VendorEccPublicKeys = [.. vendors.Select(v => v.Ecc.PublicKey)],
            VendorPqcPublicKeys = [.. vendors.Select(v => v.Pqc.PublicKey)],
            VendorEccKeyIndex = eccIndex,
            VendorPqcKeyIndex = pqcIndex,
            Owner = HybridPublicKeys.Of(Owner(type)),
            Svn = svn,
            Revision = 0x0102_0304_0506_0708,
            Fmc = new BundleImageInput(Pattern(fmcSize, 1), 0x4000_0000, 0x4000_0000, 1, new byte[] { 0xAA, 0xBB }),
            Runtime = new BundleImageInput(Pattern(runtimeSize, 2), 0x4010_0000, 0x4010_0004, 2, new byte[] { 0xCC }),
        };
    }

    public static (byte[] Bundle, ImageVerificationFuses Fuses) SignedBundle(PqcKeyType type, int fmcSize, int runtimeSize, uint svn, uint eccIndex = 0, uint pqcIndex = 0)
    {
        var bytes = FirmwareBundleBuilder.Build(Engines.Sha, Description(type, fmcSize, runtimeSize, svn, eccIndex, pqcIndex)).ToArray();
        var vendors = type == PqcKeyType.Lms ? [LmsVendor, LmsBackupKeys.Value] : MlDsaVendor;
        var vendor = new HybridSigningKeys(vendors[eccIndex].Ecc, vendors[pqcIndex].Pqc);
        var status = FirmwareBundleSigner.Sign(Engines.Sha, bytes, vendor, Owner(type));
        if (status != BundleSigningStatus.Signed)
        {
            throw new InvalidOperationException(status.ToString());
        }

        return (bytes, FusesFor(bytes, type, minimumSvn: 1));
    }

    public static ImageVerificationFuses FusesFor(byte[] bundle, PqcKeyType type, uint minimumSvn)
    {
        var vendorHash = new byte[48];
        var ownerHash = new byte[48];
        FirmwareBundleVerifier.TryComputeVendorPublicKeyHash(Engines.Sha, bundle, vendorHash);
        FirmwareBundleVerifier.TryComputeOwnerPublicKeyHash(Engines.Sha, bundle, ownerHash);
        return new ImageVerificationFuses(vendorHash, type, ownerHash, 0, 0, 0, minimumSvn, AntiRollbackDisabled: false);
    }

    private static EccSigner Ecc(int seed) => EccSigner.FromSeed(Engines.Ecc, Enumerable.Repeat((byte)seed, 64).ToArray());

    private static MlDsaSigner MlDsa(int seed) => MlDsaSigner.FromSeed(Engines.MlDsa, Enumerable.Repeat((byte)seed, 32).ToArray());

    private static TestLmsSigner Lms(int seed) => new(new LmsSigner(5, Enumerable.Repeat((byte)seed, 16).ToArray(), Enumerable.Repeat((byte)(seed + 1), 24).ToArray(), new InMemoryLmsIndexStore()));

    /// <summary>An H5 LMS key (32 leaves) as an image signer.</summary>
    private sealed class TestLmsSigner(LmsSigner signer) : IPqcSigner
    {
        private readonly byte[] _publicKey = signer.PublicKey;

        public PqcKeyType KeyType => PqcKeyType.Lms;

        public ReadOnlyMemory<byte> PublicKey => _publicKey;

        public int Sign(ReadOnlySpan<byte> message, Span<byte> signature)
        {
            signer.Sign(message, signature[..signer.SignatureSize]);
            return signer.SignatureSize;
        }
    }
}
