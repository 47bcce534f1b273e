namespace Rampart.Wire.Doe;

/// <summary>
/// A whole DOE data object (PCIe 6.x §6.30.1): the header and its data, zero-padded to a DWORD
/// boundary. Reading gives the data as a slice of the caller's bytes, padding included (the
/// protocol inside knows its own length).
/// </summary>
public static class DoeDataObject
{
    /// <summary>The encoded size of an object with <paramref name="dataLength"/> bytes of data.</summary>
    public static int GetEncodedSize(int dataLength) => DoeDataObjectHeader.ForData(DoeDataObjectType.Discovery, dataLength).TotalBytes;

    /// <summary>
    /// Reads one object. <see cref="WireStatus.NeedMoreData"/> until the length the header names
    /// is present; <paramref name="consumed"/> is the object's size on success.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out DoeDataObjectHeader header, out ReadOnlySpan<byte> data, out int consumed)
    {
        data = default;
        consumed = 0;
        var status = DoeDataObjectHeader.TryRead(source, out header);
        if (status != WireStatus.Done)
        {
            return status;
        }

        if (source.Length < header.TotalBytes)
        {
            header = default;
            return WireStatus.NeedMoreData;
        }

        var total = header.TotalBytes;
        data = source[DoeDataObjectHeader.Size..total];
        consumed = total;
        return WireStatus.Done;
    }

    /// <summary>Writes a PCI-SIG object of <paramref name="type"/> carrying <paramref name="data"/>, padded with zeros.</summary>
    public static bool TryWrite(DoeDataObjectType type, ReadOnlySpan<byte> data, Span<byte> destination, out int written)
    {
        written = 0;
        var header = DoeDataObjectHeader.ForData(type, data.Length);
        if (destination.Length < header.TotalBytes)
        {
            return false;
        }

        header.TryWrite(destination);
        data.CopyTo(destination[DoeDataObjectHeader.Size..]);
        destination[(DoeDataObjectHeader.Size + data.Length)..header.TotalBytes].Clear();
        written = header.TotalBytes;
        return true;
    }
}
