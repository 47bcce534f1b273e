using Rampart.Hal.Crypto;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>
/// The SPDM responder's crypto, every operation a Caliptra cryptographic-mailbox command, so no
/// session secret ever exists on the MCU (ISSUE 7, "device side"; decision 0270):
/// <list type="bullet">
/// <item>hash = CM_SHA (SHA-384, one shot); random = CM_RANDOM_GENERATE;</item>
/// <item>DHE = CM_ECDH_GENERATE / CM_ECDH_FINISH (the shared secret stays a handle, HMAC usage);</item>
/// <item>HKDF-Extract = CM_HKDF_EXTRACT; a public salt or the all-zero IKM is first CM_IMPORTed;</item>
/// <item>HKDF-Expand = CM_HKDF_EXPAND; a 32-byte output is the AES-256 key (AES usage), anything
/// else a secret for further HKDF/HMAC (HMAC usage) — the negotiated suite is always
/// SHA-384 + AES-256-GCM, whose only 32-byte derivations are the record keys;</item>
/// <item>the public IV = CM_HMAC(prk, info ‖ 0x01) truncated: HKDF-Expand's first block (RFC 5869
/// §2.3) is exactly that for L ≤ 48;</item>
/// <item>AEAD = the CM_AES_GCM commands with the key handle; ECDSA verify = CM_SHA then
/// ECDSA384_SIGNATURE_VERIFY; destroy = CM_DELETE.</item>
/// </list>
/// SpdmSecret ids are Caliptra's handles. No pre-shared keys are provisioned (PSK is not
/// advertised). The one secret that can leave Caliptra is a session's DHE secret, on a development
/// chip, when the host asked for it (CM_ECDH_DEBUG_EXPORT, decision 0276).
/// </summary>
internal sealed partial class CaliptraSpdmCrypto(ISpdmMailbox mailbox) : ISpdmCrypto
{
    private const int HashBytes = 48;
    private const int AesKeyBytes = 32;

    /// <inheritdoc/>
    public int HashSize => HashBytes;

    /// <summary>Mailbox commands issued (diagnostics).</summary>
    public long Commands { get; private set; }

    /// <inheritdoc/>
    public async ValueTask HashAsync(ReadOnlyMemory<byte> data, Memory<byte> digest)
    {
        var length = await CallAsync(CaliptraCommand.CmSha, Write(new CmShaRequest(CmHashAlgorithm.Sha384, data).TryWrite(mailbox.MailboxRequest, out var n), n, CaliptraCommand.CmSha));
        CopyData(length, digest.Span, CaliptraCommand.CmSha);
    }

