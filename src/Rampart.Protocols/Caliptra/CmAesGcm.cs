using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// Sizes shared by the CM_AES_GCM_* commands (caliptra-sw <c>MAX_CMB_DATA_SIZE</c>,
/// <c>MAX_CMB_AES_GCM_OUTPUT_SIZE</c>, <c>CMB_AES_GCM_ENCRYPTED_CONTEXT_SIZE</c>). The context
/// field is a <see cref="CmKeyHandle"/> of <see cref="CmKeyHandle.AesGcmContextSize"/> bytes.
/// </summary>
public static class CmAesGcm
{
    /// <summary>Largest AAD, plaintext or ciphertext field of a request.</summary>
    public const int MaxDataSize = 4096;

    /// <summary>Largest ciphertext or plaintext field of a response (data plus one tag's worth).</summary>
    public const int MaxOutputSize = MaxDataSize + 16;

    /// <summary>IV bytes (96-bit IV only).</summary>
    public const int IvSize = 12;

    /// <summary>Tag bytes on the wire (shorter tags are right-padded with zeros).</summary>
    public const int TagSize = 16;
}

/// <summary>
/// CM_AES_GCM_ENCRYPT_INIT request (caliptra-sw <c>CmAesGcmEncryptInitReq</c>); the response is a
/// <see cref="CmAesGcmInitResponse"/> with the IV the runtime chose.
/// <code>
/// +0 chksum(4) | +4 flags(4, reserved: 0) | +8 cmk(128) | +136 aad_size(4) | +140 aad[aad_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="Key">The AES key.</param>
/// <param name="Aad">Additional authenticated data (only passed at INIT).</param>
public sealed record CmAesGcmEncryptInitRequest(CmKeyHandle Key, ReadOnlyMemory<byte> Aad)
{
    /// <summary>Bytes before the AAD.</summary>
    public const int FixedSize = 140;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Aad.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Aad.Length > CmAesGcm.MaxDataSize)
        {
            return false;
        }

        return CmAesGcmInitFields.TryWrite(CaliptraCommand.CmAesGcmEncryptInit, Key, default, Aad.Span, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request; nonzero reserved flags or bytes after the AAD are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmAesGcmEncryptInitRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var status = CmAesGcmInitFields.TryRead(request, 0, out var key, out _, out var aad);
        if (status == WireStatus.Done)
        {
            value = new CmAesGcmEncryptInitRequest(key, aad);
        }

        return status;
    }
}

/// <summary>
/// CM_AES_GCM_DECRYPT_INIT request (caliptra-sw <c>CmAesGcmDecryptInitReq</c>): the caller
/// supplies the IV; the response is a <see cref="CmAesGcmInitResponse"/> echoing it.
/// <code>
/// +0 chksum(4) | +4 flags(4, reserved: 0) | +8 cmk(128) | +136 iv(12) | +148 aad_size(4) | +152 aad[aad_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="Key">The AES key.</param>
/// <param name="Iv">The 12-byte IV.</param>
/// <param name="Aad">Additional authenticated data (only passed at INIT).</param>
public sealed record CmAesGcmDecryptInitRequest(CmKeyHandle Key, ReadOnlyMemory<byte> Iv, ReadOnlyMemory<byte> Aad)
{
    /// <summary>Bytes before the AAD.</summary>
    public const int FixedSize = 152;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Aad.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Iv.Length != CmAesGcm.IvSize || Aad.Length > CmAesGcm.MaxDataSize)
        {
            return false;
        }

        return CmAesGcmInitFields.TryWrite(CaliptraCommand.CmAesGcmDecryptInit, Key, Iv.Span, Aad.Span, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request; nonzero reserved flags or bytes after the AAD are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmAesGcmDecryptInitRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var status = CmAesGcmInitFields.TryRead(request, CmAesGcm.IvSize, out var key, out var iv, out var aad);
        if (status == WireStatus.Done)
        {
            value = new CmAesGcmDecryptInitRequest(key, iv, aad);
        }

        return status;
    }
}

/// <summary>
/// The response of CM_AES_GCM_ENCRYPT_INIT and CM_AES_GCM_DECRYPT_INIT (caliptra-sw
/// <c>CmAesGcmEncryptInitResp</c>, <c>CmAesGcmDecryptInitResp</c>), 148 bytes: the context and the
/// IV in use (chosen by the runtime for encryption, echoed for decryption).
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 context(128) | +136 iv(12)
/// </code>
/// </summary>
/// <param name="Context">The GCM context.</param>
/// <param name="Iv">The 12-byte IV.</param>
public sealed record CmAesGcmInitResponse(CmKeyHandle Context, ReadOnlyMemory<byte> Iv)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 148;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Iv.Length != CmAesGcm.IvSize)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, Size);
        Context.Write(ref writer, CmKeyHandle.AesGcmContextSize);
        writer.TryWriteBytes(Iv.Span);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response; a context naming nothing is invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out CmAesGcmInitResponse? value)
    {
        value = null;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        var context = CmKeyHandle.Read(ref reader, CmKeyHandle.AesGcmContextSize);
        reader.TryReadBytes(CmAesGcm.IvSize, out var iv);
        if (!context.IsValid)
        {
            return WireStatus.Invalid;
        }

        value = new CmAesGcmInitResponse(context, iv.ToArray());
        return WireStatus.Done;
    }
}

