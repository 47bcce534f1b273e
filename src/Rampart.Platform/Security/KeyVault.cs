using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;

namespace Rampart.Platform.Security;

/// <summary>
/// The chip's key vault peripheral (Caliptra KV): 24 slots whose material never leaves the
/// vault. Operations run the crypto engines on slot contents; only public values come out.
/// Every refusal is a <see cref="KeyVaultStatus"/>, and a refused request changes nothing
/// and clears the caller's output buffers.
/// </summary>
public sealed class KeyVault : IKeyVault
{
    private const KeyUsage AllUsages = KeyUsage.Sign | KeyUsage.Derive | KeyUsage.Encrypt | KeyUsage.KeyAgreement;
    private const int HmacOutputSize = 64;
    private const int AesKeySize = 32;
    private const int AesNonceSize = 12;
    private const int AesTagSize = 16;

    private readonly ICryptoEngines _engines;
    private readonly KeySlot[] _slots = new KeySlot[KeySlotId.Count];
    private readonly byte[] _mlDsaPrivateKey = new byte[MlDsa87.PrivateKeySize];

    /// <summary>Creates an empty vault whose operations run on <paramref name="engines"/>.</summary>
    public KeyVault(ICryptoEngines engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        _engines = engines;
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new KeySlot();
        }
    }

    /// <summary>How many times the whole vault was zeroized (lifecycle transitions, debug unlock, reset).</summary>
    public int ZeroizeCount { get; private set; }

    /// <summary>
    /// Clears every slot and releases every lock: the hardware zeroize a cold reset, a debug
    /// unlock or a lifecycle transition triggers. Firmware cannot call it (not on <see cref="IKeyVault"/>).
    /// </summary>
    public void ZeroizeAll()
    {
        foreach (var slot in _slots)
        {
            slot.Clear();
            slot.Locks = KeySlotLocks.None;
        }

        ZeroizeCount++;
    }

    /// <inheritdoc />
    public KeyVaultStatus GetSlotInfo(KeySlotId slot, out KeySlotInfo info)
    {
        if (!slot.IsValid)
        {
            info = default;
            return KeyVaultStatus.InvalidSlot;
        }

        var s = _slots[slot.Index];
        info = new KeySlotInfo(slot, s.Content, s.Usage, s.Locks, s.Length);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus Write(KeySlotId destination, ReadOnlySpan<byte> secret, KeyUsage usage)
    {
        var status = CheckDestination(destination, usage);
        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        if (secret.IsEmpty || secret.Length > KeySlotId.MaxSecretSize)
        {
            return KeyVaultStatus.InvalidLength;
        }

        _slots[destination.Index].Store(KeySlotContent.Secret, secret, usage, null);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus HmacKdf(KeySlotId key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, KeySlotId destination, KeyUsage usage)
    {
        var status = CheckTransfer(key, KeySlotContent.Secret, KeyUsage.Derive, destination, usage);

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        Span<byte> output = stackalloc byte[HmacOutputSize];
        _engines.Kdf.CaliptraHmacKdf(_slots[key.Index].Material, label, context, output);
        _slots[destination.Index].Store(KeySlotContent.Secret, output, usage, null);
        CryptographicOperations.ZeroMemory(output);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus Hmac512(KeySlotId key, ReadOnlySpan<byte> data, KeySlotId destination, KeyUsage usage)
    {
        var status = CheckTransfer(key, KeySlotContent.Secret, KeyUsage.Derive, destination, usage);

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        StoreMac(key, data, destination, usage);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus Hmac512FromSlot(KeySlotId key, KeySlotId data, KeySlotId destination, KeyUsage usage)
    {
        var status = CheckSource(key, KeySlotContent.Secret, KeyUsage.Derive);
        if (status == KeyVaultStatus.Ok)
        {
            status = CheckSource(data, KeySlotContent.Secret, KeyUsage.Derive);
        }

        if (status == KeyVaultStatus.Ok)
        {
            status = CheckDestination(destination, usage);
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        Span<byte> copy = stackalloc byte[KeySlotId.MaxSecretSize];
        var length = _slots[data.Index].Length;
        _slots[data.Index].Material.CopyTo(copy);
        StoreMac(key, copy[..length], destination, usage);
        CryptographicOperations.ZeroMemory(copy);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus DeriveEccKeyPair(KeySlotId seed, KeySlotId destination, KeyUsage usage, Span<byte> publicKey)
    {
        publicKey.Clear();
        var status = CheckTransfer(seed, KeySlotContent.Secret, KeyUsage.Derive, destination, usage);

        if (status == KeyVaultStatus.Ok && _slots[seed.Index].Length < P384.PrivateKeySize)
        {
            status = KeyVaultStatus.SeedTooShort;
        }

        if (status == KeyVaultStatus.Ok && publicKey.Length < P384.PublicKeySize)
        {
            status = KeyVaultStatus.BufferTooSmall;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        StoreEccKey(_slots[seed.Index].Material, destination, usage, publicKey);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus DeriveMlDsaKeyPair(KeySlotId seed, KeySlotId destination, KeyUsage usage, Span<byte> publicKey)
    {
        publicKey.Clear();
        var status = CheckTransfer(seed, KeySlotContent.Secret, KeyUsage.Derive, destination, usage);

        if (status == KeyVaultStatus.Ok && _slots[seed.Index].Length < MlDsa87.SeedSize)
        {
            status = KeyVaultStatus.SeedTooShort;
        }

        if (status == KeyVaultStatus.Ok && publicKey.Length < MlDsa87.PublicKeySize)
        {
            status = KeyVaultStatus.BufferTooSmall;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        Span<byte> keySeed = stackalloc byte[MlDsa87.SeedSize];
        _slots[seed.Index].Material[..MlDsa87.SeedSize].CopyTo(keySeed);
        var stored = new byte[MlDsa87.PublicKeySize];
        _engines.MlDsa.DeriveKeyPair(keySeed, _mlDsaPrivateKey, stored);
        CryptographicOperations.ZeroMemory(_mlDsaPrivateKey);
        _slots[destination.Index].Store(KeySlotContent.MlDsa87PrivateKey, keySeed, usage, stored);
        CryptographicOperations.ZeroMemory(keySeed);
        stored.CopyTo(publicKey);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus GenerateEccKeyPair(KeySlotId destination, KeyUsage usage, Span<byte> publicKey)
    {
        publicKey.Clear();
        var status = CheckDestination(destination, usage);
        if (status == KeyVaultStatus.Ok && publicKey.Length < P384.PublicKeySize)
        {
            status = KeyVaultStatus.BufferTooSmall;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        Span<byte> seed = stackalloc byte[KeySlotId.MaxSecretSize];
        _engines.Drbg.Generate(seed);
        StoreEccKey(seed, destination, usage, publicKey);
        CryptographicOperations.ZeroMemory(seed);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus GetPublicKey(KeySlotId key, Span<byte> publicKey, out int written)
    {
        written = 0;
        publicKey.Clear();
        if (!key.IsValid)
        {
            return KeyVaultStatus.InvalidSlot;
        }

        var slot = _slots[key.Index];
        if (slot.Content == KeySlotContent.Empty)
        {
            return KeyVaultStatus.SlotEmpty;
        }

        if (slot.PublicKey is null)
        {
            return KeyVaultStatus.WrongKeyType;
        }

        if (publicKey.Length < slot.PublicKey.Length)
        {
            return KeyVaultStatus.BufferTooSmall;
        }

        slot.PublicKey.CopyTo(publicKey);
        written = slot.PublicKey.Length;
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus SignEcc(KeySlotId key, ReadOnlySpan<byte> digest, Span<byte> signature)
    {
        signature.Clear();
        var status = CheckSource(key, KeySlotContent.EccP384PrivateKey, KeyUsage.Sign);
        if (status == KeyVaultStatus.Ok && digest.Length != 48)
        {
            status = KeyVaultStatus.InvalidLength;
        }

        if (status == KeyVaultStatus.Ok && signature.Length < P384.SignatureSize)
        {
            status = KeyVaultStatus.BufferTooSmall;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        _engines.Ecc.Sign(_slots[key.Index].Material, digest, signature[..P384.SignatureSize]);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus SignMlDsa(KeySlotId key, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        signature.Clear();
        var status = CheckSource(key, KeySlotContent.MlDsa87PrivateKey, KeyUsage.Sign);
        if (status == KeyVaultStatus.Ok && signature.Length < MlDsa87.SignatureSize)
        {
            status = KeyVaultStatus.BufferTooSmall;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        Span<byte> publicKey = new byte[MlDsa87.PublicKeySize];
        _engines.MlDsa.DeriveKeyPair(_slots[key.Index].Material, _mlDsaPrivateKey, publicKey);
        _engines.MlDsa.Sign(_mlDsaPrivateKey, message, signature[..MlDsa87.SignatureSize]);
        CryptographicOperations.ZeroMemory(_mlDsaPrivateKey);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus Ecdh(KeySlotId key, ReadOnlySpan<byte> peerPublicKey, KeySlotId destination, KeyUsage usage)
    {
        var status = CheckTransfer(key, KeySlotContent.EccP384PrivateKey, KeyUsage.KeyAgreement, destination, usage);

        if (status == KeyVaultStatus.Ok && peerPublicKey.Length != P384.PublicKeySize)
        {
            status = KeyVaultStatus.InvalidLength;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        Span<byte> shared = stackalloc byte[P384.SharedSecretSize];
        if (!_engines.Ecc.TryAgree(_slots[key.Index].Material, peerPublicKey, shared))
        {
            CryptographicOperations.ZeroMemory(shared);
            return KeyVaultStatus.InvalidPeerKey;
        }

        _slots[destination.Index].Store(KeySlotContent.Secret, shared, usage, null);
        CryptographicOperations.ZeroMemory(shared);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus AesGcmEncrypt(KeySlotId key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag)
    {
        ciphertext.Clear();
        tag.Clear();
        var status = CheckAesRequest(key, nonce, tag.Length == AesTagSize);
        if (status == KeyVaultStatus.Ok && ciphertext.Length < plaintext.Length)
        {
            status = KeyVaultStatus.BufferTooSmall;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        _engines.AesGcm.Encrypt(_slots[key.Index].Material[..AesKeySize], nonce, plaintext, associatedData, ciphertext[..plaintext.Length], tag);
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus AesGcmDecrypt(KeySlotId key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        plaintext.Clear();
        var status = CheckAesRequest(key, nonce, tag.Length == AesTagSize);
        if (status == KeyVaultStatus.Ok && plaintext.Length < ciphertext.Length)
        {
            status = KeyVaultStatus.BufferTooSmall;
        }

        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        var verdict = _engines.AesGcm.Decrypt(_slots[key.Index].Material[..AesKeySize], nonce, ciphertext, tag, associatedData, plaintext[..ciphertext.Length]);
        if (!verdict.IsValid())
        {
            plaintext.Clear();
            return KeyVaultStatus.AuthenticationFailed;
        }

        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus LockWrite(KeySlotId slot)
    {
        if (!slot.IsValid)
        {
            return KeyVaultStatus.InvalidSlot;
        }

        _slots[slot.Index].Locks |= KeySlotLocks.WriteLocked;
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus LockUse(KeySlotId slot)
    {
        if (!slot.IsValid)
        {
            return KeyVaultStatus.InvalidSlot;
        }

        _slots[slot.Index].Locks |= KeySlotLocks.UseLocked;
        return KeyVaultStatus.Ok;
    }

    /// <inheritdoc />
    public KeyVaultStatus Zeroize(KeySlotId slot)
    {
        if (!slot.IsValid)
        {
            return KeyVaultStatus.InvalidSlot;
        }

        if (_slots[slot.Index].IsWriteLocked)
        {
            return KeyVaultStatus.SlotWriteLocked;
        }

        _slots[slot.Index].Clear();
        return KeyVaultStatus.Ok;
    }

    private KeyVaultStatus CheckSource(KeySlotId id, KeySlotContent content, KeyUsage needed)
    {
        if (!id.IsValid)
        {
            return KeyVaultStatus.InvalidSlot;
        }

        var slot = _slots[id.Index];
        if (slot.IsUseLocked)
        {
            return KeyVaultStatus.SlotUseLocked;
        }

        if (slot.Content == KeySlotContent.Empty)
        {
            return KeyVaultStatus.SlotEmpty;
        }

        if (slot.Content != content)
        {
            return KeyVaultStatus.WrongKeyType;
        }

        return (slot.Usage & needed) == needed ? KeyVaultStatus.Ok : KeyVaultStatus.UsageNotPermitted;
    }

    private KeyVaultStatus CheckTransfer(KeySlotId source, KeySlotContent content, KeyUsage needed, KeySlotId destination, KeyUsage usage)
    {
        var status = CheckSource(source, content, needed);
        return status == KeyVaultStatus.Ok ? CheckDestination(destination, usage) : status;
    }

    private KeyVaultStatus CheckDestination(KeySlotId id, KeyUsage usage)
    {
        if (!id.IsValid)
        {
            return KeyVaultStatus.InvalidSlot;
        }

        if ((usage & ~AllUsages) != 0)
        {
            return KeyVaultStatus.InvalidUsage;
        }

        return _slots[id.Index].IsWriteLocked ? KeyVaultStatus.SlotWriteLocked : KeyVaultStatus.Ok;
    }

    private KeyVaultStatus CheckAesRequest(KeySlotId key, ReadOnlySpan<byte> nonce, bool tagSizeOk)
    {
        var status = CheckSource(key, KeySlotContent.Secret, KeyUsage.Encrypt);
        if (status != KeyVaultStatus.Ok)
        {
            return status;
        }

        if (_slots[key.Index].Length < AesKeySize)
        {
            return KeyVaultStatus.SeedTooShort;
        }

        return nonce.Length == AesNonceSize && tagSizeOk ? KeyVaultStatus.Ok : KeyVaultStatus.InvalidLength;
    }

    private void StoreMac(KeySlotId key, ReadOnlySpan<byte> data, KeySlotId destination, KeyUsage usage)
    {
        Span<byte> mac = stackalloc byte[HmacOutputSize];
        _engines.Hmac.Mac(ShaAlgorithm.Sha512, _slots[key.Index].Material, data, mac);
        _slots[destination.Index].Store(KeySlotContent.Secret, mac, usage, null);
        CryptographicOperations.ZeroMemory(mac);
    }

    private void StoreEccKey(ReadOnlySpan<byte> seed, KeySlotId destination, KeyUsage usage, Span<byte> publicKey)
    {
        Span<byte> privateKey = stackalloc byte[P384.PrivateKeySize];
        var stored = new byte[P384.PublicKeySize];
        _engines.Ecc.DeriveKeyPair(seed, privateKey, stored);
        _slots[destination.Index].Store(KeySlotContent.EccP384PrivateKey, privateKey, usage, stored);
        CryptographicOperations.ZeroMemory(privateKey);
        stored.CopyTo(publicKey);
    }
}
