using System.Reflection;
using Rampart.Host.Trace;
using Rampart.Wire;
using Rampart.Wire.Capture;
using Rampart.Wire.Mctp;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Host.Tests.Trace;

/// <summary>PLDM type 0 and type 5 messages in a trace show their fields, span-based codecs included.</summary>
public sealed class PldmTraceFieldsTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void Every_PLDM_codec_shows_fields_not_hex()
    {
        var missing = new List<string>();
        var seen = 0;
        foreach (var type in typeof(PldmHeader).Assembly.GetExportedTypes())
        {
            var implements = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IPldmMessage<>) && i.GenericTypeArguments[0] == type);
            if (!implements)
            {
                continue;
            }

            // Members of a ref struct cannot be invoked by reflection: the key comes from the
            // type's name (CommandName + Request/Response) and namespace instead.
            var pldmType = type.Namespace!.EndsWith(".Base", StringComparison.Ordinal) ? PldmType.Base : PldmType.FirmwareUpdate;
            var isResponse = type.Name.EndsWith("Response", StringComparison.Ordinal);
            var stem = type.Name[..^(isResponse ? "Response".Length : "Request".Length)];
            var command = Enumerable.Range(0, 256).Select(c => (byte)c)
                .Single(c => string.Equals(PldmMessageNames.CommandName(pldmType, c).Replace("PLDM", "Pldm", StringComparison.Ordinal).Replace("TID", "Tid", StringComparison.Ordinal), stem, StringComparison.Ordinal));
            seen++;
            if (!PldmTraceDecoder.ShowsFields(pldmType, command, isResponse))
            {
                missing.Add(type.Name);
            }
        }

        Assert.Empty(missing);
        Assert.True(seen >= 56, $"{seen} PLDM codecs found");
    }

    [Fact]
    public void Span_based_messages_are_decoded_field_by_field()
    {
        var version = VersionStrings.Encode(VersionStringType.Ascii, "1.2.3");
        var requestUpdate = Message(1, new RequestUpdateRequest(256, 2, 1, 0, VersionStringType.Ascii, version));
        var security = Message(2, new UpdateSecurityRevisionRequest(new ComponentReference(ComponentClassification.Firmware, 0x10, 0)));
        var identifiers = Body<QueryDeviceIdentifiersResponse>("01 05 01", "00 0E000000 02 0000 0200 8680 0100 0400 78563412");
        var parameters = Body<GetFirmwareParametersResponse>(
            "01 05 02",
            "00 03000000 0100 01 03 00 00 312E30 0A00 0100 00 01000000 01 03 3230323531323331 00000000 00 00 0000000000000000 0100 00000000 312E30");
        var pldmVersion = Body<GetPldmVersionResponse>("01 00 03", "00 00000000 05 00F0F1F1 BABE9D53");
        var firmwareData = Body<RequestFirmwareDataResponse>("01 05 15", "00 DEADBEEF");

        var file = Capture(requestUpdate, security, identifiers, parameters, pldmVersion, firmwareData);
        var result = TraceDecoder.Decode(file);
        Assert.Equal(0, result.Flagged);
        Assert.Equal(6, result.Records.Count);

        Assert.Equal("RequestUpdate request", result.Records[0].Name);
        Assert.Contains(result.Records[0].Fields, f => f.Name == "ImageSetVersion" && f.Value == "\"1.2.3\" (Ascii)");
        Assert.Contains(result.Records[0].Fields, f => f.Name == "MaximumTransferSize" && f.Value == "256");
        Assert.Equal("UpdateSecurityRevision request", result.Records[1].Name);
        Assert.Contains(result.Records[1].Fields, f => f.Name == "Component" && f.Value.Contains("Identifier = 16", StringComparison.Ordinal));
        Assert.Contains(result.Records[2].Fields, f => f.Name == "Descriptors" && f.Value.StartsWith("[PciVendorId", StringComparison.Ordinal));
        Assert.Contains(result.Records[3].Fields, f => f.Name == "ActiveImageSetVersion" && f.Value == "\"1.0\" (Ascii)");
        Assert.Contains(result.Records[3].Fields, f => f.Name == "Component[0]" && f.Value.Contains("id 0x0001", StringComparison.Ordinal));
        Assert.Contains(result.Records[4].Fields, f => f.Name == "Versions" && f.Value.Length > 0);
        Assert.Contains(result.Records[5].Fields, f => f.Name == "ComponentImagePortion" && f.Value == "DE AD BE EF");
        Assert.DoesNotContain(result.Records.SelectMany(r => r.Fields), f => f.Name == "data");
    }

    [Fact]
    public void A_truncated_span_message_is_flagged()
    {
        var file = Capture(Hex("01 80 05 10 00020000 0300 01 0000 01 05 312E"));
        var result = TraceDecoder.Decode(file);
        Assert.Equal(1, result.Flagged);
        Assert.Equal("RequestUpdate request", result.Records[0].Name);
        Assert.Contains("truncated", result.Records[0].Error, StringComparison.Ordinal);
    }

    private static byte[] Message<T>(byte instance, in T body)
        where T : IPldmMessage<T>, allows ref struct
    {
        var buffer = new byte[1 + PldmHeader.Length + body.EncodedLength];
        buffer[0] = 0x01;
        Assert.True(PldmBody.TryWriteMessage(instance, body, buffer.AsSpan(1), out var written));
        return buffer[..(1 + written)];
    }

    /// <summary>An MCTP PLDM message from a header and a body the codec accepts.</summary>
    private static byte[] Body<T>(string header, string body)
        where T : IPldmMessage<T>, allows ref struct
    {
        var bytes = Hex(body);
        Assert.Equal(WireStatus.Done, T.TryRead(bytes, out _, out _));
        return [0x01, .. Hex(header), .. bytes];
    }

    private static byte[] Capture(params byte[][] messages)
    {
        using var stream = new MemoryStream();
        var writer = new PcapWriter(stream, PcapLinkType.Mctp);
        var buffer = new byte[68];
        byte tag = 0;
        foreach (var message in messages)
        {
            var packetizer = new MctpPacketizer(message, 64, 0x08, 0x0A, true, tag++);
            while (packetizer.TryWriteNext(buffer, out var n))
            {
                writer.WriteMctpPacket(tag, buffer.AsSpan(0, n));
            }
        }

        return stream.ToArray();
    }
}
