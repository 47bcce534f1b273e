using BenchmarkDotNet.Attributes;
using Rampart.Crypto;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;
using Rampart.Identity.X509;

namespace Rampart.Benchmarks.Identity;

/// <summary>DICE identity: parsing a certificate, verifying a full ECC chain, and building both chains of a chip.</summary>
[MemoryDiagnoser]
public class DiceChainBenchmarks
{
    private static readonly byte[] Seed = "rampart-bench"u8.ToArray();
    private SoftwareCryptoEngines _engines = null!;
    private IReadOnlyList<ReadOnlyMemory<byte>> _eccChain = null!;
    private IReadOnlyList<ReadOnlyMemory<byte>> _mlDsaChain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engines = new SoftwareCryptoEngines(Seed);
        var (ecc, mlDsa) = BuildChains();
        _eccChain = ecc.Certificates.Select(c => (ReadOnlyMemory<byte>)c).ToList();
        _mlDsaChain = mlDsa.Certificates.Select(c => (ReadOnlyMemory<byte>)c).ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => _engines.Dispose();

    [Benchmark]
    public bool ParseLdevIdCertificate() => ParsedCertificate.TryParse(_eccChain[2], out _) == Wire.WireStatus.Done;

    [Benchmark]
    public bool VerifyEccChain() => ChainVerifier.Verify(_engines, _eccChain).IsValid;

    [Benchmark]
    public bool VerifyMlDsaChain() => ChainVerifier.Verify(_engines, _mlDsaChain).IsValid;

    [Benchmark]
    public int BuildBothChains() => BuildChains().Ecc.Certificates.Count;

    private (DiceChain Ecc, DiceChain MlDsa) BuildChains()
    {
        using var device = DevelopmentDevice.FromSeed(_engines.Kdf, Seed);
        using var ca = DevelopmentManufacturerCa.FromSeed(_engines, device.CaSeed);
        using var source = new SoftwareDiceKeySource(_engines);
        var inputs = new DiceChainInputs(device.Ueid, false, true, null, null);
        return DiceChainBuilder.Build(_engines, source, source.Import(device.Uds), source.Import(device.FieldEntropy), ca, inputs);
    }
}