/// <summary>
/// CM_AES_GCM_SPDM_ENCRYPT_INIT and CM_AES_GCM_SPDM_DECRYPT_INIT request (caliptra-sw
/// <c>CmAesGcmSpdmEncryptInitReq</c>, <c>CmAesGcmSpdmDecryptInitReq</c>, one layout). The key is
/// an SPDM major secret (HMAC usage); the runtime derives the AES key and IV (DSP0274 key
/// schedule, "key"/"iv" labels) and XORs the record counter into the IV. The response is a
/// <see cref="CmKeyResponse"/> naming the context (no IV is returned).
/// <code>
/// +0 chksum(4) | +4 spdm_flags(4: bits 7:0 SPDM version, e.g. 0x13; bit 8 counter big-endian; bits 31:9 zero)
/// +8 counter(8, little-endian) | +16 cmk(128) | +144 aad_size(4) | +148 aad[aad_size] (at most 4096)
/// </code>
/// Little-endian (the DSP0277 rule) XORs the counter's LE bytes into IV bytes 0–7; big-endian
/// XORs its BE bytes into IV bytes 4–11.
/// </summary>
/// <param name="SpdmVersion">The SPDM version byte (0x10–0x14).</param>
/// <param name="CounterBigEndian">XOR the counter big-endian into the IV's last 8 bytes.</param>
/// <param name="Counter">The record sequence number.</param>
/// <param name="MajorSecret">The major secret (HMAC usage, 48 or 64 bytes).</param>
/// <param name="Aad">Additional authenticated data.</param>
public sealed record CmAesGcmSpdmInitRequest(byte SpdmVersion, bool CounterBigEndian, ulong Counter, CmKeyHandle MajorSecret, ReadOnlyMemory<byte> Aad)
{
    /// <summary>Bytes before the AAD.</summary>
    public const int FixedSize = 148;

    /// <summary>spdm_flags bit: counter XORed big-endian.</summary>
    public const uint CounterBigEndianFlag = 1u << 8;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Aad.Length;

    /// <summary>Writes the request for <paramref name="command"/> (one of the two SPDM INIT commands).</summary>
    public bool TryWrite(CaliptraCommand command, Span<byte> destination, out int written)
    {
        written = 0;
        if (command is not (CaliptraCommand.CmAesGcmSpdmEncryptInit or CaliptraCommand.CmAesGcmSpdmDecryptInit)
            || destination.Length < EncodedSize || Aad.Length > CmAesGcm.MaxDataSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        writer.TryWriteU32(SpdmVersion | (CounterBigEndian ? CounterBigEndianFlag : 0));
        writer.TryWriteU64(Counter);
        MajorSecret.Write(ref writer, CmKeyHandle.KeyFieldSize);
        CmSizedData.Write(ref writer, Aad.Span);
        return MailboxHeaders.TryFinishRequest(command, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request; set bits 31:9 of the flags or bytes after the AAD are invalid.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmAesGcmSpdmInitRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var flags);
        reader.TryReadU64(out var counter);
        var key = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        var reserved = (flags & ~(CounterBigEndianFlag | 0xFFu)) != 0;
        var status = CmSizedData.TryReadLast(ref reader, CmAesGcm.MaxDataSize, out var aad);
        if (reserved || status != WireStatus.Done)
        {
            return reserved ? WireStatus.Invalid : status;
        }

        value = new CmAesGcmSpdmInitRequest((byte)flags, (flags & CounterBigEndianFlag) != 0, counter, key, aad);
        return WireStatus.Done;
    }
}

/// <summary>The fields of the two plain INIT requests: <c>flags(4, reserved: 0) | cmk(128) | iv(0 or 12) | aad_size(4) | aad</c>.</summary>
internal static class CmAesGcmInitFields
{
    /// <summary>Writes and seals the request (its size already checked by the caller).</summary>
    internal static bool TryWrite(CaliptraCommand command, CmKeyHandle key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, Span<byte> destination, int size, out int written)
    {
        var writer = MailboxHeaders.RequestWriter(destination, size);
        writer.TryWriteU32(0);
        key.Write(ref writer, CmKeyHandle.KeyFieldSize);
        writer.TryWriteBytes(iv);
        CmSizedData.Write(ref writer, aad);
        return MailboxHeaders.TryFinishRequest(command, destination, size, out written);
    }

    /// <summary>Reads the fields of a request at least as long as its fixed part; nonzero flags or bytes after the AAD are invalid.</summary>
    internal static WireStatus TryRead(ReadOnlySpan<byte> request, int ivSize, out CmKeyHandle key, out byte[] iv, out byte[] aad)
    {
        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var flags);
        key = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        reader.TryReadBytes(ivSize, out var ivBytes);
        iv = ivBytes.ToArray();
        var status = CmSizedData.TryReadLast(ref reader, CmAesGcm.MaxDataSize, out aad);
        return flags != 0 ? WireStatus.Invalid : status;
    }
}

/// <summary>The size-prefixed field that ends a crypto-mailbox message: <c>size(4) | data[size]</c>.</summary>
internal static class CmSizedData
{
    /// <summary>
    /// Reads the field, which must end the message: NeedMoreData when cut short, Invalid when the
    /// size is above <paramref name="maxSize"/> or bytes follow the data.
    /// </summary>
    internal static WireStatus TryReadLast(ref WireReader reader, int maxSize, out byte[] data)
    {
        data = [];
        if (!reader.TryReadU32(out var size))
        {
            return WireStatus.NeedMoreData;
        }

        if (size > (uint)maxSize)
        {
            return WireStatus.Invalid;
        }

        if (!reader.TryReadBytes((int)size, out var bytes))
        {
            return WireStatus.NeedMoreData;
        }

        if (reader.Remaining != 0)
        {
            return WireStatus.Invalid;
        }

        data = bytes.ToArray();
        return WireStatus.Done;
    }

    /// <summary>Writes the field.</summary>
    internal static void Write(ref WireWriter writer, ReadOnlySpan<byte> data)
    {
        writer.TryWriteU32((uint)data.Length);
        writer.TryWriteBytes(data);
    }
}
