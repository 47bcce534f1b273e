using Rampart.Hal.Crypto;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <content>
/// Secured-record AEAD through Caliptra's SPDM flavour of AES-GCM: CM_AES_GCM_SPDM_ENCRYPT_INIT /
/// _DECRYPT_INIT take the direction's secret, the SPDM version and the sequence number and derive
/// the record key and nonce inside Caliptra (DSP0277: counter XORed little-endian), then one
/// ENCRYPT_FINAL / DECRYPT_FINAL carries the whole record (at most 4096 bytes). The nonce the
/// engine computed is not sent: Caliptra computes the same one.
/// </content>
internal sealed partial class CaliptraSpdmCrypto
{
    /// <inheritdoc/>
    public async ValueTask AeadEncryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> associatedData, Memory<byte> ciphertext, Memory<byte> tag)
    {
        var context = new CmKeyHandle(await SpdmInitAsync(CaliptraCommand.CmAesGcmSpdmEncryptInit, key, associatedData));
        var final = new CmAesGcmDataRequest(context, plaintext);
        var length = await CallAsync(CaliptraCommand.CmAesGcmEncryptFinal, Write(final.TryWrite(CaliptraCommand.CmAesGcmEncryptFinal, mailbox.MailboxRequest, out var n), n, CaliptraCommand.CmAesGcmEncryptFinal));
        if (CmAesGcmEncryptFinalResponse.TryRead(mailbox.MailboxResponse(length), out var response) != WireStatus.Done || response is null
            || response.Ciphertext.Length != ciphertext.Length || response.Tag.Length != tag.Length)
        {
            throw new CaliptraRefusedException(CaliptraCommand.CmAesGcmEncryptFinal);
        }

        response.Ciphertext.CopyTo(ciphertext);
        response.Tag.CopyTo(tag);
    }

    /// <inheritdoc/>
    public async ValueTask<Verdict> AeadDecryptAsync(SpdmRecordKey key, ReadOnlyMemory<byte> nonce, ReadOnlyMemory<byte> ciphertext, ReadOnlyMemory<byte> tag, ReadOnlyMemory<byte> associatedData, Memory<byte> plaintext)
    {
        var context = new CmKeyHandle(await SpdmInitAsync(CaliptraCommand.CmAesGcmSpdmDecryptInit, key, associatedData));
        if (!new CmAesGcmDecryptFinalRequest(context, tag, ciphertext).TryWrite(mailbox.MailboxRequest, out var n))
        {
            return Verdict.Invalid;
        }

        var length = await ExecuteAsync(CaliptraCommand.CmAesGcmDecryptFinal, n);
        if (length < 0 || CmAesGcmDecryptFinalResponse.TryRead(mailbox.MailboxResponse(length), out var response) != WireStatus.Done
            || response is null || !response.TagVerified || response.Plaintext.Length != plaintext.Length)
        {
            return Verdict.Invalid;
        }

        response.Plaintext.CopyTo(plaintext);
        return Verdict.Valid;
    }

    // Returns the context handle's raw value: an async result of a value type declared in firmware
    // code makes the BCL's async builders JIT-compile again on every boot (decision 0278).
    private async ValueTask<uint> SpdmInitAsync(CaliptraCommand command, SpdmRecordKey key, ReadOnlyMemory<byte> associatedData)
    {
        var init = new CmAesGcmSpdmInitRequest(key.Version, CounterBigEndian: false, key.Sequence, Handle(key.Secret), associatedData);
        var length = await CallAsync(command, Write(init.TryWrite(command, mailbox.MailboxRequest, out var n), n, command));
        return CmKeyResponse.TryRead(mailbox.MailboxResponse(length), out var context) == WireStatus.Done
            ? context.Key.Value
            : throw new CaliptraRefusedException(command);
    }
}
