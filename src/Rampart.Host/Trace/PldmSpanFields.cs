using System.Globalization;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Host.Trace;

/// <summary>
/// Fields of the PLDM messages whose codecs are ref structs (spans into the message: version
/// strings, descriptor lists, parameter tables, multipart portions), which reflection cannot read.
/// Each message is named by its DSP0240 / DSP0267 1.3 command; strings are decoded by their type,
/// lists are walked, and a single StartAndEnd portion is parsed in place.
/// </summary>
internal static class PldmSpanFields
{
    private const int MaxListed = 8;

    private delegate WireStatus Decoder(ReadOnlySpan<byte> body, List<TraceField> fields, out int used);

    private static readonly Dictionary<(PldmType Type, byte Command, bool IsResponse), Decoder> Decoders = new()
    {
        [Key<GetPldmVersionResponse>()] = GetPldmVersion,
        [Key<QueryDeviceIdentifiersResponse>()] = QueryDeviceIdentifiers,
        [Key<GetFirmwareParametersResponse>()] = GetFirmwareParameters,
        [Key<QueryDownstreamIdentifiersResponse>()] = QueryDownstreamIdentifiers,
        [Key<GetDownstreamFirmwareParametersResponse>()] = GetDownstreamFirmwareParameters,
        [Key<RequestUpdateRequest>()] = RequestUpdate,
        [Key<PassComponentTableRequest>()] = PassComponentTable,
        [Key<UpdateComponentRequest>()] = UpdateComponent,
        [Key<RequestFirmwareDataResponse>()] = RequestFirmwareData,
        [Key<GetPackageDataResponse>()] = GetPackageData,
        [Key<GetDeviceMetaDataResponse>()] = GetDeviceMetaData,
        [Key<GetMetaDataResponse>()] = GetMetaData,
        [Key<GetComponentOpaqueDataResponse>()] = GetComponentOpaqueData,
    };

    /// <summary>The messages this class decodes.</summary>
    public static IEnumerable<(PldmType Type, byte Command, bool IsResponse)> Keys => Decoders.Keys;

    /// <summary>Decodes the body when it is one of <see cref="Keys"/>; false otherwise.</summary>
    public static bool TryDecode(PldmType type, byte command, bool isResponse, ReadOnlySpan<byte> body, List<TraceField> fields, out WireStatus status, out int used)
    {
        used = 0;
        status = WireStatus.Unsupported;
        if (!Decoders.TryGetValue((type, command, isResponse), out var decoder))
        {
            return false;
        }

        status = decoder(body, fields, out used);
        return true;
    }

    private static (PldmType, byte, bool) Key<T>()
        where T : IPldmMessage<T>, allows ref struct => (T.Type, T.Command, T.IsResponse);

    private static WireStatus GetPldmVersion(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = GetPldmVersionResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            Portion(fields, m.NextDataTransferHandle, m.TransferFlag, m.Portion);
            if (m.TryGetVersionData(out var data) == WireStatus.Done)
            {
                var versions = new List<string>();
                for (var i = 0; i < data.Count; i++)
                {
                    versions.Add(data[i].ToString());
                }

                fields.Add(new TraceField("Versions", string.Join(", ", versions)));
            }
        }