    /// <inheritdoc/>
    public async ValueTask RandomAsync(Memory<byte> output)
    {
        var offset = 0;
        while (offset < output.Length)
        {
            var chunk = Math.Min(CmRandomGenerateRequest.MaxLength, output.Length - offset);
            var length = await CallAsync(CaliptraCommand.CmRandomGenerate, Write(new CmRandomGenerateRequest((uint)chunk).TryWrite(mailbox.MailboxRequest, out var n), n, CaliptraCommand.CmRandomGenerate));
            CopyData(length, output.Span.Slice(offset, chunk), CaliptraCommand.CmRandomGenerate);
            offset += chunk;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<SpdmSecret> GenerateDheAsync(Memory<byte> publicKey)
    {
        var length = await CallAsync(CaliptraCommand.CmEcdhGenerate, Write(MailboxHeaders.TryWriteEmptyRequest(CaliptraCommand.CmEcdhGenerate, mailbox.MailboxRequest, out var n), n, CaliptraCommand.CmEcdhGenerate));
        if (CmEcdhGenerateResponse.TryRead(mailbox.MailboxResponse(length), out var response) != WireStatus.Done || response is null
            || response.ExchangeData.Length != publicKey.Length)
        {
            throw new CaliptraRefusedException(CaliptraCommand.CmEcdhGenerate);
        }

        response.ExchangeData.CopyTo(publicKey);
        return Secret(response.Context);
    }

    /// <inheritdoc/>
    public async ValueTask<SpdmSecret?> TryAgreeAsync(SpdmSecret privateKey, ReadOnlyMemory<byte> peerPublicKey)
    {
        // FINISH consumes the context whether or not the peer's point is on the curve.
        if (!new CmEcdhFinishRequest(Handle(privateKey), CmKeyUsage.Hmac, peerPublicKey).TryWrite(mailbox.MailboxRequest, out var n))
        {
            return null;
        }

        var length = await ExecuteAsync(CaliptraCommand.CmEcdhFinish, n);
        return length >= 0 && CmKeyResponse.TryRead(mailbox.MailboxResponse(length), out var key) == WireStatus.Done ? Secret(key.Key) : null;
    }

    /// <inheritdoc/>
    public ValueTask<SpdmSecret?> TryGetPskAsync(ReadOnlyMemory<byte> hint) => ValueTask.FromResult<SpdmSecret?>(null);

    /// <inheritdoc/>
    public async ValueTask<SpdmSecret> HkdfExtractAsync(ReadOnlyMemory<byte> salt, SpdmSecret ikm)
    {
        // CM_HKDF_EXTRACT takes both inputs as keys: import the public salt (HashLen zeros when
        // empty, RFC 5869 §2.2) and, for a default IKM, HashLen zeros; both imports are deleted
        // again whatever the extract answered. (No await in a finally block: the app check refuses
        // the ExceptionDispatchInfo the compiler would emit for it.)
        var saltKey = await ImportAsync(salt.IsEmpty ? new byte[HashBytes] : salt);
        var ikmKey = !ikm.IsValid ? await ImportAsync(new byte[HashBytes]) : ikm;
        var prk = await TryExtractAsync(saltKey, ikmKey);
        await DestroyAsync(saltKey);
        if (!ikm.IsValid)
        {
            await DestroyAsync(ikmKey);
        }

        return prk.IsValid ? prk : throw new CaliptraRefusedException(CaliptraCommand.CmHkdfExtract);
    }

    /// <inheritdoc/>
    public async ValueTask<SpdmSecret> HkdfExtractWithSecretSaltAsync(SpdmSecret salt)
    {
        var zeros = await ImportAsync(new byte[HashBytes]);
        var prk = await TryExtractAsync(salt, zeros);
        await DestroyAsync(zeros);
        return prk.IsValid ? prk : throw new CaliptraRefusedException(CaliptraCommand.CmHkdfExtract);
    }

    /// <inheritdoc/>
    public async ValueTask<SpdmSecret> HkdfExpandAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, int length)
    {
        var usage = length == AesKeyBytes ? CmKeyUsage.Aes : CmKeyUsage.Hmac;
        var request = new CmHkdfExpandRequest(Handle(prk), CmHashAlgorithm.Sha384, usage, (uint)length, info);
        var responseLength = await CallAsync(CaliptraCommand.CmHkdfExpand, Write(request.TryWrite(mailbox.MailboxRequest, out var n), n, CaliptraCommand.CmHkdfExpand));
        return ReadKey(responseLength, CaliptraCommand.CmHkdfExpand);
    }

    /// <inheritdoc/>
    public async ValueTask HkdfExpandPublicAsync(SpdmSecret prk, ReadOnlyMemory<byte> info, Memory<byte> output)
    {
        if (output.Length > HashBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(output), "a public HKDF output is one HMAC block at most");
        }

        var block = new byte[info.Length + 1];
        info.CopyTo(block);
        block[^1] = 0x01;
        var mac = new byte[HashBytes];
        await HmacAsync(prk, block, mac);
        mac.AsSpan(0, output.Length).CopyTo(output.Span);
    }

    /// <inheritdoc/>
    public async ValueTask HmacAsync(SpdmSecret key, ReadOnlyMemory<byte> data, Memory<byte> mac)
    {
        var request = new CmHmacRequest(Handle(key), CmHashAlgorithm.Sha384, data);
        var length = await CallAsync(CaliptraCommand.CmHmac, Write(request.TryWrite(mailbox.MailboxRequest, out var n), n, CaliptraCommand.CmHmac));
        CopyData(length, mac.Span, CaliptraCommand.CmHmac);
    }

