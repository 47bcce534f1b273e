using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// ML-DSA-87 (FIPS 204) through BouncyCastle, as Caliptra's Adams Bridge engine uses it:
/// key generation from the 32-byte seed ξ (FIPS 204 Algorithm 6, ML-DSA.KeyGen_internal),
/// deterministic signing (Algorithm 2 with rnd = 0^32) of the pure message with an empty
/// context string, and verification (Algorithm 3). Private keys are FIPS 204's expanded
/// 4896-byte encoding, public keys 2592 bytes, signatures 4627 bytes.
/// </summary>
public sealed class MlDsa87Engine : IMlDsaEngine
{
    private static readonly MLDsaParameters Parameters = MLDsaParameters.ml_dsa_87;

    /// <summary>A known-answer vector.</summary>
    /// <param name="Name">The vector's name.</param>
    /// <param name="Seed">ξ.</param>
    /// <param name="PublicKeySha256">SHA-256 of the public key FIPS 204 KeyGen gives for ξ.</param>
    /// <param name="Message">A message.</param>
    /// <param name="SignatureSha256">SHA-256 of the deterministic signature of the message.</param>
    internal readonly record struct Vector(string Name, byte[] Seed, byte[] PublicKeySha256, byte[] Message, byte[] SignatureSha256);

    /// <summary>
    /// ξ = 00..1F. The public-key digest was computed with OpenSSL 3.5's ML-DSA-87 (an
    /// independent implementation); the signature digest is BouncyCastle's deterministic
    /// signature, which OpenSSL verified when the vector was made.
    /// </summary>
    internal static readonly Vector[] KnownAnswers =
    [
        new("ML-DSA-87 seed 00..1F",
            Hex.Decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            Hex.Decode(MlDsaKatValues.PublicKeySha256),
            "Rampart ML-DSA-87 known answer"u8.ToArray(),
            Hex.Decode(MlDsaKatValues.SignatureSha256)),
    ];

    /// <inheritdoc/>
    public string EngineName => "ML-DSA-87";

    /// <inheritdoc/>
    public void DeriveKeyPair(ReadOnlySpan<byte> seed, Span<byte> privateKey, Span<byte> publicKey)
    {
        RequireLength(seed, MlDsa87.SeedSize, nameof(seed));
        RequireLength(privateKey, MlDsa87.PrivateKeySize, nameof(privateKey));
        RequireLength(publicKey, MlDsa87.PublicKeySize, nameof(publicKey));
        byte[] seedCopy = seed.ToArray();
        byte[]? encoded = null;
        try
        {
            MLDsaPrivateKeyParameters key = MLDsaPrivateKeyParameters.FromSeed(Parameters, seedCopy, MLDsaPrivateKeyParameters.Format.EncodingOnly);
            encoded = key.GetEncoded();
            encoded.CopyTo(privateKey);
            key.GetPublicKeyEncoded().CopyTo(publicKey);
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
    /// <exception cref="ArgumentException">A private key or signature buffer of the wrong size, or a private key that does not decode.</exception>
    public void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        RequireLength(privateKey, MlDsa87.PrivateKeySize, nameof(privateKey));
        RequireLength(signature, MlDsa87.SignatureSize, nameof(signature));
        byte[] keyCopy = privateKey.ToArray();
        try
        {
            MLDsaPrivateKeyParameters key;
            try
            {
                key = MLDsaPrivateKeyParameters.FromEncoding(Parameters, keyCopy);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                throw new ArgumentException("The ML-DSA-87 private key does not decode.", nameof(privateKey), e);
            }

            var signer = new MLDsaSigner(Parameters, deterministic: true);
            signer.Init(true, key);
            signer.BlockUpdate(message);
            signer.GenerateSignature().CopyTo(signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Keys and signatures of the wrong size, or that do not decode, are Invalid; library exceptions never escape.</remarks>
    public Verdict Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != MlDsa87.PublicKeySize || signature.Length != MlDsa87.SignatureSize)
        {
            return Verdict.Invalid;
        }

        try
        {
            MLDsaPublicKeyParameters key = MLDsaPublicKeyParameters.FromEncoding(Parameters, publicKey.ToArray());
            var verifier = new MLDsaSigner(Parameters, deterministic: true);
            verifier.Init(false, key);
            verifier.BlockUpdate(message);
            return VerdictExtensions.From(verifier.VerifySignature(signature.ToArray()));
        }
        catch (Exception)
        {
            return Verdict.Invalid;
        }
    }

    /// <inheritdoc/>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(KnownAnswers);

    /// <summary>Runs the given vectors: key generation, deterministic signature, verification, a flipped bit rejected.</summary>
    internal KatResult RunKnownAnswerTest(IReadOnlyList<Vector> vectors) => KnownAnswer.Guard(EngineName, () => RunVectors(vectors));

    private KatResult RunVectors(IReadOnlyList<Vector> vectors)
    {
        byte[] privateKey = new byte[MlDsa87.PrivateKeySize];
        byte[] publicKey = new byte[MlDsa87.PublicKeySize];
        byte[] signature = new byte[MlDsa87.SignatureSize];
        try
        {
            foreach (Vector v in vectors)
            {
                DeriveKeyPair(v.Seed, privateKey, publicKey);
                if (!SHA256.HashData(publicKey).AsSpan().SequenceEqual(v.PublicKeySha256))
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: public key mismatch");
                }

                Sign(privateKey, v.Message, signature);
                if (!SHA256.HashData(signature).AsSpan().SequenceEqual(v.SignatureSha256))
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: signature mismatch");
                }

                if (!Verify(publicKey, v.Message, signature).IsValid())
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: verification rejected the signature");
                }

                signature[17] ^= 0x04;
                if (Verify(publicKey, v.Message, signature) != Verdict.Invalid)
                {
                    return KatResult.Fail(EngineName, $"{v.Name}: verification accepted a flipped bit");
                }
            }

            return KatResult.Pass(EngineName);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
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
