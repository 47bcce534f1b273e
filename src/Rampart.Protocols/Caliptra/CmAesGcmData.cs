using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// The request of CM_AES_GCM_ENCRYPT_UPDATE, CM_AES_GCM_ENCRYPT_FINAL (plaintext) and
/// CM_AES_GCM_DECRYPT_UPDATE (ciphertext) (caliptra-sw <c>CmAesGcmEncryptUpdateReq</c>,
/// <c>CmAesGcmEncryptFinalReq</c>, <c>CmAesGcmDecryptUpdateReq</c>, one layout).
/// <code>
/// +0 chksum(4) | +4 context(128) | +132 data_size(4) | +136 data[data_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="Context">The GCM context.</param>
/// <param name="Data">Plaintext (encrypt) or ciphertext (decrypt).</param>
public sealed record CmAesGcmDataRequest(CmKeyHandle Context, ReadOnlyMemory<byte> Data)
{
    /// <summary>Bytes before the data.</summary>
    public const int FixedSize = 136;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Data.Length;

    /// <summary>Writes the request for <paramref name="command"/> (one of the three commands of this layout).</summary>
    public bool TryWrite(CaliptraCommand command, Span<byte> destination, out int written)
    {
        written = 0;
        if (command is not (CaliptraCommand.CmAesGcmEncryptUpdate or CaliptraCommand.CmAesGcmEncryptFinal or CaliptraCommand.CmAesGcmDecryptUpdate)
            || destination.Length < EncodedSize || Data.Length > CmAesGcm.MaxDataSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        Context.Write(ref writer, CmKeyHandle.AesGcmContextSize);
        CmSizedData.Write(ref writer, Data.Span);
        return MailboxHeaders.TryFinishRequest(command, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request; bytes after the data are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmAesGcmDataRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        var context = CmKeyHandle.Read(ref reader, CmKeyHandle.AesGcmContextSize);
        var status = CmSizedData.TryReadLast(ref reader, CmAesGcm.MaxDataSize, out var data);
        if (status == WireStatus.Done)
        {
            value = new CmAesGcmDataRequest(context, data);
        }

        return status;
    }
}

/// <summary>
/// The response of CM_AES_GCM_ENCRYPT_UPDATE and CM_AES_GCM_DECRYPT_UPDATE (caliptra-sw
/// <c>CmAesGcmEncryptUpdateResp</c>, <c>CmAesGcmDecryptUpdateResp</c>, one layout): the context
/// to pass on and the output produced so far (possibly none).
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 context(128) | +136 output_size(4) | +140 output[output_size] (at most 4112)
/// </code>
/// </summary>
/// <param name="Context">The context for the next step.</param>
/// <param name="Output">Ciphertext (encrypt) or plaintext (decrypt).</param>
public sealed record CmAesGcmUpdateResponse(CmKeyHandle Context, ReadOnlyMemory<byte> Output)
{
    /// <summary>Bytes before the output.</summary>
    public const int FixedSize = 140;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Output.Length;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Output.Length > CmAesGcm.MaxOutputSize)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, EncodedSize);
        Context.Write(ref writer, CmKeyHandle.AesGcmContextSize);
        CmSizedData.Write(ref writer, Output.Span);
        return MailboxHeaders.TryFinishResponse(destination, EncodedSize, out written);
    }

    /// <summary>Reads the response; a context naming nothing or bytes after the output are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out CmAesGcmUpdateResponse? value)
    {
        value = null;
        if (response.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        var context = CmKeyHandle.Read(ref reader, CmKeyHandle.AesGcmContextSize);
        var status = CmSizedData.TryReadLast(ref reader, CmAesGcm.MaxOutputSize, out var output);
        if (status != WireStatus.Done || !context.IsValid)
        {
            return status != WireStatus.Done ? status : WireStatus.Invalid;
        }

        value = new CmAesGcmUpdateResponse(context, output);
        return WireStatus.Done;
    }
}

/// <summary>
/// CM_AES_GCM_ENCRYPT_FINAL response (caliptra-sw <c>CmAesGcmEncryptFinalResp</c>): the 16-byte
/// tag and the remaining ciphertext.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 tag(16) | +24 ciphertext_size(4) | +28 ciphertext[ciphertext_size] (at most 4112)
/// </code>
/// </summary>
/// <param name="Tag">The 16-byte tag.</param>
/// <param name="Ciphertext">The ciphertext.</param>
public sealed record CmAesGcmEncryptFinalResponse(ReadOnlyMemory<byte> Tag, ReadOnlyMemory<byte> Ciphertext)
{
    /// <summary>Bytes before the ciphertext.</summary>
    public const int FixedSize = 28;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Ciphertext.Length;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Tag.Length != CmAesGcm.TagSize || Ciphertext.Length > CmAesGcm.MaxOutputSize)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, EncodedSize);
        writer.TryWriteBytes(Tag.Span);
        CmSizedData.Write(ref writer, Ciphertext.Span);
        return MailboxHeaders.TryFinishResponse(destination, EncodedSize, out written);
    }

    /// <summary>Reads the response; bytes after the ciphertext are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out CmAesGcmEncryptFinalResponse? value)
    {
        value = null;
        if (response.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        reader.TryReadBytes(CmAesGcm.TagSize, out var tag);
        var tagCopy = tag.ToArray();
        var status = CmSizedData.TryReadLast(ref reader, CmAesGcm.MaxOutputSize, out var ciphertext);
        if (status == WireStatus.Done)
        {
            value = new CmAesGcmEncryptFinalResponse(tagCopy, ciphertext);
        }

        return status;
    }
}

