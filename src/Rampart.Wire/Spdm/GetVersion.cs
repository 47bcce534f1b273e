namespace Rampart.Wire.Spdm;

/// <summary>GET_VERSION (0x84) and VERSION (0x04), DSP0274 §10.3, Tables 7–9.</summary>
/// <remarks>
/// <code>
/// GET_VERSION  [0x10][0x84][rsvd][rsvd]                               4 bytes, always version 1.0
/// VERSION      [0x10][0x04][rsvd][rsvd][rsvd][count][entry u16]*count
///              entry: major(15:12) minor(11:8) update(7:4) alpha(3:0)
/// </code>
/// </remarks>
public static class GetVersion
{
    /// <summary>GET_VERSION size.</summary>
    public const int RequestSize = 4;

    /// <summary>Fixed part of VERSION before the entries.</summary>
    public const int ResponseFixedSize = 6;

    /// <summary>Checks a GET_VERSION request (its version byte must be 0x10).</summary>
    public static WireStatus TryReadRequest(ReadOnlySpan<byte> message)
    {
        var status = SpdmMessage.ReadHeader(message, SpdmCode.GetVersion, out var header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        return header.Version == SpdmVersion.V10 ? WireStatus.Done : WireStatus.Invalid;
    }

    /// <summary>Writes GET_VERSION.</summary>
    public static bool TryWriteRequest(Span<byte> destination, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, SpdmVersion.V10, SpdmCode.GetVersion, 0, 0);
        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>Writes VERSION listing <paramref name="versions"/> (SPDMVersion bytes).</summary>
    public static bool TryWriteResponse(Span<byte> destination, ReadOnlySpan<byte> versions, out int written)
    {
        var writer = new WireWriter(destination);
        SpdmMessage.WriteHeader(ref writer, SpdmVersion.V10, SpdmCode.Version, 0, 0);
        writer.TryWriteU8(0);
        writer.TryWriteU8((byte)versions.Length);
        foreach (var v in versions)
        {
            writer.TryWriteU16(SpdmVersion.ToVersionNumberEntry(v));
        }

        return SpdmMessage.Finish(writer, out written);
    }

    /// <summary>
    /// Reads VERSION; <paramref name="entries"/> is the raw entry array (two bytes each).
    /// A count of zero is Invalid (DSP0274 requires at least one entry).
    /// </summary>
    public static WireStatus TryReadResponse(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> entries)
    {
        entries = default;
        var status = SpdmMessage.ReadHeader(message, SpdmCode.Version, out _);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (message.Length < ResponseFixedSize)
        {
            return WireStatus.NeedMoreData;
        }

        var count = message[5];
        if (count == 0)
        {
            return WireStatus.Invalid;
        }

        if (message.Length < ResponseFixedSize + (2 * count))
        {
            return WireStatus.NeedMoreData;
        }

        entries = message.Slice(ResponseFixedSize, 2 * count);
        return WireStatus.Done;
    }

    /// <summary>The highest version in <paramref name="entries"/> that is also in <paramref name="supported"/>, or 0.</summary>
    public static byte HighestCommon(ReadOnlySpan<byte> entries, ReadOnlySpan<byte> supported)
    {
        byte best = 0;
        for (var i = 0; i + 1 < entries.Length; i += 2)
        {
            var v = SpdmVersion.FromVersionNumberEntry((ushort)(entries[i] | (entries[i + 1] << 8)));
            if (supported.Contains(v) && v > best)
            {
                best = v;
            }
        }

        return best;
    }
}
