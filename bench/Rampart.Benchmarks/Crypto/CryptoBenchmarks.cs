using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Rampart.Crypto;
using Rampart.Hal.Crypto;

namespace Rampart.Benchmarks.Crypto;

/// <summary>SHA-384 over 1 MiB through the SHA engine; the MB/s column is 1 MiB divided by the mean.
/// Compare with <c>openssl speed -evp sha384</c> (its 16384-byte column). On a busy machine run with
/// <c>--inProcess</c>: BenchmarkDotNet's per-benchmark rebuild of the whole solution can time out.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class Sha384Benchmarks
{
    /// <summary>Bytes hashed per operation.</summary>
    public const int Size = 1 << 20;

    private readonly ShaEngine _engine = new();
    private readonly byte[] _data = new byte[Size];
    private readonly byte[] _digest = new byte[48];

    [GlobalSetup]
    public void Setup() => new HmacDrbg(new HmacEngine(), ShaAlgorithm.Sha384, [1], [], []).Generate(_data);

    [Benchmark]
    public int Sha384OneMiB() => _engine.Hash(ShaAlgorithm.Sha384, _data, _digest);

    /// <summary>Adds the MB/s column.</summary>
    public sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new MegabytesPerSecondColumn(Size));
    }
}

/// <summary>ECDSA P-384: deterministic RFC 6979 signing (BouncyCastle custom curve) and verification (OpenSSL through .NET).
/// Compare with <c>openssl speed ecdsap384</c>.</summary>
[MemoryDiagnoser]
public class EcdsaP384Benchmarks
{
    private readonly EccP384Engine _engine = new();
    private readonly byte[] _privateKey = new byte[48];
    private readonly byte[] _publicKey = new byte[96];
    private readonly byte[] _digest = SHA384.HashData("Rampart ECDSA benchmark"u8);
    private readonly byte[] _signature = new byte[96];

    [GlobalSetup]
    public void Setup()
    {
        _engine.DeriveKeyPair(new byte[48], _privateKey, _publicKey);
        _engine.Sign(_privateKey, _digest, _signature);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark]
    public void SignDeterministic() => _engine.Sign(_privateKey, _digest, _signature);

    [Benchmark]
    public Verdict Verify() => _engine.Verify(_publicKey, _digest, _signature);

    /// <summary>An ephemeral key pair from a seed (SPDM's DHE key: DRBG scalar, then d·G).</summary>
    [Benchmark]
    public void DeriveKeyPair() => _engine.DeriveKeyPair(_digest, _privateKey, _publicKey);

    /// <summary>ECDH with a peer's public key (validated on the curve).</summary>
    [Benchmark]
    public bool Agree() => _engine.TryAgree(_privateKey, _publicKey, _signature.AsSpan(0, 48));
}

/// <summary>Opt-in comparison (run it by name): OpenSSL's randomized ECDSA P-384 signing through
/// System.Security.Cryptography — not deterministic, so Rampart never signs this way.</summary>
[MemoryDiagnoser]
public class OpenSslRandomizedEcdsaComparison
{
    private readonly byte[] _digest = SHA384.HashData("Rampart ECDSA benchmark"u8);
    private readonly byte[] _signature = new byte[96];
    private ECDsa? _key;

    [GlobalSetup]
    public void Setup() => _key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    [GlobalCleanup]
    public void Cleanup() => _key?.Dispose();

    [Benchmark]
    public int SignRandomized() => _key!.SignHash(_digest, _signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}

/// <summary>Comparison (run it by name): ECDSA P-384 verification by OpenSSL through
/// System.Security.Cryptography with the key imported once, the path the engine used before
/// BouncyCastle's custom curve overtook it.</summary>
[MemoryDiagnoser]
public class OpenSslEcdsaVerifyComparison
{
    private readonly byte[] _digest = SHA384.HashData("Rampart ECDSA benchmark"u8);
    private readonly byte[] _signature = new byte[96];
    private ECDsa? _key;

    [GlobalSetup]
    public void Setup()
    {
        using var engine = new EccP384Engine();
        byte[] privateKey = new byte[48], publicKey = new byte[96];
        engine.DeriveKeyPair(new byte[48], privateKey, publicKey);
        engine.Sign(privateKey, _digest, _signature);
        _key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP384, Q = new ECPoint { X = publicKey[..48], Y = publicKey[48..] } });
    }

    [GlobalCleanup]
    public void Cleanup() => _key?.Dispose();

    [Benchmark]
    public bool VerifyOpenSsl() => _key!.VerifyHash(_digest, _signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}

/// <summary>ML-DSA-87 deterministic signing and verification (BouncyCastle).</summary>
[MemoryDiagnoser]
public class MlDsa87Benchmarks
{
    private readonly MlDsa87Engine _engine = new();
    private readonly byte[] _privateKey = new byte[MlDsa87.PrivateKeySize];
    private readonly byte[] _publicKey = new byte[MlDsa87.PublicKeySize];
    private readonly byte[] _signature = new byte[MlDsa87.SignatureSize];
    private readonly byte[] _message = new byte[512];

    [GlobalSetup]
    public void Setup()
    {
        _engine.DeriveKeyPair(new byte[32], _privateKey, _publicKey);
        _engine.Sign(_privateKey, _message, _signature);
    }

    [Benchmark]
    public void Sign() => _engine.Sign(_privateKey, _message, _signature);

    [Benchmark]
    public Verdict Verify() => _engine.Verify(_publicKey, _message, _signature);
}

/// <summary>A column showing bytes per operation divided by the mean time, in MB/s (10^6 bytes).</summary>
public sealed class MegabytesPerSecondColumn(int bytesPerOperation) : IColumn
{
    public string Id => nameof(MegabytesPerSecondColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Throughput: bytes per operation / mean time, in 10^6 bytes per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNs is > 0 ? (bytesPerOperation / (meanNs.Value / 1e9) / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
