namespace Rampart.Wire.Spdm;

/// <summary>PSK_FINISH (0xE7) and PSK_FINISH_RSP (0x67), DSP0274 §10.17, Tables 74–75.</summary>
/// <remarks>
/// <code>
/// PSK_FINISH      header | RequesterVerifyData [H]
/// PSK_FINISH_RSP  header
/// </code>
/// </remarks>
public static class PskFinish
{
    /// <summary>Reads PSK_FINISH; the verify data is the H bytes after the header.</summary>
    public static WireStatus TryReadRequest(ReadOnlySpan<byte> message, SpdmSizes sizes, out ReadOnlySpan<byte> verifyData)
    {
        verifyData = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.PskFinish, out _);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (message.Length < SpdmHeader.Size + sizes.HashSize)
        {
            return WireStatus.NeedMoreData;
        }

        verifyData = message.Slice(SpdmHeader.Size, sizes.HashSize);
        return WireStatus.Done;
    }
}
