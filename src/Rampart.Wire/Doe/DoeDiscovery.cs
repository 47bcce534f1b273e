using System.Buffers.Binary;

namespace Rampart.Wire.Doe;

/// <summary>
/// DOE Discovery request data (PCIe 6.x §6.30.1.1, "DOE Discovery Request Data Object"): one
/// DWORD whose byte 0 is the index of the protocol asked about and byte 1 the DOE Discovery
/// Version (PCIe 6.1; reserved before it); bytes 2–3 are reserved. A requester sends version 02h
/// to a DOE Extended Capability of version 02h or greater and 00h otherwise, so Linux's PCI DOE
/// driver sends 02h or 00h depending on the capability it finds.
/// </summary>
/// <param name="Index">Index of the data object protocol to describe (0 first).</param>
/// <param name="Version">DOE Discovery Version as the requester sent it.</param>
public readonly record struct DoeDiscoveryRequest(byte Index, byte Version = 0)
{
    /// <summary>Data size.</summary>
    public const int Size = 4;

    /// <summary>The version a requester sends to a DOE Extended Capability of version 02h or greater (PCIe 6.1).</summary>
    public const byte Version2 = 2;

    // +0 [ index ]   +1 [ discovery version ]   +2..+3 [ reserved: written 0, ignored when read ]
    private const int IndexOffset = 0;
    private const int VersionOffset = 1;
    private const int ReservedOffset = 2;

    /// <summary>
    /// Reads the data. Any version is taken as sent and the reserved bytes are ignored (PCIe
    /// convention for a receiver; a later revision may define them): only a DWORD cut short is
    /// not <see cref="WireStatus.Done"/>.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out DoeDiscoveryRequest value)
    {
        value = default;
        if (source.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        value = new DoeDiscoveryRequest(source[IndexOffset], source[VersionOffset]);
        return WireStatus.Done;
    }

    /// <summary>Writes the data, reserved bytes 0.</summary>
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
/// index (0 after the last). It has no version field, in PCIe 6.1 as before.
/// </summary>
/// <param name="VendorId">Vendor ID of the protocol; FFFFh when no protocol sits at the index.</param>
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
            BinaryPrimitives.ReadUInt16LittleEndian(source[VendorOffset..]),
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

        BinaryPrimitives.WriteUInt16LittleEndian(destination[VendorOffset..], VendorId);
        destination[ProtocolOffset] = (byte)Protocol;
        destination[NextOffset] = NextIndex;
        return true;
    }
}

/// <summary>
/// The responder's side of DOE Discovery (PCIe 6.x §6.30.1.1), shared by every DOE responder in
/// Rampart: index i names the i-th PCI-SIG protocol of the responder's list (index 0 is
/// Discovery itself) and the next index, 0 after the last. An index past the last is answered
/// with Vendor ID FFFFh, type 0 and next index 0: no protocol there, nothing after it (as
/// caliptra-mcu-sw answers). The request's version does not change the answer, which has no
/// version field.
/// </summary>
public static class DoeDiscovery
{
    /// <summary>Vendor ID of the answer for an index with no protocol.</summary>
    public const ushort NoProtocolVendorId = 0xFFFF;

    /// <summary>Size of the whole answer object: the header and one DWORD.</summary>
    public const int AnswerSize = DoeDataObjectHeader.Size + DoeDiscoveryResponse.Size;

    private static readonly DoeDataObjectType[] CmaSpdm = [DoeDataObjectType.Discovery, DoeDataObjectType.Spdm, DoeDataObjectType.SecuredSpdm];

    /// <summary>The protocols of a CMA/SPDM responder: 0 Discovery, 1 CMA/SPDM, 2 Secured CMA/SPDM.</summary>
    public static ReadOnlySpan<DoeDataObjectType> CmaSpdmProtocols => CmaSpdm;

    /// <summary>The answer to <paramref name="request"/> from a responder listing <paramref name="protocols"/> (PCI-SIG types, Discovery first).</summary>
    public static DoeDiscoveryResponse Answer(DoeDiscoveryRequest request, ReadOnlySpan<DoeDataObjectType> protocols)
    {
        if (protocols.IsEmpty || protocols[0] != DoeDataObjectType.Discovery)
        {
            throw new ArgumentException("a DOE responder lists Discovery at index 0", nameof(protocols));
        }

        if (request.Index >= protocols.Length)
        {
            return new DoeDiscoveryResponse(NoProtocolVendorId, DoeDataObjectType.Discovery, 0);
        }

        var next = request.Index + 1 == protocols.Length ? 0 : request.Index + 1;
        return new DoeDiscoveryResponse(DoeDataObjectHeader.PciSigVendorId, protocols[request.Index], (byte)next);
    }

    /// <summary>
    /// Reads the request data of a Discovery object and writes the whole answer object (<see
    /// cref="AnswerSize"/> bytes) to <paramref name="destination"/>. Request data cut short is
    /// <see cref="WireStatus.NeedMoreData"/> and writes nothing; <paramref name="destination"/>
    /// must hold <see cref="AnswerSize"/> bytes.
    /// </summary>
    public static WireStatus TryAnswer(ReadOnlySpan<byte> requestData, ReadOnlySpan<DoeDataObjectType> protocols, Span<byte> destination, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, AnswerSize, nameof(destination));
        written = 0;
        var status = DoeDiscoveryRequest.TryRead(requestData, out var request);
        if (status != WireStatus.Done)
        {
            return status;
        }

        Answer(request, protocols).TryWrite(destination[DoeDataObjectHeader.Size..]);
        DoeDataObjectHeader.ForData(DoeDataObjectType.Discovery, DoeDiscoveryResponse.Size).TryWrite(destination);
        written = AnswerSize;
        return WireStatus.Done;
    }
}