    /// <inheritdoc/>
    public async ValueTask DestroyAsync(SpdmSecret secret)
    {
        if (!secret.IsValid || !new CmDeleteRequest(Handle(secret)).TryWrite(mailbox.MailboxRequest, out var n))
        {
            return;
        }

        // A handle Caliptra no longer knows (consumed by ECDH FINISH) is already gone.
        _ = await ExecuteAsync(CaliptraCommand.CmDelete, n);
    }

    /// <inheritdoc/>
    public async ValueTask<Verdict> VerifyEcdsaAsync(ReadOnlyMemory<byte> publicKey, ReadOnlyMemory<byte> message, ReadOnlyMemory<byte> signature)
    {
        var digest = new byte[HashBytes];
        await HashAsync(message, digest);
        if (!new EcdsaVerifyRequest(publicKey, signature, digest).TryWrite(mailbox.MailboxRequest, out var n))
        {
            return Verdict.Invalid;
        }

        return await ExecuteAsync(CaliptraCommand.Ecdsa384SignatureVerify, n) >= 0 ? Verdict.Valid : Verdict.Invalid;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// CM_ECDH_DEBUG_EXPORT (decision 0276): Caliptra answers on a development chip only, and only
    /// for a live CM_ECDH_FINISH output; any refusal is null, never an SPDM error.
    /// </remarks>
    public async ValueTask<byte[]?> TryExportDheSecretAsync(SpdmSecret sharedSecret)
    {
        if (!new CmEcdhDebugExportRequest(Handle(sharedSecret)).TryWrite(mailbox.MailboxRequest, out var n))
        {
            return null;
        }

        var length = await ExecuteAsync(CaliptraCommand.CmEcdhDebugExport, n);
        return length >= 0 && VariableDataResponse.TryRead(mailbox.MailboxResponse(length), out var data) == WireStatus.Done && data is not null
            && data.Data.Length is > 0 and <= SpdmSessionSecretRecord.MaxSecretSize
            ? data.Data.ToArray()
            : null;
    }

    private static SpdmSecret Secret(CmKeyHandle handle) => new((int)handle.Value);

    private static CmKeyHandle Handle(SpdmSecret secret) => new((uint)secret.Id);

    private static int Write(bool ok, int written, CaliptraCommand command) =>
        ok ? written : throw new CaliptraRefusedException(command);

    private async ValueTask<SpdmSecret> ImportAsync(ReadOnlyMemory<byte> key)
    {
        var length = await CallAsync(CaliptraCommand.CmImport, Write(new CmImportRequest(CmKeyUsage.Hmac, key).TryWrite(mailbox.MailboxRequest, out var n), n, CaliptraCommand.CmImport));
        return ReadKey(length, CaliptraCommand.CmImport);
    }

    private async ValueTask<SpdmSecret> TryExtractAsync(SpdmSecret salt, SpdmSecret ikm)
    {
        if (!new CmHkdfExtractRequest(CmHashAlgorithm.Sha384, Handle(salt), Handle(ikm)).TryWrite(mailbox.MailboxRequest, out var n))
        {
            return SpdmSecret.None;
        }

        var length = await ExecuteAsync(CaliptraCommand.CmHkdfExtract, n);
        return length >= 0 && CmKeyResponse.TryRead(mailbox.MailboxResponse(length), out var key) == WireStatus.Done ? Secret(key.Key) : SpdmSecret.None;
    }

    private SpdmSecret ReadKey(int length, CaliptraCommand command) =>
        CmKeyResponse.TryRead(mailbox.MailboxResponse(length), out var key) == WireStatus.Done ? Secret(key.Key) : throw new CaliptraRefusedException(command);

    private void CopyData(int length, Span<byte> destination, CaliptraCommand command)
    {
        if (VariableDataResponse.TryRead(mailbox.MailboxResponse(length), out var data) != WireStatus.Done || data is null
            || data.Data.Length != destination.Length)
        {
            throw new CaliptraRefusedException(command);
        }

        data.Data.Span.CopyTo(destination);
    }

    private async ValueTask<int> CallAsync(CaliptraCommand command, int requestLength)
    {
        var length = await ExecuteAsync(command, requestLength);
        return length >= 0 ? length : throw new CaliptraRefusedException(command);
    }

    private ValueTask<int> ExecuteAsync(CaliptraCommand command, int requestLength)
    {
        Commands++;
        return mailbox.ExecuteAsync(command, requestLength);
    }
}
