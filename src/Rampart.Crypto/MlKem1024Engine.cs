using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// ML-KEM-1024 (FIPS 203) through BouncyCastle: key generation from the 64-byte seed d || z
/// (Algorithm 16, ML-KEM.KeyGen_internal), encapsulation with the caller's 32 bytes of
/// randomness m (Algorithm 17, ML-KEM.Encaps_internal; the bytes come from the DRBG so runs
/// repeat), and decapsulation with implicit rejection (Algorithm 18): a tampered ciphertext
/// yields a different, pseudorandom shared secret rather than an error.
/// </summary>
public sealed class MlKem1024Engine : IMlKemEngine
{
    /// <summary>Size of the encapsulation randomness m.</summary>
    public const int RandomnessSize = 32;

    private static readonly MLKemParameters Parameters = MLKemParameters.ml_kem_1024;

    /// <summary>A known-answer vector.</summary>
    /// <param name="Name">The vector's name.</param>
    /// <param name="Seed">d || z.</param>
    /// <param name="EncapsulationKeySha256">SHA-256 of the encapsulation key KeyGen gives for the seed.</param>
    /// <param name="Ciphertext">A ciphertext made by another implementation for that key.</param>
    /// <param name="SharedSecret">The shared secret of that ciphertext.</param>
    /// <param name="Randomness">m for an encapsulation.</param>
    /// <param name="EncapsulationSha256">SHA-256 of ciphertext || shared secret for m.</param>
    internal readonly record struct Vector(string Name, byte[] Seed, byte[] EncapsulationKeySha256, byte[] Ciphertext, byte[] SharedSecret, byte[] Randomness, byte[] EncapsulationSha256);

    /// <summary>
    /// Seed 00..3F. The key digest, ciphertext and shared secret come from OpenSSL 3.5's
    /// ML-KEM-1024 (an independent implementation); the encapsulation digest is BouncyCastle's
    /// output for m = 40..5F, which OpenSSL decapsulated to the same secret when the vector was made.
    /// </summary>
    internal static readonly Vector[] KnownAnswers =
    [
        new("ML-KEM-1024 seed 00..3F",
            Hex.Decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"),
            Hex.Decode(MlKemKatValues.EncapsulationKeySha256),
            Hex.Decode(MlKemKatValues.Ciphertext),
            Hex.Decode(MlKemKatValues.SharedSecret),
            Hex.Decode("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"),
            Hex.Decode(MlKemKatValues.EncapsulationSha256)),
    ];

    /// <inheritdoc/>
    public string EngineName => "ML-KEM-1024";

