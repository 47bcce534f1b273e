using System.Globalization;
using Rampart.Wire;
using Rampart.Wire.Doe;

namespace Rampart.Host.Trace;

/// <summary>Names and fields of PCIe DOE data objects (link type 292) for <see cref="TraceDecoder"/>.</summary>
internal sealed class DoeTraceDecoder
{
    // DOE carries no direction; discovery requests and responses alternate.
    private bool _expectDiscoveryResponse;

    // A DOE mailbox is one SPDM connection: what it negotiated sizes its later messages.
    private readonly SpdmTraceSession _spdmSession = new();

    public (string Name, string? Error) Decode(ReadOnlySpan<byte> data, List<TraceField> fields)
    {
        var status = DoeDataObject.TryRead(data, out var header, out var body, out var consumed);
        if (status != WireStatus.Done)
        {
            return ("DOE object", status == WireStatus.NeedMoreData
                ? $"data object truncated: {data.Length} bytes, header says {(DoeDataObjectHeader.TryRead(data, out var h) == WireStatus.Done ? h.TotalBytes : DoeDataObjectHeader.Size)}"
                : "data object header has a reserved bit set or a length below 2 DWORDs");
        }

        fields.Add(new TraceField("vendor ID", $"0x{header.VendorId:X4}"));
        fields.Add(new TraceField("length (DW)", header.LengthDwords.ToString(CultureInfo.InvariantCulture)));
        string? trailing = consumed != data.Length ? $"{data.Length - consumed} byte(s) after the data object" : null;
        if (header.VendorId != DoeDataObjectHeader.PciSigVendorId)
        {
            return ($"Vendor 0x{header.VendorId:X4} type 0x{(byte)header.Type:X2}", trailing);
        }

        switch (header.Type)
        {
            case DoeDataObjectType.Discovery:
                return DecodeDiscovery(body, fields, trailing);
            case DoeDataObjectType.Spdm:
                {
                    var (name, error) = SpdmTraceDecoder.Decode(body, fields, _spdmSession);
                    return (name, error ?? trailing);
                }

            case DoeDataObjectType.SecuredSpdm:
                {
                    var (name, error) = SpdmTraceDecoder.DecodeSecured(body, 0, fields);
                    return (name, error ?? trailing);
                }

            default:
                return ($"PCI-SIG type 0x{(byte)header.Type:X2}", trailing);
        }
    }

    private (string Name, string? Error) DecodeDiscovery(ReadOnlySpan<byte> body, List<TraceField> fields, string? trailing)
    {
        var response = _expectDiscoveryResponse;
        _expectDiscoveryResponse = !_expectDiscoveryResponse;
        if (response)
        {
            if (DoeDiscoveryResponse.TryRead(body, out var r) != WireStatus.Done)
            {
                return ("DOE Discovery response", "discovery response truncated");
            }

            fields.Add(new TraceField("protocol", r.VendorId == DoeDiscovery.NoProtocolVendorId
                ? "none at this index (vendor 0xFFFF)"
                : $"vendor 0x{r.VendorId:X4} type {r.Protocol}"));
            fields.Add(new TraceField("next index", r.NextIndex.ToString(CultureInfo.InvariantCulture)));
            return ("DOE Discovery response", trailing);
        }

        // Any version is valid and reserved bytes are ignored on receipt: only a short dword is an error.
        if (DoeDiscoveryRequest.TryRead(body, out var q) != WireStatus.Done)
        {
            return ("DOE Discovery request", "discovery request truncated");
        }

        fields.Add(new TraceField("index", q.Index.ToString(CultureInfo.InvariantCulture)));
        fields.Add(new TraceField("version", q.Version.ToString(CultureInfo.InvariantCulture)));
        return ("DOE Discovery request", trailing);
    }
}
