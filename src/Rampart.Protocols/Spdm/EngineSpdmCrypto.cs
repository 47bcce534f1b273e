using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Protocols.Spdm;

/// <summary>
/// <see cref="ISpdmCrypto"/> over the Hal crypto engines, with secrets kept in a private
/// table. Host tools use it; the device uses Caliptra's mailbox instead. Every operation
/// completes synchronously (the returned <see cref="ValueTask"/> is already complete).
/// </summary>
public sealed class EngineSpdmCrypto : ISpdmCrypto
{
    private const int H = 48;
    private readonly ICryptoEngines _engines;
    private readonly Dictionary<int, byte[]> _secrets = [];
    private readonly HashSet<int> _agreed = [];
    private readonly Dictionary<string, byte[]> _psks = new(StringComparer.Ordinal);
    private int _next = 1;

    /// <summary>Creates the provider.</summary>
    /// <param name="engines">The crypto engines (their DRBG supplies every random value).</param>
    /// <param name="allowDebugExport">True to let <see cref="TryExportDheSecretAsync"/> hand out DHE secrets for spdm_dump (a host's own sessions, or a development chip's).</param>
    public EngineSpdmCrypto(ICryptoEngines engines, bool allowDebugExport = false)
    {
        _engines = engines ?? throw new ArgumentNullException(nameof(engines));
        AllowDebugExport = allowDebugExport;
    }

    /// <summary>Whether <see cref="TryExportDheSecretAsync"/> may export.</summary>
    public bool AllowDebugExport { get; }

    /// <summary>Secrets currently held (for tests: a finished session leaves none behind).</summary>
    public int LiveSecrets => _secrets.Count;

    /// <inheritdoc/>
    public int HashSize => H;

    /// <summary>Registers a pre-shared key under a hint.</summary>
    public void AddPsk(ReadOnlySpan<byte> hint, ReadOnlySpan<byte> psk) => _psks[Convert.ToHexString(hint)] = psk.ToArray();

    /// <inheritdoc/>
    public ValueTask HashAsync(ReadOnlyMemory<byte> data, Memory<byte> digest)
    {
        _engines.Sha.Hash(ShaAlgorithm.Sha384, data.Span, digest.Span);
        return default;
    }

    /// <inheritdoc/>
    public ValueTask RandomAsync(Memory<byte> output)
    {
        _engines.Drbg.Generate(output.Span);
        return default;
    }

    /// <inheritdoc/>
    public ValueTask<SpdmSecret> GenerateDheAsync(Memory<byte> publicKey)
    {
        var seed = new byte[P384.PrivateKeySize + 16];
        _engines.Drbg.Generate(seed);
        var priv = new byte[P384.PrivateKeySize];
        _engines.Ecc.DeriveKeyPair(seed, priv, publicKey.Span);
        CryptographicOperations.ZeroMemory(seed);
        return ValueTask.FromResult(Store(priv));
    }

    /// <inheritdoc/>
    public ValueTask<SpdmSecret?> TryAgreeAsync(SpdmSecret privateKey, ReadOnlyMemory<byte> peerPublicKey)
    {
        var secret = new byte[P384.SharedSecretSize];
        var ok = _secrets.TryGetValue(privateKey.Id, out var priv) && peerPublicKey.Length == P384.PublicKeySize &&
            _engines.Ecc.TryAgree(priv, peerPublicKey.Span, secret);
        Forget(privateKey);
        if (!ok)
        {
            return ValueTask.FromResult<SpdmSecret?>(null);
        }

        var shared = Store(secret);
        _agreed.Add(shared.Id);
        return ValueTask.FromResult<SpdmSecret?>(shared);
    }

    /// <inheritdoc/>
    public ValueTask<SpdmSecret?> TryGetPskAsync(ReadOnlyMemory<byte> hint) =>
        ValueTask.FromResult<SpdmSecret?>(_psks.TryGetValue(Convert.ToHexString(hint.Span), out var key) ? Store((byte[])key.Clone()) : null);