    /// <inheritdoc/>
    public void DeriveKeyPair(ReadOnlySpan<byte> seed, Span<byte> decapsulationKey, Span<byte> encapsulationKey)
    {
        RequireLength(seed, MlKem1024.SeedSize, nameof(seed));
        RequireLength(decapsulationKey, MlKem1024.DecapsulationKeySize, nameof(decapsulationKey));
        RequireLength(encapsulationKey, MlKem1024.EncapsulationKeySize, nameof(encapsulationKey));
        byte[] seedCopy = seed.ToArray();
        byte[]? encoded = null;
        try
        {
            MLKemPrivateKeyParameters key = MLKemPrivateKeyParameters.FromSeed(Parameters, seedCopy, MLKemPrivateKeyParameters.Format.EncodingOnly);
            encoded = key.GetEncoded();
            encoded.CopyTo(decapsulationKey);
            key.GetPublicKeyEncoded().CopyTo(encapsulationKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedCopy);
            if (encoded is not null)
            {
                CryptographicOperations.ZeroMemory(encoded);
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Randomness, ciphertext or secret buffers of the wrong size (caller bugs).</exception>
    public bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> randomness, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        RequireLength(randomness, RandomnessSize, nameof(randomness));
        RequireLength(ciphertext, MlKem1024.CiphertextSize, nameof(ciphertext));
        RequireLength(sharedSecret, MlKem1024.SharedSecretSize, nameof(sharedSecret));
        if (encapsulationKey.Length != MlKem1024.EncapsulationKeySize)
        {
            ciphertext.Clear();
            sharedSecret.Clear();
            return false;
        }

        MLKemPublicKeyParameters key;
        try
        {
            key = MLKemPublicKeyParameters.FromEncoding(Parameters, encapsulationKey.ToArray());
        }
        catch (Exception)
        {
            ciphertext.Clear();
            sharedSecret.Clear();
            return false;
        }

        var random = new FixedRandomGenerator(randomness);
        try
        {
            var encapsulator = new MLKemEncapsulator(Parameters);
            encapsulator.Init(new ParametersWithRandom(key, new SecureRandom(random)));
            encapsulator.Encapsulate(ciphertext, sharedSecret);
            if (random.Remaining != 0)
            {
                throw new InvalidOperationException("ML-KEM encapsulation did not consume all of m.");
            }

            return true;
        }
        finally
        {
            random.Clear();
        }
    }

    /// <inheritdoc/>
    public bool TryDecapsulate(ReadOnlySpan<byte> decapsulationKey, ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        RequireLength(sharedSecret, MlKem1024.SharedSecretSize, nameof(sharedSecret));
        if (decapsulationKey.Length != MlKem1024.DecapsulationKeySize || ciphertext.Length != MlKem1024.CiphertextSize)
        {
            sharedSecret.Clear();
            return false;
        }

        byte[] keyCopy = decapsulationKey.ToArray();
        try
        {
            MLKemPrivateKeyParameters key = MLKemPrivateKeyParameters.FromEncoding(Parameters, keyCopy);
            var decapsulator = new MLKemDecapsulator(Parameters);
            decapsulator.Init(key);
            decapsulator.Decapsulate(ciphertext, sharedSecret);
            return true;
        }
        catch (Exception)
        {
            sharedSecret.Clear();
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }

    /// <inheritdoc/>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(KnownAnswers);

    /// <summary>Runs the given vectors: key generation, decapsulation of a foreign ciphertext, deterministic encapsulation and its round trip.</summary>
    internal KatResult RunKnownAnswerTest(IReadOnlyList<Vector> vectors) => KnownAnswer.Guard(EngineName, () => RunVectors(vectors));

    private KatResult RunVectors(IReadOnlyList<Vector> vectors)
    {
        byte[] dk = new byte[MlKem1024.DecapsulationKeySize];
        byte[] ek = new byte[MlKem1024.EncapsulationKeySize];
        byte[] ct = new byte[MlKem1024.CiphertextSize];
        byte[] ss = new byte[MlKem1024.SharedSecretSize];
        byte[] ss2 = new byte[MlKem1024.SharedSecretSize];
        try
        {
            foreach (Vector v in vectors)
            {
                DeriveKeyPair(v.Seed, dk, ek);
                if (!SHA256.HashData(ek).AsSpan().SequenceEqual(v.EncapsulationKeySha256))
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: encapsulation key mismatch");
                }

                if (!TryDecapsulate(dk, v.Ciphertext, ss) || !CryptographicOperations.FixedTimeEquals(ss, v.SharedSecret))
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: decapsulation mismatch");
                }

                if (!TryEncapsulate(ek, v.Randomness, ct, ss) || !SHA256.HashData([.. ct, .. ss]).AsSpan().SequenceEqual(v.EncapsulationSha256))
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: encapsulation mismatch");
                }

                if (!TryDecapsulate(dk, ct, ss2) || !CryptographicOperations.FixedTimeEquals(ss, ss2))
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: round trip mismatch");
                }
            }

            return KatResult.Pass(EngineName);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dk);
            CryptographicOperations.ZeroMemory(ss);
            CryptographicOperations.ZeroMemory(ss2);
        }
    }

    private static void RequireLength(ReadOnlySpan<byte> span, int length, string parameterName)
    {
        if (span.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes, got {span.Length}.", parameterName);
        }
    }
}
