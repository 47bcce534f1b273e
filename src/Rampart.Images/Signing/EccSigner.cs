using Rampart.Hal.Crypto;

namespace Rampart.Images.Signing;

/// <summary>An ECC P-384 key that signs SHA-384 digests through the ECC engine (RFC 6979).</summary>
public sealed class EccSigner
{
    private readonly IEccEngine _engine;
    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey = new byte[P384.PublicKeySize];

    /// <summary>Wraps a 48-byte private scalar.</summary>
    public EccSigner(IEccEngine engine, ReadOnlySpan<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (privateKey.Length != P384.PrivateKeySize)
        {
            throw new ArgumentException("A P-384 private key is 48 bytes.", nameof(privateKey));
        }

        _engine = engine;
        _privateKey = privateKey.ToArray();
        engine.GetPublicKey(_privateKey, _publicKey);
    }

    /// <summary>Derives the key pair from a seed of at least 48 bytes.</summary>
    public static EccSigner FromSeed(IEccEngine engine, ReadOnlySpan<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Span<byte> privateKey = stackalloc byte[P384.PrivateKeySize];
        Span<byte> publicKey = stackalloc byte[P384.PublicKeySize];
        engine.DeriveKeyPair(seed, privateKey, publicKey);
        var signer = new EccSigner(engine, privateKey);
        privateKey.Clear();
        return signer;
    }

    /// <summary>The public key x || y.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Signs a 48-byte SHA-384 digest into 96 bytes r || s.</summary>
    public void Sign(ReadOnlySpan<byte> digest, Span<byte> signature) =>
        _engine.Sign(_privateKey, digest, signature[..P384.SignatureSize]);
}
