namespace Rampart.Wire.Bindings;

/// <summary>
/// The In-Band Interrupt an MCTP target raises when it has a packet to be read:
/// its payload starts with the mandatory data byte 0xAE (MIPI's MDB for "pending read
/// notification, MCTP"). Further bytes are optional.
/// </summary>
public static class I3cIbi
{
    /// <summary>The mandatory data byte of an MCTP pending-read IBI.</summary>
    public const byte MctpMandatoryDataByte = 0xAE;

    /// <summary>Size of the IBI payload Rampart sends: the mandatory data byte alone.</summary>
    public const int Size = 1;

    /// <summary>Writes the IBI payload.</summary>
    public static bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[0] = MctpMandatoryDataByte;
        written = Size;
        return true;
    }

    /// <summary>
    /// Checks an IBI payload: <see cref="WireStatus.Done"/> when it announces an MCTP packet,
    /// <see cref="WireStatus.Unsupported"/> for another mandatory data byte,
    /// <see cref="WireStatus.NeedMoreData"/> when empty.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return WireStatus.NeedMoreData;
        }

        return payload[0] == MctpMandatoryDataByte ? WireStatus.Done : WireStatus.Unsupported;
    }
}
