using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// <see cref="ISpdmCrypto"/> over the Hal crypto engines, with secrets kept in a private
/// table. Host tools use it; the device uses Caliptra's mailbox instead.
/// </summary>
public sealed class EngineSpdmCrypto : ISpdmCrypto
{
    private const int H = 48;
    private readonly ICryptoEngines _engines;
    private readonly Dictionary<int, byte[]> _secrets = [];
    private readonly Dictionary<string, byte[]> _psks = new(StringComparer.Ordinal);
    private int _next = 1;

    /// <summary>Creates the provider.</summary>
    /// <param name="engines">The crypto engines (their DRBG supplies every random value).</param>
    /// <param name="allowDebugExport">True only on a development chip: lets spdm-dump see session secrets.</param>
    public EngineSpdmCrypto(ICryptoEngines engines, bool allowDebugExport = false)
    {
        _engines = engines ?? throw new ArgumentNullException(nameof(engines));
        AllowDebugExport = allowDebugExport;
    }

    /// <summary>Whether <see cref="TryExportForDebug"/> may export.</summary>
    public bool AllowDebugExport { get; }

    /// <summary>Secrets currently held (for tests: a finished session leaves none behind).</summary>
    public int LiveSecrets => _secrets.Count;

    /// <inheritdoc/>
    public int HashSize => H;

    /// <summary>Registers a pre-shared key under a hint.</summary>
    public void AddPsk(ReadOnlySpan<byte> hint, ReadOnlySpan<byte> psk) => _psks[Convert.ToHexString(hint)] = psk.ToArray();

    /// <inheritdoc/>
    void ISpdmCrypto.Hash(ReadOnlySpan<byte> data, Span<byte> digest) => _engines.Sha.Hash(ShaAlgorithm.Sha384, data, digest);

    /// <inheritdoc/>
    public void Random(Span<byte> output) => _engines.Drbg.Generate(output);

    /// <inheritdoc/>
    public SpdmSecret GenerateDhe(Span<byte> publicKey)
    {
        var seed = new byte[P384.PrivateKeySize + 16];
        _engines.Drbg.Generate(seed);
        var priv = new byte[P384.PrivateKeySize];
        _engines.Ecc.DeriveKeyPair(seed, priv, publicKey);
        CryptographicOperations.ZeroMemory(seed);
        return Store(priv);
    }

    /// <inheritdoc/>
    public bool TryAgree(SpdmSecret privateKey, ReadOnlySpan<byte> peerPublicKey, out SpdmSecret sharedSecret)
    {
        sharedSecret = default;
        if (!_secrets.TryGetValue(privateKey.Id, out var priv) || peerPublicKey.Length != P384.PublicKeySize)
        {
            return false;
        }

        var secret = new byte[P384.SharedSecretSize];
        var ok = _engines.Ecc.TryAgree(priv, peerPublicKey, secret);
        Destroy(privateKey);
        if (!ok)
        {
            return false;
        }

        sharedSecret = Store(secret);
        return true;
    }

    /// <inheritdoc/>
    public bool TryGetPsk(ReadOnlySpan<byte> hint, out SpdmSecret psk)
    {
        psk = default;
        if (!_psks.TryGetValue(Convert.ToHexString(hint), out var key))
        {
            return false;
        }

        psk = Store((byte[])key.Clone());
        return true;
    }

    /// <inheritdoc/>
    public SpdmSecret HkdfExtract(ReadOnlySpan<byte> salt, SpdmSecret ikm)
    {
        var prk = new byte[H];
        if (ikm.IsValid)
        {
            _engines.Hmac.HkdfExtract(ShaAlgorithm.Sha384, Get(ikm), salt, prk);
        }
        else
        {
            _engines.Hmac.HkdfExtract(ShaAlgorithm.Sha384, new byte[H], salt, prk);
        }

        return Store(prk);
    }

    /// <inheritdoc/>
    public SpdmSecret HkdfExtractWithSecretSalt(SpdmSecret salt)
    {
        var prk = new byte[H];
        _engines.Hmac.HkdfExtract(ShaAlgorithm.Sha384, new byte[H], Get(salt), prk);
        return Store(prk);
    }

    /// <inheritdoc/>
    public SpdmSecret HkdfExpand(SpdmSecret prk, ReadOnlySpan<byte> info, int length)
    {
        var okm = new byte[length];
        _engines.Hmac.HkdfExpand(ShaAlgorithm.Sha384, Get(prk), info, okm);
        return Store(okm);
    }

    /// <inheritdoc/>
    public void HkdfExpandPublic(SpdmSecret prk, ReadOnlySpan<byte> info, Span<byte> output) =>
        _engines.Hmac.HkdfExpand(ShaAlgorithm.Sha384, Get(prk), info, output);

    /// <inheritdoc/>
    public void Hmac(SpdmSecret key, ReadOnlySpan<byte> data, Span<byte> mac) =>
        _engines.Hmac.Mac(ShaAlgorithm.Sha384, Get(key), data, mac);

    /// <inheritdoc/>
    public void AeadEncrypt(SpdmSecret key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag) =>
        _engines.AesGcm.Encrypt(Get(key), nonce, plaintext, associatedData, ciphertext, tag);

    /// <inheritdoc/>
    public Verdict AeadDecrypt(SpdmSecret key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext) =>
        _secrets.ContainsKey(key.Id) ? _engines.AesGcm.Decrypt(Get(key), nonce, ciphertext, tag, associatedData, plaintext) : Verdict.Invalid;

    /// <inheritdoc/>
    public void Destroy(SpdmSecret secret)
    {
        if (_secrets.Remove(secret.Id, out var bytes))
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <inheritdoc/>
    public Verdict VerifyEcdsa(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Span<byte> digest = stackalloc byte[H];
        _engines.Sha.Hash(ShaAlgorithm.Sha384, message, digest);
        return _engines.Ecc.Verify(publicKey, digest, signature);
    }

    /// <inheritdoc/>
    public bool TryExportForDebug(SpdmSecret secret, Span<byte> output, out int written)
    {
        written = 0;
        if (!AllowDebugExport || !_secrets.TryGetValue(secret.Id, out var bytes) || output.Length < bytes.Length)
        {
            return false;
        }

        bytes.CopyTo(output);
        written = bytes.Length;
        return true;
    }

    private SpdmSecret Store(byte[] bytes)
    {
        var id = _next++;
        _secrets[id] = bytes;
        return new SpdmSecret(id);
    }

    private byte[] Get(SpdmSecret secret) =>
        _secrets.TryGetValue(secret.Id, out var bytes) ? bytes : throw new ArgumentException("unknown or destroyed secret handle", nameof(secret));
}
