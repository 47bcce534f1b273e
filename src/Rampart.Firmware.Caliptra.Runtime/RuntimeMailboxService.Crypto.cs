using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// The cryptographic mailbox (CM_*): keys live inside the runtime (or, for the RT alias key, in
/// the key vault) and callers hold only opaque handles (decision 0250). Handles are numbered
/// from 1 in issue order, so runs stay deterministic; a deleted or consumed handle names nothing.
/// </summary>
public sealed partial class RuntimeMailboxService
{
    /// <summary>The most keys held at once.</summary>
    public const int MaxHeldKeys = 64;

    private readonly Dictionary<uint, HeldKey> _keys = [];
    private uint _nextHandle = 1;

    /// <summary>Keys currently held for callers.</summary>
    public int HeldKeys => _keys.Count;

    private bool CmImport(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return CmImportRequest.TryRead(request, out var parsed) == WireStatus.Done && parsed is not null
            && parsed.Usage != CmKeyUsage.Reserved
            && TryHold(parsed.Key.ToArray(), parsed.Usage, out var handle)
            && new CmKeyResponse(handle).TryWrite(response, out written);
    }

    private bool CmDelete(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return CmDeleteRequest.TryRead(request, out var parsed) == WireStatus.Done
            && Forget(parsed.Key.Value)
            && Protocols.Caliptra.MailboxHeaders.TryWriteEmptyResponse(response, out written);
    }

    private bool CmSha(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmShaRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null || !TryAlgorithm(parsed.Algorithm, out var algorithm))
        {
            return false;
        }

