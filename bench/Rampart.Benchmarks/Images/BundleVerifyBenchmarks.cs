using BenchmarkDotNet.Attributes;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Images;
using Rampart.Images.Bundle;
using Rampart.Images.Signing;

namespace Rampart.Benchmarks.Images;

/// <summary>
/// Verifying a signed 1 MiB Caliptra bundle (ML-DSA-87 keys) beside SHA-384 of the same bytes
/// and one ECC P-384 and one ML-DSA-87 verification. Target (issue 4): verify within 1.2x of the
/// hash plus one signature check of each kind.
/// </summary>
[MemoryDiagnoser]
public class BundleVerifyBenchmarks
{
    private readonly SoftwareCryptoEngines _engines = new(0xBE_0001UL);
    private readonly byte[] _digest = new byte[48];
    private readonly byte[] _digest512 = new byte[64];
    private byte[] _bundle = [];
    private ImageVerificationFuses? _fuses;
    private HybridSigningKeys? _vendor;
    private byte[] _eccSignature = new byte[P384.SignatureSize];
    private byte[] _mlDsaSignature = new byte[MlDsa87.SignatureSize];

    [GlobalSetup]
    public void Setup()
    {
        _vendor = Keys(0x11, 0x12);
        var owner = Keys(0x21, 0x22);
        var fmc = new byte[256 * 1024];
        var runtime = new byte[(1024 * 1024) - fmc.Length - BundleLayout.ManifestSize];
        _engines.Drbg.Generate(fmc);
        _engines.Drbg.Generate(runtime);
        _bundle = FirmwareBundleBuilder.Build(_engines.Sha, new FirmwareBundleDescription
        {
            PqcKeyType = PqcKeyType.MlDsa87,
            VendorEccPublicKeys = [_vendor.Ecc.PublicKey],
            VendorPqcPublicKeys = [_vendor.Pqc.PublicKey],
            Owner = HybridPublicKeys.Of(owner),
            Svn = 1,
            Fmc = new BundleImageInput(fmc, 0x4000_0000, 0x4000_0000, 1, default),
            Runtime = new BundleImageInput(runtime, 0x4010_0000, 0x4010_0000, 1, default),
        }).ToArray();
        FirmwareBundleSigner.Sign(_engines.Sha, _bundle, _vendor, owner);
        var vendorHash = new byte[48];
        var ownerHash = new byte[48];
        FirmwareBundleVerifier.TryComputeVendorPublicKeyHash(_engines.Sha, _bundle, vendorHash);
        FirmwareBundleVerifier.TryComputeOwnerPublicKeyHash(_engines.Sha, _bundle, ownerHash);
        _fuses = new ImageVerificationFuses(vendorHash, PqcKeyType.MlDsa87, ownerHash, 0, 0, 0, 1, false);
        _engines.Sha.Hash(ShaAlgorithm.Sha384, _bundle, _digest);
        _engines.Sha.Hash(ShaAlgorithm.Sha512, _bundle, _digest512);
        _vendor.Ecc.Sign(_digest, _eccSignature);
        _vendor.Pqc.Sign(_digest512, _mlDsaSignature);
        if (FirmwareBundleVerifier.Verify(_engines, _bundle, _fuses) != ImageVerdict.Verified)
        {
            throw new InvalidOperationException("The benchmark bundle does not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Sha384OfBundle() => _engines.Sha.Hash(ShaAlgorithm.Sha384, _bundle, _digest);

    [Benchmark]
    public Verdict OneEccVerify() => _engines.Ecc.Verify(_vendor!.Ecc.PublicKey.Span, _digest, _eccSignature);

    [Benchmark]
    public Verdict OneMlDsaVerify() => _engines.MlDsa.Verify(_vendor!.Pqc.PublicKey.Span, _digest512, _mlDsaSignature);

    [Benchmark]
    public ImageVerdict VerifyBundle() => FirmwareBundleVerifier.Verify(_engines, _bundle, _fuses!);

    private HybridSigningKeys Keys(byte ecc, byte pqc) => new(
        EccSigner.FromSeed(_engines.Ecc, Enumerable.Repeat(ecc, 64).ToArray()),
        MlDsaSigner.FromSeed(_engines.MlDsa, Enumerable.Repeat(pqc, 32).ToArray()));
}
