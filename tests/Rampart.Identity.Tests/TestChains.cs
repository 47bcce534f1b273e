using System.Security.Cryptography;
using System.Text;
using Rampart.Crypto;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;

namespace Rampart.Identity.Tests;

/// <summary>Builds development chips' DICE chains for the tests; results are cached per seed because ML-DSA keys are slow to make.</summary>
internal static class TestChains
{
    private static readonly Dictionary<string, (DiceChain Ecc, DiceChain MlDsa)> Cache = [];
    private static readonly Lock Gate = new();

    public static readonly byte[] DefaultSeed = Convert.FromHexString("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");

    public static SoftwareCryptoEngines Engines() => new(DefaultSeed);

    public static byte[] Digest(string text) => SHA384.HashData(Encoding.UTF8.GetBytes(text));

    public static FmcMeasurement SampleFmc(string fmcName = "fmc image") => new(
        Lifecycle: 3,
        DebugLocked: 1,
        AntiRollbackDisable: 0,
        VendorEccKeyIndex: 0,
        FirmwareSvn: 5,
        FuseSvn: 5,
        VendorPqcKeyIndex: 1,
        PqcKeyType: 1,
        OwnerKeyHashFromFuses: 1,
        VendorKeyHash: Digest("vendor keys"),
        OwnerKeyHash: Digest("owner keys"),
        FmcDigest: Digest(fmcName));

    public static RuntimeMeasurement SampleRuntime() => new(7, Digest("runtime image"), Digest("manifest"));

    /// <summary>The chains of the development chip made from <paramref name="seed"/>; with <paramref name="booted"/> the alias layers too.</summary>
    public static (DiceChain Ecc, DiceChain MlDsa) Build(byte[] seed, bool booted, string fmcName = "fmc image")
    {
        var key = Convert.ToHexString(seed) + booted + fmcName;
        lock (Gate)
        {
            if (Cache.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var built = BuildUncached(seed, booted, fmcName);
        lock (Gate)
        {
            Cache[key] = built;
        }

        return built;
    }

    public static (DiceChain Ecc, DiceChain MlDsa) BuildUncached(byte[] seed, bool booted, string fmcName = "fmc image")
    {
        using var engines = new SoftwareCryptoEngines(seed);
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, seed);
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        using var source = new SoftwareDiceKeySource(engines);
        var uds = source.Import(device.Uds);
        var fe = source.Import(device.FieldEntropy);
        var inputs = new DiceChainInputs(device.Ueid, DebugUnlocked: false, Production: true, booted ? SampleFmc(fmcName) : null, booted ? SampleRuntime() : null);
        return DiceChainBuilder.Build(engines, source, uds, fe, ca, inputs);
    }

    public static IReadOnlyList<ReadOnlyMemory<byte>> AsMemory(IEnumerable<byte[]> certificates) =>
        certificates.Select(c => (ReadOnlyMemory<byte>)c).ToList();
}
