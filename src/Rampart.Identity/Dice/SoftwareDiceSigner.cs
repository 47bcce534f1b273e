using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Identity.Dice;

/// <summary>
/// A DICE key held in memory (host tools, the development manufacturer CA): signs through
/// the Hal engines, zeroes its private key on <see cref="Dispose"/>.
/// </summary>
public sealed class SoftwareDiceSigner : IDiceSigner, IDisposable
{
    private readonly ICryptoEngines _engines;
    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;

    private SoftwareDiceSigner(ICryptoEngines engines, DiceKeyAlgorithm algorithm, byte[] privateKey, byte[] publicKey)
    {
        _engines = engines;
        Algorithm = algorithm;
        _privateKey = privateKey;
        _publicKey = publicKey;
    }

    /// <summary>ECC seed length taken from a KDF output (Caliptra feeds the ECC engine 384 bits).</summary>
    public const int EccSeedSize = 48;

    /// <inheritdoc/>
    public DiceKeyAlgorithm Algorithm { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>
    /// Makes the key pair the engine derives from <paramref name="seed"/>: its first 48
    /// bytes for ECC P-384, its first 32 for ML-DSA-87.
    /// </summary>
    public static SoftwareDiceSigner FromSeed(ICryptoEngines engines, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(engines);
        switch (algorithm)
        {
            case DiceKeyAlgorithm.EccP384:
            {
                if (seed.Length < EccSeedSize)
                {
                    throw new ArgumentException("an ECC seed is at least 48 bytes", nameof(seed));
                }

                var priv = new byte[P384.PrivateKeySize];
                var pub = new byte[P384.PublicKeySize];
                engines.Ecc.DeriveKeyPair(seed[..EccSeedSize], priv, pub);
                return new SoftwareDiceSigner(engines, algorithm, priv, pub);
            }

            case DiceKeyAlgorithm.MlDsa87:
            {
                if (seed.Length < MlDsa87.SeedSize)
                {
                    throw new ArgumentException("an ML-DSA-87 seed is at least 32 bytes", nameof(seed));
                }

                var priv = new byte[MlDsa87.PrivateKeySize];
                var pub = new byte[MlDsa87.PublicKeySize];
                engines.MlDsa.DeriveKeyPair(seed[..MlDsa87.SeedSize], priv, pub);
                return new SoftwareDiceSigner(engines, algorithm, priv, pub);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm));
        }
    }

    /// <inheritdoc/>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (signature.Length != Algorithm.SignatureSize())
        {
            throw new ArgumentException("signature buffer has the wrong size", nameof(signature));
        }

        if (Algorithm == DiceKeyAlgorithm.EccP384)
        {
            Span<byte> digest = stackalloc byte[48];
            _engines.Sha.Hash(ShaAlgorithm.Sha384, message, digest);
            _engines.Ecc.Sign(_privateKey, digest, signature);
        }
        else
        {
            _engines.MlDsa.Sign(_privateKey, message, signature);
        }
    }

    /// <summary>Zeroes the private key.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_privateKey);
}
