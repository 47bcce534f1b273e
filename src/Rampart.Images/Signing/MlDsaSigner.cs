using Rampart.Hal.Crypto;

namespace Rampart.Images.Signing;

/// <summary>An ML-DSA-87 key that signs through the ML-DSA engine (deterministic signing).</summary>
public sealed class MlDsaSigner : IPqcSigner
{
    private readonly IMlDsaEngine _engine;
    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;

    /// <summary>Wraps an expanded private key and its public key.</summary>
    public MlDsaSigner(IMlDsaEngine engine, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (privateKey.Length != MlDsa87.PrivateKeySize)
        {
            throw new ArgumentException("An ML-DSA-87 private key is 4896 bytes.", nameof(privateKey));
        }

        if (publicKey.Length != MlDsa87.PublicKeySize)
        {
            throw new ArgumentException("An ML-DSA-87 public key is 2592 bytes.", nameof(publicKey));
        }

        _engine = engine;
        _privateKey = privateKey.ToArray();
        _publicKey = publicKey.ToArray();
    }

    /// <summary>Derives the key pair from a 32-byte seed.</summary>
    public static MlDsaSigner FromSeed(IMlDsaEngine engine, ReadOnlySpan<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var privateKey = new byte[MlDsa87.PrivateKeySize];
        var publicKey = new byte[MlDsa87.PublicKeySize];
        engine.DeriveKeyPair(seed, privateKey, publicKey);
        var signer = new MlDsaSigner(engine, privateKey, publicKey);
        Array.Clear(privateKey);
        return signer;
    }

    /// <inheritdoc/>
    public PqcKeyType KeyType => PqcKeyType.MlDsa87;

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <inheritdoc/>
    public int Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        _engine.Sign(_privateKey, message, signature[..MlDsa87.SignatureSize]);
        return MlDsa87.SignatureSize;
    }
}
