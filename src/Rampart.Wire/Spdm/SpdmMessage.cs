namespace Rampart.Wire.Spdm;

/// <summary>Shared checks for SPDM message decoders.</summary>
internal static class SpdmMessage
{
    /// <summary>
    /// Reads the header and checks the code. Returns NeedMoreData for fewer than four bytes and
    /// Invalid for another code.
    /// </summary>
    public static WireStatus ReadHeader(ReadOnlySpan<byte> message, SpdmCode expected, out SpdmHeader header)
    {
        var status = SpdmHeader.TryRead(message, out header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (header.Code != (byte)expected)
        {
            header = default;
            return WireStatus.Invalid;
        }

        return WireStatus.Done;
    }

    /// <summary>Writes a header into <paramref name="writer"/>.</summary>
    public static void WriteHeader(ref WireWriter writer, byte version, SpdmCode code, byte param1, byte param2) =>
        new SpdmHeader(version, (byte)code, param1, param2).TryWrite(ref writer);

    /// <summary>Ends a write: false (and zero bytes) when the destination was too small.</summary>
    public static bool Finish(in WireWriter writer, out int written)
    {
        written = writer.Overflowed ? 0 : writer.Position;
        return !writer.Overflowed;
    }
}
