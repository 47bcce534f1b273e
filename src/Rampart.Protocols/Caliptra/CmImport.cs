using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// CM_IMPORT request (caliptra-sw <c>CmImportReq</c>), 76 bytes.
/// <code>
/// +0 chksum(4) | +4 key_usage(4) | +8 input_size(4) | +12 input(64, first input_size bytes used)
/// </code>
/// </summary>
/// <param name="Usage">What the key is for.</param>
/// <param name="Key">The key (1–64 bytes).</param>
public sealed record CmImportRequest(CmKeyUsage Usage, ReadOnlyMemory<byte> Key)
{
    /// <summary>Largest key.</summary>
    public const int MaxKeySize = 64;

    /// <summary>Encoded size.</summary>
    public const int Size = 76;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || Key.Length > MaxKeySize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        writer.TryWriteU32((uint)Usage);
        writer.TryWriteU32((uint)Key.Length);
        writer.TryWriteBytes(Key.Span);
        writer.TryWriteZeros(MaxKeySize - Key.Length);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmImport, destination, Size, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmImportRequest? value)
    {
        value = null;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        reader.TryReadU32(out var usage);
        reader.TryReadU32(out var size);
        if (size is 0 or > MaxKeySize)
        {
            return WireStatus.Invalid;
        }

        reader.TryReadBytes((int)size, out var key);
        value = new CmImportRequest((CmKeyUsage)usage, key.ToArray());
        return WireStatus.Done;
    }
}

/// <summary>
/// CM_DELETE request (caliptra-sw <c>CmDeleteReq</c>), 132 bytes; the response is the bare header.
/// <code>
/// +0 chksum(4) | +4 cmk(128)
/// </code>
/// </summary>
/// <param name="Key">The key to forget.</param>
public readonly record struct CmDeleteRequest(CmKeyHandle Key)
{
    /// <summary>Encoded size.</summary>
    public const int Size = CmKeyRequest.Size;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written) =>
        CmKeyRequest.TryWrite(CaliptraCommand.CmDelete, Key, destination, out written);

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmDeleteRequest value)
    {
        var status = CmKeyRequest.TryRead(request, out var key);
        value = new CmDeleteRequest(key);
        return status;
    }
}

/// <summary>
/// The body of a request that names one key and nothing else (CM_DELETE, CM_ECDH_DEBUG_EXPORT),
/// 132 bytes.
/// <code>
/// +0 chksum(4) | +4 cmk(128)
/// </code>
/// </summary>
internal static class CmKeyRequest
{
    /// <summary>Encoded size.</summary>
    public const int Size = 132;

    public static bool TryWrite(CaliptraCommand command, CmKeyHandle key, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, Size);
        key.Write(ref writer, CmKeyHandle.KeyFieldSize);
        return MailboxHeaders.TryFinishRequest(command, destination, Size, out written);
    }

    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmKeyHandle key)
    {
        key = default;
        if (request.Length != Size)
        {
            return request.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.RequestBody(request);
        key = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        return WireStatus.Done;
    }
}

/// <summary>
/// The response that hands back a key (caliptra-sw <c>CmImportResp</c>, <c>CmHkdfExtractResp</c>,
/// <c>CmHkdfExpandResp</c>, <c>CmEcdhFinishResp</c>), 136 bytes. The SPDM AES-GCM INIT responses
/// (<c>CmAesGcmSpdmEncryptInitResp</c>, <c>CmAesGcmSpdmDecryptInitResp</c>) have the same layout
/// with a 128-byte GCM context in place of the cmk.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 cmk(128)
/// </code>
/// </summary>
/// <param name="Key">The new key's handle.</param>
public readonly record struct CmKeyResponse(CmKeyHandle Key)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 136;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, Size);
        Key.Write(ref writer, CmKeyHandle.KeyFieldSize);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out CmKeyResponse value)
    {
        value = default;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        value = new CmKeyResponse(CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize));
        return value.Key.IsValid ? WireStatus.Done : WireStatus.Invalid;
    }
}
