using System.Globalization;
using Rampart.Wire;
using Rampart.Wire.Mctp.Control;

namespace Rampart.Host.Trace;

/// <summary>Names and fields of MCTP control messages (DSP0236 §12) for <see cref="TraceDecoder"/>.</summary>
internal static class MctpControlTraceDecoder
{
    public static (string Name, string? Error) Decode(ReadOnlySpan<byte> message, List<TraceField> fields)
    {
        var status = MctpControlHeader.TryRead(message, out var header, out var consumed);
        if (status != WireStatus.Done)
        {
            return ("MCTP Control", status == WireStatus.NeedMoreData
                ? $"control header truncated: {message.Length} of 3 bytes"
                : "control header has the IC or reserved bit set");
        }

        var name = MctpControlCommandNames.Name(header.Command) + (header.Request ? " request" : " response");
        fields.Add(new TraceField("instance", header.InstanceId.ToString(CultureInfo.InvariantCulture)));
        if (header.Datagram)
        {
            fields.Add(new TraceField("datagram", "yes"));
        }

        var body = message[consumed..];
        var (result, used) = header.Request ? DecodeRequest(header.Command, body, fields) : DecodeResponse(header.Command, body, fields);
        return (name, Check(result, used, body.Length));
    }

    private static string? Check(WireStatus? status, int used, int length) => status switch
    {
        null => null,
        WireStatus.Done when used != length => $"{length - used} unexpected trailing byte(s) at body offset {used}",
        WireStatus.Done => null,
        WireStatus.NeedMoreData => $"body truncated ({length} bytes)",
        WireStatus.Unsupported => "body uses an unsupported value",
        _ => "body is invalid (wrong length or a reserved value)",
    };

    private static (WireStatus? Status, int Used) DecodeRequest(MctpControlCommand command, ReadOnlySpan<byte> body, List<TraceField> fields)
    {
        switch (command)
        {
            case MctpControlCommand.SetEndpointId:
                {
                    var s = SetEndpointIdRequest.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done)
                    {
                        fields.Add(new TraceField("operation", r.Operation.ToString()));
                        fields.Add(new TraceField("EID", Hex(r.EndpointId)));
                    }

                    return (s, n);
                }

            case MctpControlCommand.GetEndpointId:
            case MctpControlCommand.GetEndpointUuid:
            case MctpControlCommand.GetMessageTypeSupport:
                return (WireStatus.Done, 0);
            case MctpControlCommand.GetMctpVersionSupport:
                {
                    var s = GetMctpVersionSupportRequest.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done)
                    {
                        fields.Add(new TraceField("message type", r.MessageTypeNumber == GetMctpVersionSupportRequest.BaseSpecification ? "base specification" : Hex(r.MessageTypeNumber)));
                    }

                    return (s, n);
                }

            case MctpControlCommand.GetVendorDefinedMessageSupport:
                {
                    var s = GetVendorDefinedMessageSupportRequest.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done)
                    {
                        fields.Add(new TraceField("vendor ID set selector", r.VendorIdSetSelector.ToString(CultureInfo.InvariantCulture)));
                    }

                    return (s, n);
                }

            default:
                AddRaw(body, fields);
                return (null, 0);
        }
    }

    private static (WireStatus? Status, int Used) DecodeResponse(MctpControlCommand command, ReadOnlySpan<byte> body, List<TraceField> fields)
    {
        if (MctpCompletionCodes.TryRead(body, out var code) != WireStatus.Done)
        {
            return (WireStatus.NeedMoreData, 0);
        }

        fields.Add(new TraceField("completion code", MctpCompletionCodes.Name(code)));
        switch (command)
        {
            case MctpControlCommand.SetEndpointId:
                {
                    var s = SetEndpointIdResponse.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done && code == MctpCompletionCode.Success)
                    {
                        fields.Add(new TraceField("assignment", r.Assignment.ToString()));
                        fields.Add(new TraceField("allocation", r.Allocation.ToString()));
                        fields.Add(new TraceField("EID setting", Hex(r.EidSetting)));
                        fields.Add(new TraceField("EID pool size", r.EidPoolSize.ToString(CultureInfo.InvariantCulture)));
                    }

                    return (s, n);
                }

            case MctpControlCommand.GetEndpointId:
                {
                    var s = GetEndpointIdResponse.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done && code == MctpCompletionCode.Success)
                    {
                        fields.Add(new TraceField("EID", Hex(r.EndpointId)));
                        fields.Add(new TraceField("endpoint type", r.EndpointType.ToString()));
                        fields.Add(new TraceField("EID type", r.EidType.ToString()));
                        fields.Add(new TraceField("medium specific", Hex(r.MediumSpecific)));
                    }

                    return (s, n);
                }

            case MctpControlCommand.GetEndpointUuid:
                {
                    var s = GetEndpointUuidResponse.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done && code == MctpCompletionCode.Success)
                    {
                        fields.Add(new TraceField("UUID", r.Uuid.ToString()));
                    }

                    return (s, n);
                }

            case MctpControlCommand.GetMctpVersionSupport:
                {
                    var s = GetMctpVersionSupportResponse.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done && code == MctpCompletionCode.Success)
                    {
                        var versions = new List<string>();
                        for (var i = 0; i < r.Count; i++)
                        {
                            versions.Add(r[i].ToString());
                        }

                        fields.Add(new TraceField("versions", string.Join(", ", versions)));
                    }

                    return (s, n);
                }

            case MctpControlCommand.GetMessageTypeSupport:
                {
                    var s = GetMessageTypeSupportResponse.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done && code == MctpCompletionCode.Success)
                    {
                        var types = new List<string>();
                        foreach (var t in r.MessageTypes)
                        {
                            types.Add(Wire.Mctp.MctpMessageTypeNames.Name((Wire.Mctp.MctpMessageType)t));
                        }

                        fields.Add(new TraceField("message types", string.Join(", ", types)));
                    }

                    return (s, n);
                }

            case MctpControlCommand.GetVendorDefinedMessageSupport:
                {
                    var s = GetVendorDefinedMessageSupportResponse.TryRead(body, out var r, out var n);
                    if (s == WireStatus.Done && code == MctpCompletionCode.Success)
                    {
                        fields.Add(new TraceField("next selector", Hex(r.NextVendorIdSetSelector)));
                        fields.Add(new TraceField("vendor ID", r.Format == MctpVendorIdFormat.Pci ? $"PCI 0x{r.VendorId:X4}" : $"IANA 0x{r.VendorId:X8}"));
                        fields.Add(new TraceField("command set type", $"0x{r.CommandSetType:X4}"));
                    }

                    return (s, n);
                }

            default:
                AddRaw(body[1..], fields);
                return (null, 0);
        }
    }

    private static void AddRaw(ReadOnlySpan<byte> body, List<TraceField> fields)
    {
        if (!body.IsEmpty)
        {
            fields.Add(new TraceField("data", TraceFormat.Hex(body)));
        }
    }

    private static string Hex(byte value) => $"0x{value:X2}";
}
