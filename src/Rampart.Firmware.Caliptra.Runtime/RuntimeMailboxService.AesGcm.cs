using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// CM_AES_GCM_* (decision 0250): AES-256-GCM through the Hal engine, which is one-shot. The GCM
/// state (a copy of the key, the IV, the AAD and the data so far) stays inside the runtime and
/// the 128-byte context field carries only its handle, numbered with the key handles. UPDATE
/// buffers and outputs nothing; FINAL encrypts or decrypts the whole message at once, so a
/// message is at most <see cref="MaxGcmMessageSize"/> bytes and no unauthenticated plaintext is
/// ever released. FINAL consumes the context, whatever its outcome; CM_DELETE closes one early.
/// </summary>
public sealed partial class RuntimeMailboxService
{
    /// <summary>The most GCM contexts open at once.</summary>
    public const int MaxGcmContexts = 8;

    /// <summary>The most plaintext (or ciphertext) one GCM context takes over UPDATE and FINAL together.</summary>
    public const int MaxGcmMessageSize = CmAesGcm.MaxDataSize;

    /// <summary>Random-IV encryptions allowed under one key (SP 800-38D §8.3, caliptra-sw <c>GCM_MAX_KEY_USES</c>).</summary>
    public const ulong MaxRandomIvEncryptions = uint.MaxValue;

    private const int AesKeySize = 32;

    private readonly Dictionary<uint, GcmContext> _gcm = [];

    /// <summary>GCM contexts currently open.</summary>
    public int OpenGcmContexts => _gcm.Count;

    private bool CmAesGcmEncryptInit(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmAesGcmEncryptInitRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null
            || !TryHeldKey(parsed.Key, CmKeyUsage.Aes, out var key) || key.Material.Length != AesKeySize
            || key.RandomIvEncryptions >= MaxRandomIvEncryptions)
        {
            return false;
        }

        var iv = new byte[CmAesGcm.IvSize];
        _hardware.Crypto.Drbg.Generate(iv);
        if (!TryOpenGcm(key.Material.ToArray(), iv, parsed.Aad, decrypt: false, out var context))
        {
            return false;
        }