/// <summary>
/// CM_AES_GCM_DECRYPT_FINAL request (caliptra-sw <c>CmAesGcmDecryptFinalReq</c>): the tag
/// arrives here, right-padded with zeros to 16 bytes.
/// <code>
/// +0 chksum(4) | +4 context(128) | +132 tag_len(4, at most 16) | +136 tag(16: tag_len bytes, then zeros)
/// +152 ciphertext_size(4) | +156 ciphertext[ciphertext_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="Context">The GCM context.</param>
/// <param name="Tag">The tag (tag_len bytes).</param>
/// <param name="Ciphertext">The last ciphertext.</param>
public sealed record CmAesGcmDecryptFinalRequest(CmKeyHandle Context, ReadOnlyMemory<byte> Tag, ReadOnlyMemory<byte> Ciphertext)
{
    /// <summary>Bytes before the ciphertext.</summary>
    public const int FixedSize = 156;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Ciphertext.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Tag.Length > CmAesGcm.TagSize || Ciphertext.Length > CmAesGcm.MaxDataSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        Context.Write(ref writer, CmKeyHandle.AesGcmContextSize);
        writer.TryWriteU32((uint)Tag.Length);
        writer.TryWriteBytes(Tag.Span);
        writer.TryWriteZeros(CmAesGcm.TagSize - Tag.Length);
        CmSizedData.Write(ref writer, Ciphertext.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmAesGcmDecryptFinal, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request; tag_len above 16, nonzero padding or bytes after the ciphertext are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmAesGcmDecryptFinalRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        var context = CmKeyHandle.Read(ref reader, CmKeyHandle.AesGcmContextSize);
        reader.TryReadU32(out var tagLength);
        reader.TryReadBytes(CmAesGcm.TagSize, out var tagField);
        if (tagLength > CmAesGcm.TagSize || tagField[(int)tagLength..].IndexOfAnyExcept((byte)0) >= 0)
        {
            return WireStatus.Invalid;
        }

        var tag = tagField[..(int)tagLength].ToArray();
        var status = CmSizedData.TryReadLast(ref reader, CmAesGcm.MaxDataSize, out var ciphertext);
        if (status == WireStatus.Done)
        {
            value = new CmAesGcmDecryptFinalRequest(context, tag, ciphertext);
        }

        return status;
    }
}

/// <summary>
/// CM_AES_GCM_DECRYPT_FINAL response (caliptra-sw <c>CmAesGcmDecryptFinalResp</c>). The caller
/// must check <c>tag_verified</c> before using the plaintext.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 tag_verified(4: 1 matched, 0 not) | +12 plaintext_size(4)
/// +16 plaintext[plaintext_size] (at most 4112)
/// </code>
/// </summary>
/// <param name="TagVerified">True when the tag matched.</param>
/// <param name="Plaintext">The plaintext.</param>
public sealed record CmAesGcmDecryptFinalResponse(bool TagVerified, ReadOnlyMemory<byte> Plaintext)
{
    /// <summary>Bytes before the plaintext.</summary>
    public const int FixedSize = 16;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Plaintext.Length;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Plaintext.Length > CmAesGcm.MaxOutputSize)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, EncodedSize);
        writer.TryWriteU32(TagVerified ? 1u : 0u);
        CmSizedData.Write(ref writer, Plaintext.Span);
        return MailboxHeaders.TryFinishResponse(destination, EncodedSize, out written);
    }

    /// <summary>Reads the response; tag_verified other than 0 or 1, or bytes after the plaintext, are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out CmAesGcmDecryptFinalResponse? value)
    {
        value = null;
        if (response.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        reader.TryReadU32(out var verified);
        var status = CmSizedData.TryReadLast(ref reader, CmAesGcm.MaxOutputSize, out var plaintext);
        if (status != WireStatus.Done || verified > 1)
        {
            return status != WireStatus.Done ? status : WireStatus.Invalid;
        }

        value = new CmAesGcmDecryptFinalResponse(verified == 1, plaintext);
        return WireStatus.Done;
    }
}
