using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// The variable-size data response (caliptra-sw <c>VarSizeDataResp</c>) of the GET_*_CERT
/// commands: the certificate's DER. The response ends after the data.
/// <code>
/// +0 chksum(4) | +4 fips_status(4) | +8 data_size(4) | +12 data[data_size] (at most 9216)
/// </code>
/// </summary>
/// <param name="Data">The data (a DER certificate).</param>
public sealed record VariableDataResponse(ReadOnlyMemory<byte> Data)
{
    /// <summary>The largest data field (caliptra-sw MAX_RESP_DATA_SIZE).</summary>
    public const int MaxDataSize = 9216;

    /// <summary>Bytes before the data.</summary>
    public const int FixedSize = 12;

    /// <summary>Encoded size.</summary>
    public int EncodedSize => FixedSize + Data.Length;

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (Data.Length > MaxDataSize || destination.Length < EncodedSize)
        {
            return false;
        }

        var writer = MailboxHeaders.ResponseWriter(destination, EncodedSize);
        writer.TryWriteU32((uint)Data.Length);
        writer.TryWriteBytes(Data.Span);
        return MailboxHeaders.TryFinishResponse(destination, EncodedSize, out written);
    }

    /// <summary>Reads the response (exactly header + data_size bytes).</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out VariableDataResponse? value)
    {
        value = null;
        if (response.Length < FixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var reader = MailboxHeaders.ResponseBody(response);
        reader.TryReadU32(out var size);
        if (size > MaxDataSize || response.Length > FixedSize + (int)size)
        {
            return WireStatus.Invalid;
        }

        if (!reader.TryReadBytes((int)size, out var data))
        {
            return WireStatus.NeedMoreData;
        }

        value = new VariableDataResponse(data.ToArray());
        return WireStatus.Done;
    }
}