        key.RandomIvEncryptions++;
        return new CmAesGcmInitResponse(context, iv).TryWrite(response, out written);
    }

    private bool CmAesGcmDecryptInit(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        return CmAesGcmDecryptInitRequest.TryRead(request, out var parsed) == WireStatus.Done && parsed is not null
            && TryHeldKey(parsed.Key, CmKeyUsage.Aes, out var key) && key.Material.Length == AesKeySize
            && TryOpenGcm(key.Material.ToArray(), parsed.Iv.ToArray(), parsed.Aad, decrypt: true, out var context)
            && new CmAesGcmInitResponse(context, parsed.Iv).TryWrite(response, out written);
    }

    /// <summary>
    /// SPDM INIT: the key is the direction's major secret (HMAC usage, 48 bytes for SHA-384 or
    /// 64 for SHA-512); key = HKDF-Expand(secret, bin_str5, 32), IV = HKDF-Expand(secret,
    /// bin_str6, 12) XOR the counter. For encryption the counter must rise with every INIT under
    /// one secret (Rampart: an IV is never used twice), for decryption any counter is taken.
    /// </summary>
    private bool CmAesGcmSpdmInit(ReadOnlySpan<byte> request, Span<byte> response, bool decrypt, out int written)
    {
        written = 0;
        if (CmAesGcmSpdmInitRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null
            || parsed.SpdmVersion is < 0x10 or > 0x14 || !TryHeldKey(parsed.MajorSecret, CmKeyUsage.Hmac, out var secret)
            || secret.Material.Length is not (48 or 64) || (!decrypt && parsed.Counter <= secret.LastSpdmCounter))
        {
            return false;
        }

        var algorithm = secret.Material.Length == 48 ? ShaAlgorithm.Sha384 : ShaAlgorithm.Sha512;
        var key = new byte[SpdmKeySchedule.KeySize];
        var derivedIv = new byte[SpdmKeySchedule.IvSize];
        var iv = new byte[SpdmKeySchedule.IvSize];
        _hardware.Crypto.Hmac.HkdfExpand(algorithm, secret.Material, SpdmKeySchedule.BinConcat(parsed.SpdmVersion, SpdmKeySchedule.KeySize, SpdmKeySchedule.Key, default), key);
        _hardware.Crypto.Hmac.HkdfExpand(algorithm, secret.Material, SpdmKeySchedule.BinConcat(parsed.SpdmVersion, SpdmKeySchedule.IvSize, SpdmKeySchedule.Iv, default), derivedIv);
        if (parsed.CounterBigEndian)
        {
            SpdmKeySchedule.NonceBigEndian(derivedIv, parsed.Counter, iv);
        }
        else
        {
            SpdmKeySchedule.Nonce(derivedIv, parsed.Counter, iv);
        }

        CryptographicOperations.ZeroMemory(derivedIv);
        if (!TryOpenGcm(key, iv, parsed.Aad, decrypt, out var context))
        {
            return false;
        }

        if (!decrypt)
        {
            secret.LastSpdmCounter = parsed.Counter;
        }

        return new CmKeyResponse(context).TryWrite(response, out written);
    }

    /// <summary>UPDATE: the data joins the context's buffer; the output is empty until FINAL.</summary>
    private bool CmAesGcmUpdate(ReadOnlySpan<byte> request, Span<byte> response, bool decrypt, out int written)
    {
        written = 0;
        if (CmAesGcmDataRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null || parsed.Data.IsEmpty
            || !_gcm.TryGetValue(parsed.Context.Value, out var context) || context.Decrypt != decrypt
            || !context.TryAppend(parsed.Data.Span))
        {
            return false;
        }

        return new CmAesGcmUpdateResponse(parsed.Context, ReadOnlyMemory<byte>.Empty).TryWrite(response, out written);
    }

    private bool CmAesGcmEncryptFinal(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmAesGcmDataRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null
            || !TryTakeGcm(parsed.Context, decrypt: false, out var context))
        {
            return false;
        }

        using (context)
        {
            if (!context.TryAppend(parsed.Data.Span))
            {
                return false;
            }

            var ciphertext = new byte[context.Length];
            var tag = new byte[CmAesGcm.TagSize];
            _hardware.Crypto.AesGcm.Encrypt(context.Key, context.Iv, context.Data, context.Aad, ciphertext, tag);
            return new CmAesGcmEncryptFinalResponse(tag, ciphertext).TryWrite(response, out written);
        }
    }

    /// <summary>
    /// DECRYPT_FINAL: only 16-byte tags (the Hal engine's); a tag that does not match answers
    /// tag_verified = 0 with no plaintext (caliptra-sw's flag, never the unauthenticated bytes).
    /// </summary>
    private bool CmAesGcmDecryptFinal(ReadOnlySpan<byte> request, Span<byte> response, out int written)
    {
        written = 0;
        if (CmAesGcmDecryptFinalRequest.TryRead(request, out var parsed) != WireStatus.Done || parsed is null
            || !TryTakeGcm(parsed.Context, decrypt: true, out var context))
        {
            return false;
        }

        using (context)
        {
            if (parsed.Tag.Length != CmAesGcm.TagSize || !context.TryAppend(parsed.Ciphertext.Span))
            {
                return false;
            }

            var plaintext = new byte[context.Length];
            var verified = _hardware.Crypto.AesGcm.Decrypt(context.Key, context.Iv, context.Data, parsed.Tag.Span, context.Aad, plaintext).IsValid();
            Trace(verified ? "cm.gcm.verified" : "cm.gcm.tag-mismatch", $"context {parsed.Context.Value}");
            var answered = new CmAesGcmDecryptFinalResponse(verified, verified ? plaintext : ReadOnlyMemory<byte>.Empty).TryWrite(response, out written);
            CryptographicOperations.ZeroMemory(plaintext);
            return answered;
        }
    }

    /// <summary>Opens a context that owns <paramref name="key"/> (zeroed when it cannot be opened).</summary>
    private bool TryOpenGcm(byte[] key, byte[] iv, ReadOnlyMemory<byte> aad, bool decrypt, out CmKeyHandle handle)
    {
        handle = default;
        if (_gcm.Count >= MaxGcmContexts || !TryIssueHandle(out handle))
        {
            CryptographicOperations.ZeroMemory(key);
            return false;
        }

        _gcm[handle.Value] = new GcmContext(key, iv, aad.ToArray(), decrypt);
        return true;
    }

    /// <summary>Removes a context for FINAL; a context of the other direction stays open.</summary>
    private bool TryTakeGcm(CmKeyHandle handle, bool decrypt, out GcmContext context)
    {
        if (!_gcm.TryGetValue(handle.Value, out context!) || context.Decrypt != decrypt)
        {
            return false;
        }

        _gcm.Remove(handle.Value);
        return true;
    }

    /// <summary>One GCM operation in progress: its own copy of the key, the IV, the AAD and the buffered data.</summary>
    private sealed class GcmContext(byte[] key, byte[] iv, byte[] aad, bool decrypt) : IDisposable
    {
        private readonly byte[] _buffer = new byte[MaxGcmMessageSize];

        public byte[] Key => key;

        public byte[] Iv => iv;

        public byte[] Aad => aad;

        public bool Decrypt => decrypt;

        public int Length { get; private set; }

        public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, Length);

        /// <summary>Appends data; false (nothing appended) beyond <see cref="MaxGcmMessageSize"/>.</summary>
        public bool TryAppend(ReadOnlySpan<byte> data)
        {
            if (data.Length > _buffer.Length - Length)
            {
                return false;
            }

            data.CopyTo(_buffer.AsSpan(Length));
            Length += data.Length;
            return true;
        }

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(_buffer);
        }
    }
}
