using System.Security.Cryptography;
using System.Text;
using Rampart.Hal.Security;

namespace Rampart.Host.ChipState;

/// <summary>
/// The secrets of a development chip, derived deterministically from a seed phrase so the
/// same seed always provisions the same chip: HKDF-SHA384 (RFC 5869) with the seed's UTF-8
/// bytes as input keying material, salt "rampart development chip" and a label per secret.
/// Never for production parts: anyone who knows the seed knows the UDS.
/// </summary>
public sealed class DevelopmentSecrets
{
    /// <summary>The seed used when none is given.</summary>
    public const string DefaultSeed = "rampart-dev";

    /// <summary>Size of each lifecycle token.</summary>
    public const int TokenSize = 32;

    private static readonly byte[] Salt = "rampart development chip"u8.ToArray();

    private readonly byte[] _prk;

    /// <summary>Derives the secrets of the chip made from <paramref name="seed"/>.</summary>
    public DevelopmentSecrets(string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        Seed = seed;
        _prk = HKDF.Extract(HashAlgorithmName.SHA384, Encoding.UTF8.GetBytes(seed), Salt);
    }

    /// <summary>The seed phrase.</summary>
    public string Seed { get; }

    /// <summary>The UDS seed (64 bytes).</summary>
    public byte[] UdsSeed() => Expand("uds seed", FuseLayout.UdsSeedSize);

    /// <summary>The field entropy (32 bytes).</summary>
    public byte[] FieldEntropy() => Expand("field entropy", FuseLayout.FieldEntropySize);

    /// <summary>A lifecycle token (32 bytes); only its hash is fused.</summary>
    public byte[] Token(LifecycleToken token) => Expand("lifecycle token " + token, TokenSize);

    /// <summary>A 64-byte seed for a development production-debug-unlock key of a level; <paramref name="algorithm"/> ("ecc" or "mldsa") separates the two keys (ML-DSA uses the first 32 bytes).</summary>
    public byte[] DebugUnlockKeySeed(int level, string algorithm) => Expand("debug unlock " + algorithm + " level " + level.ToString(System.Globalization.CultureInfo.InvariantCulture), 64);

    /// <summary>A 64-byte seed for a development SPDM requester key (<paramref name="role"/> "root" or "leaf", decision 0277).</summary>
    public byte[] SpdmRequesterKeySeed(string role) => Expand("spdm requester " + role, 64);

    private byte[] Expand(string label, int length) =>
        HKDF.Expand(HashAlgorithmName.SHA384, _prk, length, Encoding.UTF8.GetBytes(label));
}