    /// <inheritdoc/>
    public ValueTask<SpdmSecret> HkdfExtractAsync(ReadOnlyMemory<byte> salt, SpdmSecret ikm)
    {
        var prk = new byte[H];
        if (ikm.IsValid)
        {
            _engines.Hmac.HkdfExtract(ShaAlgorithm.Sha384, Get(ikm), salt.Span, prk);
        }
        else
        {
            _engines.Hmac.HkdfExtract(ShaAlgorithm.Sha384, new byte[H], salt.Span, prk);
        }

        return ValueTask.FromResult(Store(prk));
    }

    /// <inheritdoc/>
    public ValueTask<SpdmSecret> HkdfExtractWithSecretSaltAsync(SpdmSecret salt)
    {
        var prk = new byte[H];
        _engines.Hmac.HkdfExtract(ShaAlgorithm.Sha384, new byte[H], Get(salt), prk);
        return ValueTask.FromResult(Store(prk));
    }

    /// <inheritdoc/>
    public ValueTask<SpdmSecret> HkdfExpandAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, int length)
    {
        var okm = new byte[length];
        _engines.Hmac.HkdfExpand(ShaAlgorithm.Sha384, Get(prk), info.Span, okm);
        return ValueTask.FromResult(Store(okm));
    }

    /// <inheritdoc/>
    public ValueTask HkdfExpandPublicAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, Memory<byte> output)
    {
        _engines.Hmac.HkdfExpand(ShaAlgorithm.Sha384, Get(prk), info.Span, output.Span);
        return default;
    }

    /// <inheritdoc/>
    public ValueTask HmacAsync(SpdmSecret key, ReadOnlyMemory<byte> data, Memory<byte> mac)
    {
        _engines.Hmac.Mac(ShaAlgorithm.Sha384, Get(key), data.Span, mac.Span);
        return default;
    }

    /// <inheritdoc/>
    public ValueTask AeadEncryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> associatedData, Memory<byte> ciphertext, Memory<byte> tag)
    {
        _engines.AesGcm.Encrypt(Get(key.Key), nonce.Span, plaintext.Span, associatedData.Span, ciphertext.Span, tag.Span);
        return default;
    }

    /// <inheritdoc/>
    public ValueTask<Verdict> AeadDecryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> ciphertext, ReadOnlyMemory<byte> tag, ReadOnlyMemory<byte> associatedData, Memory<byte> plaintext) =>
        ValueTask.FromResult(_secrets.ContainsKey(key.Key.Id)
            ? _engines.AesGcm.Decrypt(Get(key.Key), nonce.Span, ciphertext.Span, tag.Span, associatedData.Span, plaintext.Span)
            : Verdict.Invalid);

    /// <inheritdoc/>
    public ValueTask DestroyAsync(SpdmSecret secret)
    {
        Forget(secret);
        return default;
    }

    /// <inheritdoc/>
    public ValueTask<Verdict> VerifyEcdsaAsync(ReadOnlyMemory<byte> publicKey, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> signature)
    {
        Span<byte> digest = stackalloc byte[H];
        _engines.Sha.Hash(ShaAlgorithm.Sha384, message.Span, digest);
        return ValueTask.FromResult(_engines.Ecc.Verify(publicKey.Span, digest, signature.Span));
    }

    /// <inheritdoc/>
    public ValueTask<byte[]?> TryExportDheSecretAsync(SpdmSecret sharedSecret) =>
        ValueTask.FromResult(AllowDebugExport && _agreed.Contains(sharedSecret.Id) && _secrets.TryGetValue(sharedSecret.Id, out var bytes)
            ? (byte[]?)bytes.Clone()
            : null);

    private void Forget(SpdmSecret secret)
    {
        _agreed.Remove(secret.Id);
        if (_secrets.Remove(secret.Id, out var bytes))
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
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
