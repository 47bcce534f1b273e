namespace Rampart.Wire.Doe;

/// <summary>
/// DOE Discovery request data (PCIe 6.x §6.30.1.1, "DOE Discovery Request Data Object"): one
/// DWORD whose byte 0 is the index of the protocol asked about and byte 1 the discovery version
/// (0 before PCIe 6.1); bytes 2–3 are reserved.
/// </summary>
/// <param name="Index">Index of the data object protocol to describe (0 first).</param>
/// <param name="Version">Discovery version (0 or 1 in PCIe 6.1).</param>
public readonly record struct DoeDiscoveryRequest(byte Index, byte Version = 0)
{
    /// <summary>Data size.</summary>
    public const int Size = 4;

    // +0 [ index ]   +1 [ version ]   +2..+3 [ reserved ]
    private const int IndexOffset = 0;
    private const int VersionOffset = 1;
    private const int ReservedOffset = 2;

    /// <summary>Reads the data; reserved bytes set is <see cref="WireStatus.Invalid"/>.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out DoeDiscoveryRequest value)
    {
        value = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (source[ReservedOffset] != 0 || source[ReservedOffset + 1] != 0)
        {
            return WireStatus.Invalid;
        }

        value = new DoeDiscoveryRequest(source[IndexOffset], source[VersionOffset]);
        return WireStatus.Done;
    }

    /// <summary>Writes the data.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        destination[IndexOffset] = Index;
        destination[VersionOffset] = Version;
        destination[ReservedOffset] = 0;
        destination[ReservedOffset + 1] = 0;
        return true;
    }
}

/// <summary>
/// DOE Discovery response data (PCIe 6.x §6.30.1.1, "DOE Discovery Response Data Object"): one
/// DWORD with the vendor ID, the data object protocol (type) at the requested index, and the next
/// index (0 after the last protocol).
/// </summary>
/// <param name="VendorId">Vendor ID of the protocol.</param>
/// <param name="Protocol">Data object type of the protocol.</param>
/// <param name="NextIndex">Index to ask next; 0 when this was the last.</param>
public readonly record struct DoeDiscoveryResponse(ushort VendorId, DoeDataObjectType Protocol, byte NextIndex)
{
    /// <summary>Data size.</summary>
    public const int Size = 4;

    // +0..+1 [ vendor ID, little-endian ]   +2 [ data object protocol ]   +3 [ next index ]
    private const int VendorOffset = 0;
    private const int ProtocolOffset = 2;
    private const int NextOffset = 3;

    /// <summary>Reads the data.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out DoeDiscoveryResponse value)
    {
        value = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        value = new DoeDiscoveryResponse(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(source[VendorOffset..]),
            (DoeDataObjectType)source[ProtocolOffset],
            source[NextOffset]);
        return WireStatus.Done;
    }

    /// <summary>Writes the data.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            return false;
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(destination[VendorOffset..], VendorId);
        destination[ProtocolOffset] = (byte)Protocol;
        destination[NextOffset] = NextIndex;
        return true;
    }
}