        var digest = new byte[algorithm.DigestSize()];
        _hardware.Crypto.Sha.Hash(algorithm, parsed.Input.Span, digest);
        return new VariableDataResponse(digest).TryWrite(response, out written);
    }

    private bool CmRandom(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmRandomGenerateRequest.TryRead(request, out var parsed) != WireStatus.Done)
        {
            return false;
        }

        var bytes = new byte[parsed.Length];
        _hardware.Crypto.Drbg.Generate(bytes);
        return new VariableDataResponse(bytes).TryWrite(response, out written);
    }

    private bool CmHmac(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmHmacRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null
            || !TryAlgorithm(parsed.Algorithm, out var algorithm) || !TryKey(parsed.Key, CmKeyUsage.Hmac, out var key))
        {
            return false;
        }

        var mac = new byte[algorithm.DigestSize()];
        _hardware.Crypto.Hmac.Mac(algorithm, key, parsed.Data.Span, mac);
        return new VariableDataResponse(mac).TryWrite(response, out written);
    }

    private bool CmHkdfExtract(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmHkdfExtractRequest.TryRead(request, out var parsed) != WireStatus.Done || !TryAlgorithm(parsed.Algorithm, out var algorithm)
            || !TryKey(parsed.Salt, CmKeyUsage.Hmac, out var salt) || !TryKey(parsed.InputKeyMaterial, CmKeyUsage.Hmac, out var ikm))
        {
            return false;
        }

        var prk = new byte[algorithm.DigestSize()];
        _hardware.Crypto.Hmac.HkdfExtract(algorithm, ikm, salt, prk);
        return TryHold(prk, CmKeyUsage.Hmac, out var handle) && new CmKeyResponse(handle).TryWrite(response, out written);
    }

    private bool CmHkdfExpand(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmHkdfExpandRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null
            || !TryAlgorithm(parsed.Algorithm, out var algorithm) || !TryKey(parsed.Prk, CmKeyUsage.Hmac, out var prk)
            || parsed.KeySize is 0 or > KeySlotId.MaxSecretSize || parsed.Usage == CmKeyUsage.Reserved)
        {
            return false;
        }

        var okm = new byte[parsed.KeySize];
        _hardware.Crypto.Hmac.HkdfExpand(algorithm, prk, parsed.Info.Span, okm);
        return TryHold(okm, parsed.Usage, out var handle) && new CmKeyResponse(handle).TryWrite(response, out written);
    }

    private bool CmEcdhGenerate(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (request.Length != Protocols.Caliptra.MailboxHeaders.RequestHeaderSize)
        {
            return false;
        }

        var seed = new byte[64];
        var privateKey = new byte[P384.PrivateKeySize];
        var publicKey = new byte[P384.PublicKeySize];
        _hardware.Crypto.Drbg.Generate(seed);
        _hardware.Crypto.Ecc.DeriveKeyPair(seed, privateKey, publicKey);
        CryptographicOperations.ZeroMemory(seed);
        return TryHold(privateKey, EcdhContextUsage, out var handle)
            && new CmEcdhGenerateResponse(handle, publicKey).TryWrite(response, out written);
    }

    private bool CmEcdhFinish(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmEcdhFinishRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null
            || parsed.Usage == CmKeyUsage.Reserved || !TryKey(parsed.Context, EcdhContextUsage, out var privateKey))
        {
            return false;
        }

        var secret = new byte[P384.SharedSecretSize];
        var agreed = _hardware.Crypto.Ecc.TryAgree(privateKey, parsed.PeerExchangeData.Span, secret);
        Forget(parsed.Context.Value);
        return agreed && TryHold(secret, parsed.Usage, out var handle, sharedSecret: true) && new CmKeyResponse(handle).TryWrite(response, out written);
    }

    private bool CmEcdsaSign(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmEcdsaSignRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null || parsed.Key != CmEcdsaSignRequest.RtAliasKey)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[48];
        _hardware.Crypto.Sha.Hash(ShaAlgorithm.Sha384, parsed.Message.Span, digest);
        var signature = new byte[P384.SignatureSize];
        return _hardware.KeyVault.SignEcc(_handoff.EccKeySlot, digest, signature) == KeyVaultStatus.Ok
            && new CmEcdsaSignResponse(signature).TryWrite(response, out written);
    }

    /// <summary>The internal usage of an ECDH context (never accepted from a caller).</summary>
    private const CmKeyUsage EcdhContextUsage = (CmKeyUsage)0xEC0D_0001;

    private static bool TryAlgorithm(CmHashAlgorithm algorithm, out ShaAlgorithm sha)
    {
        sha = algorithm switch
        {
            CmHashAlgorithm.Sha384 => ShaAlgorithm.Sha384,
            CmHashAlgorithm.Sha512 => ShaAlgorithm.Sha512,
            _ => 0,
        };
        return sha != 0;
    }

    private bool TryHold(byte[] material, CmKeyUsage usage, out CmKeyHandle handle, bool sharedSecret = false)
    {
        handle = default;
        if (_keys.Count >= MaxHeldKeys || !TryIssueHandle(out handle))
        {
            CryptographicOperations.ZeroMemory(material);
            return false;
        }

        _keys[handle.Value] = new HeldKey(material, usage) { IsEcdhSharedSecret = sharedSecret };
        return true;
    }

    /// <summary>The next handle (keys, ECDH and GCM contexts share one numbering); none once the count reaches the RT alias handle.</summary>
    private bool TryIssueHandle(out CmKeyHandle handle)
    {
        handle = default;
        if (_nextHandle == 0 || _nextHandle == CmEcdsaSignRequest.RtAliasKey.Value)
        {
            return false;
        }

        handle = new CmKeyHandle(_nextHandle++);
        return true;
    }

    private bool TryKey(CmKeyHandle handle, CmKeyUsage usage, out byte[] material)
    {
        material = TryHeldKey(handle, usage, out var key) ? key.Material : [];
        return key is not null;
    }

    private bool TryHeldKey(CmKeyHandle handle, CmKeyUsage usage, out HeldKey key)
    {
        if (!_keys.TryGetValue(handle.Value, out key!) || key.Usage != usage)
        {
            key = null!;
            return false;
        }

        return true;
    }

    /// <summary>Forgets a key or ECDH context, or closes an open GCM context (CM_DELETE frees an abandoned one).</summary>
    private bool Forget(uint handle)
    {
        if (_gcm.Remove(handle, out var context))
        {
            context.Dispose();
            return true;
        }

        if (!_keys.Remove(handle, out var key))
        {
            return false;
        }

        CryptographicOperations.ZeroMemory(key.Material);
        return true;
    }

    private sealed record HeldKey(byte[] Material, CmKeyUsage Usage)
    {
        /// <summary>CM_AES_GCM_ENCRYPT_INIT calls (random IVs) under this key.</summary>
        public ulong RandomIvEncryptions { get; set; }

        /// <summary>The last counter of CM_AES_GCM_SPDM_ENCRYPT_INIT under this secret, if any.</summary>
        public ulong? LastSpdmCounter { get; set; }

        /// <summary>True for the output of CM_ECDH_FINISH, the one kind CM_ECDH_DEBUG_EXPORT may return.</summary>
        public bool IsEcdhSharedSecret { get; init; }
    }
}
