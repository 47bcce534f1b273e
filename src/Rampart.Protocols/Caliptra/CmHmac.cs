using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// CM_HMAC request (caliptra-sw <c>CmHmacReq</c>); the response is a <see cref="VariableDataResponse"/> with the MAC.
/// <code>
/// +0 chksum(4) | +4 cmk(128) | +132 hash_algorithm(4) | +136 data_size(4) | +140 data[data_size] (at most 4096)
/// </code>
/// </summary>
/// <param name="Key">The HMAC key.</param>
/// <param name="Algorithm">SHA-384 or SHA-512.</param>
/// <param name="Data">The data.</param>
public sealed record CmHmacRequest(CmKeyHandle Key, CmHashAlgorithm Algorithm, ReadOnlyMemory<byte> Data)
{
    /// <summary>Bytes before the data.</summary>
    public const int FixedSize = 140;

    /// <summary>Largest data.</summary>
    public const int MaxDataSize = 4096;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Data.Length;

    /// <summary>Writes the request.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < EncodedSize || Data.Length > MaxDataSize)
        {
            return false;
        }

        var writer = MailboxHeaders.RequestWriter(destination, EncodedSize);
        Key.Write(ref writer, CmKeyHandle.KeyFieldSize);
        writer.TryWriteU32((uint)Algorithm);
        writer.TryWriteU32((uint)Data.Length);
        writer.TryWriteBytes(Data.Span);
        return MailboxHeaders.TryFinishRequest(CaliptraCommand.CmHmac, destination, EncodedSize, out written);
    }

    /// <summary>Reads the request.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> request, out CmHmacRequest? value)
    {
        value = null;
        if (request.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.RequestBody(request);
        var key = CmKeyHandle.Read(ref reader, CmKeyHandle.KeyFieldSize);
        reader.TryReadU32(out var algorithm);
        reader.TryReadU32(out var size);
        if (size > MaxDataSize)
        {
            return WireStatus.Invalid;
        }

        if (!reader.TryReadBytes((int)size, out var data))
        {
            return WireStatus.NeedMoreData;
        }

        value = new CmHmacRequest(key, (CmHashAlgorithm)algorithm, data.ToArray());
        return WireStatus.Done;
    }
}