        return status;
    }

    private static WireStatus QueryDeviceIdentifiers(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = QueryDeviceIdentifiersResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            Descriptors(fields, "Descriptors", m.Descriptors);
        }

        return status;
    }

    private static WireStatus GetFirmwareParameters(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = GetFirmwareParametersResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            fields.Add(new TraceField("CapabilitiesDuringUpdate", Hex32(m.CapabilitiesDuringUpdate)));
            fields.Add(new TraceField("ActiveImageSetVersion", Text(m.ActiveVersionType, m.ActiveVersion)));
            fields.Add(new TraceField("PendingImageSetVersion", Text(m.PendingVersionType, m.PendingVersion)));
            fields.Add(new TraceField("ComponentCount", m.Components.Count.ToString(CultureInfo.InvariantCulture)));
            var index = 0;
            foreach (var entry in m.Components)
            {
                if (index == MaxListed)
                {
                    fields.Add(new TraceField("Components", $"… {m.Components.Count - MaxListed} more"));
                    break;
                }

                fields.Add(new TraceField(
                    $"Component[{index++}]",
                    $"{entry.Classification} id 0x{entry.Identifier:X4} index {entry.ClassificationIndex}, "
                    + $"active {Text(entry.ActiveVersionType, entry.ActiveVersion)} (stamp 0x{entry.ActiveComparisonStamp:X8}), "
                    + $"pending {Text(entry.PendingVersionType, entry.PendingVersion)} (stamp 0x{entry.PendingComparisonStamp:X8}), "
                    + $"activation {entry.ActivationMethods}, capabilities {Hex32(entry.CapabilitiesDuringUpdate)}"));
            }
        }

        return status;
    }

    private static WireStatus QueryDownstreamIdentifiers(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = QueryDownstreamIdentifiersResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            fields.Add(new TraceField("NumberOfDownstreamDevices", m.NumberOfDownstreamDevices.ToString(CultureInfo.InvariantCulture)));
            Portion(fields, m.NextDataTransferHandle, m.TransferFlag, m.Portion);
            if (m.TryGetDevices(out var devices) == WireStatus.Done)
            {
                foreach (var device in devices)
                {
                    Descriptors(fields, $"Device[{device.Index}]", device.Descriptors);
                }
            }
        }

        return status;
    }

    private static WireStatus GetDownstreamFirmwareParameters(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = GetDownstreamFirmwareParametersResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            fields.Add(new TraceField("FdpCapabilitiesDuringUpdate", Hex32(m.FdpCapabilitiesDuringUpdate)));
            fields.Add(new TraceField("DownstreamDeviceCount", m.DownstreamDeviceCount.ToString(CultureInfo.InvariantCulture)));
            Portion(fields, m.NextDataTransferHandle, m.TransferFlag, m.Portion);
            if (m.TryGetEntries(out var count) == WireStatus.Done)
            {
                var rest = m.Portion;
                for (var i = 0; i < count && i < MaxListed && DownstreamDeviceParameterEntry.TryRead(rest, out var entry, out var size) == WireStatus.Done; i++)
                {
                    rest = rest[size..];
                    fields.Add(new TraceField(
                        $"Device[{entry.Index}]",
                        $"active {Text(entry.ActiveVersionType, entry.ActiveVersion)}, pending {Text(entry.PendingVersionType, entry.PendingVersion)}, "
                        + $"activation {entry.ActivationMethods}, capabilities {Hex32(entry.CapabilitiesDuringUpdate)}"));
                }
            }
        }

        return status;
    }

    private static WireStatus RequestUpdate(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = RequestUpdateRequest.TryRead(body, out var m, out used);
        if (status == WireStatus.Done)
        {
            fields.Add(new TraceField("MaximumTransferSize", Number(m.MaximumTransferSize)));
            fields.Add(new TraceField("NumberOfComponents", Number(m.NumberOfComponents)));
            fields.Add(new TraceField("MaximumOutstandingTransferRequests", Number(m.MaximumOutstandingTransferRequests)));
            fields.Add(new TraceField("PackageDataLength", Number(m.PackageDataLength)));
            fields.Add(new TraceField("ImageSetVersion", Text(m.ImageSetVersionType, m.ImageSetVersion)));
        }

        return status;
    }

    private static WireStatus PassComponentTable(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = PassComponentTableRequest.TryRead(body, out var m, out used);
        if (status == WireStatus.Done)
        {
            fields.Add(new TraceField("TransferFlag", m.TransferFlag.ToString()));
            Component(fields, m.Classification, m.Identifier, m.ClassificationIndex);
            fields.Add(new TraceField("ComparisonStamp", Hex32(m.ComparisonStamp)));
            fields.Add(new TraceField("Version", Text(m.VersionType, m.Version)));
        }

        return status;
    }

    private static WireStatus UpdateComponent(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = UpdateComponentRequest.TryRead(body, out var m, out used);
        if (status == WireStatus.Done)
        {
            Component(fields, m.Classification, m.Identifier, m.ClassificationIndex);
            fields.Add(new TraceField("ComparisonStamp", Hex32(m.ComparisonStamp)));
            fields.Add(new TraceField("ImageSize", Number(m.ImageSize)));
            fields.Add(new TraceField("UpdateOptionFlags", m.UpdateOptionFlags.ToString()));
            fields.Add(new TraceField("Version", Text(m.VersionType, m.Version)));
        }

        return status;
    }

    private static WireStatus RequestFirmwareData(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = RequestFirmwareDataResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            fields.Add(new TraceField("ComponentImagePortion", TraceFormat.Hex(m.ComponentImagePortion)));
        }

        return status;
    }

    private static WireStatus GetPackageData(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = GetPackageDataResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            Portion(fields, m.NextDataTransferHandle, m.TransferFlag, m.Portion);
        }

        return status;
    }

    private static WireStatus GetDeviceMetaData(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = GetDeviceMetaDataResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            Portion(fields, m.NextDataTransferHandle, m.TransferFlag, m.Portion);
        }

        return status;
    }

    private static WireStatus GetMetaData(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = GetMetaDataResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            Portion(fields, m.NextDataTransferHandle, m.TransferFlag, m.Portion);
        }

        return status;
    }

    private static WireStatus GetComponentOpaqueData(ReadOnlySpan<byte> body, List<TraceField> fields, out int used)
    {
        var status = GetComponentOpaqueDataResponse.TryRead(body, out var m, out used);
        if (status == WireStatus.Done && m.CompletionCode == PldmCompletionCode.Success)
        {
            Portion(fields, m.NextDataTransferHandle, m.TransferFlag, m.Portion);
        }

        return status;
    }

    private static void Portion(List<TraceField> fields, uint handle, TransferFlag flag, ReadOnlySpan<byte> portion)
    {
        fields.Add(new TraceField("NextDataTransferHandle", Hex32(handle)));
        fields.Add(new TraceField("TransferFlag", flag.ToString()));
        fields.Add(new TraceField("Portion", TraceFormat.Hex(portion)));
    }

    private static void Component(List<TraceField> fields, ComponentClassification classification, ushort identifier, byte index)
    {
        fields.Add(new TraceField("Classification", classification.ToString()));
        fields.Add(new TraceField("Identifier", $"0x{identifier:X4}"));
        fields.Add(new TraceField("ClassificationIndex", Number(index)));
    }

    private static void Descriptors(List<TraceField> fields, string name, DescriptorList list)
    {
        var shown = new List<string>();
        foreach (var descriptor in list)
        {
            if (shown.Count == MaxListed)
            {
                shown.Add($"… {list.Count - MaxListed} more");
                break;
            }

            shown.Add($"{descriptor.Type} {TraceFormat.Hex(descriptor.Data)}");
        }

        fields.Add(new TraceField(name, "[" + string.Join("; ", shown) + "]"));
    }

    private static string Text(VersionStringType type, ReadOnlySpan<byte> bytes) =>
        VersionStrings.TryDecode(type, bytes, out var text) == WireStatus.Done && text is not null
            ? $"\"{text}\" ({type})"
            : $"{TraceFormat.Hex(bytes)} ({type})";

    private static string Hex32(uint value) => $"0x{value:X8}";

    private static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
