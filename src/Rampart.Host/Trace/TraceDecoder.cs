using System.Buffers.Binary;
using System.Globalization;
using Rampart.Wire;
using Rampart.Wire.Capture;
using Rampart.Wire.Mctp;

namespace Rampart.Host.Trace;

/// <summary>
/// Decodes a pcap capture of MCTP packets (LINUX_SLL2 with protocol 0x00FA, or LINKTYPE_MCTP 291)
/// or of PCIe DOE data objects (292): reassembles multi-packet MCTP messages, names every message
/// (MCTP control, PLDM, SPDM, secured SPDM, vendor defined) with its fields, and flags every frame
/// or message that is malformed with the reason. Never throws on the file's bytes.
/// </summary>
public static class TraceDecoder
{
    /// <summary>Largest MCTP message reassembled.</summary>
    public const int MaxMessageSize = 64 * 1024;

    /// <summary>Messages in progress at once.</summary>
    public const int Slots = 32;

    /// <summary>A message whose next packet is later than this (capture time) is reported as timed out.</summary>
    public const long ReassemblyTimeoutMicroseconds = 5_000_000;

    /// <summary>Decodes a whole capture held in memory.</summary>
    public static TraceDecodeResult Decode(ReadOnlyMemory<byte> file)
    {
        var reader = new PcapReader(file);
        if (reader.Error is not null)
        {
            return new TraceDecodeResult(0, 0, [], reader.Error.ToString());
        }

        var linkType = reader.Header.LinkType;
        return linkType switch
        {
            PcapLinkType.LinuxSll2 or PcapLinkType.Mctp => DecodeMctp(reader),
            PcapLinkType.PciDoe => DecodeDoe(reader),
            _ => new TraceDecodeResult((uint)linkType, 0, [], $"file header at byte 20: link type {(uint)linkType} is not one Rampart decodes (276 LINUX_SLL2, 291 MCTP, 292 PCI DOE)"),
        };
    }

    private static TraceDecodeResult DecodeDoe(PcapReader reader)
    {
        var records = new List<TraceRecord>();
        var doe = new DoeTraceDecoder();
        var frames = 0;
        while (reader.TryReadNext(out var record))
        {
            frames++;
            var fields = new List<TraceField>();
            var (name, error) = doe.Decode(record.Data.Span, fields);
            if (record.Truncated)
            {
                error = $"record cut to {record.Data.Length} of {record.OriginalLength} bytes";
            }

            records.Add(new TraceRecord(record.Index, 1, record.TimestampMicroseconds, null, null, null, null, "DOE", name, fields, error));
        }

        return new TraceDecodeResult((uint)PcapLinkType.PciDoe, frames, records, reader.Error?.ToString());
    }

    private static TraceDecodeResult DecodeMctp(PcapReader reader)
    {
        var sll2 = reader.Header.LinkType == PcapLinkType.LinuxSll2;
        var reassembler = new MctpReassembler(Slots, MaxMessageSize, ReassemblyTimeoutMicroseconds);
        var pending = new Dictionary<(byte Source, byte Tag, bool Owner), Pending>();
        var records = new List<TraceRecord>();
        var connections = new SpdmTraceConnections();
        var frames = 0;
        while (reader.TryReadNext(out var record))
        {
            frames++;
            var now = record.TimestampMicroseconds;
            ExpireStale(pending, now, records);
            var data = record.Data.Span;
            if (record.Truncated)
            {
                records.Add(Flag(record, $"record cut to {record.Data.Length} of {record.OriginalLength} bytes (snap length)"));
                continue;
            }

            if (sll2)
            {
                var status = Sll2Header.TryRead(data, out var link);
                if (status != WireStatus.Done)
                {
                    records.Add(Flag(record, status == WireStatus.NeedMoreData
                        ? $"SLL2 header truncated: {data.Length} of {Sll2Header.Size} bytes"
                        : "SLL2 header reserved bytes set or address longer than 8"));
                    continue;
                }

                if (link.Protocol != Sll2Header.ProtocolMctp)
                {
                    records.Add(Flag(record, $"not MCTP: SLL2 protocol 0x{link.Protocol:X4}"));
                    continue;
                }

                data = data[Sll2Header.Size..];
            }

            var headerStatus = MctpTransportHeader.TryRead(data, out var packetHeader);
            var key = (packetHeader.Source, packetHeader.Tag, packetHeader.TagOwner);
            var result = reassembler.Accept(data, now, out var first, out var message);
            switch (result)
            {
                case MctpReassemblyResult.InProgress:
                    if (packetHeader.StartOfMessage)
                    {
                        if (pending.Remove(key, out var dropped))
                        {
                            records.Add(Dropped(dropped, packetHeader, $"new SOM in frame {record.Index} before this message's EOM; message dropped"));
                        }

                        pending[key] = new Pending(record.Index, now, now, 1, packetHeader.Destination);
                    }
                    else if (pending.TryGetValue(key, out var p))
                    {
                        pending[key] = p with { Packets = p.Packets + 1, Last = now };
                    }

                    break;

                case MctpReassemblyResult.Complete:
                    {
                        var start = new Pending(record.Index, now, now, 1, first.Destination);
                        if (!packetHeader.StartOfMessage && pending.Remove(key, out var p))
                        {
                            start = p with { Packets = p.Packets + 1 };
                        }
                        else if (pending.Remove(key, out var dropped))
                        {
                            records.Add(Dropped(dropped, packetHeader, $"new SOM in frame {record.Index} before this message's EOM; message dropped"));
                        }

                        records.Add(DecodeMessage(start, first, message, connections));
                        break;
                    }

                case MctpReassemblyResult.DroppedMalformed:
                    records.Add(Flag(record, headerStatus switch
                    {
                        WireStatus.NeedMoreData => $"MCTP transport header truncated: {data.Length} of {MctpTransportHeader.Size} bytes",
                        WireStatus.Unsupported => $"MCTP header version {data[0] & 0x0F} is not 1",
                        WireStatus.Invalid => "MCTP transport header reserved bits set",
                        _ => "MCTP packet carries no payload",
                    }));
                    break;

                case MctpReassemblyResult.DroppedOutOfSequence:
                    {
                        var detail = pending.Remove(key, out var p) ? $"; message from frame {p.Frame} dropped" : string.Empty;
                        records.Add(Flag(record, $"packet sequence {packetHeader.Sequence} out of order{detail}", packetHeader));
                        break;
                    }

                case MctpReassemblyResult.DroppedMissingStartOfMessage:
                    records.Add(Flag(record, "packet without SOM and no message in progress for its source, tag and tag owner", packetHeader));
                    break;

                case MctpReassemblyResult.DroppedOversize:
                    pending.Remove(key);
                    records.Add(Flag(record, $"message exceeds {MaxMessageSize} bytes; dropped", packetHeader));
                    break;

                default:
                    records.Add(Flag(record, $"more than {Slots} messages in progress; dropped", packetHeader));
                    break;
            }
        }

        foreach (var (key, p) in pending.OrderBy(e => e.Value.Frame))
        {
            records.Add(Dropped(p, new MctpTransportHeader(p.Destination, key.Source, true, false, 0, key.Owner, key.Tag), "capture ended before the message's EOM"));
        }

        records.Sort((a, b) => a.Frame.CompareTo(b.Frame));
        return new TraceDecodeResult((uint)reader.Header.LinkType, frames, records, reader.Error?.ToString());
    }

    private static void ExpireStale(Dictionary<(byte Source, byte Tag, bool Owner), Pending> pending, long now, List<TraceRecord> records)
    {
        foreach (var (key, p) in pending.Where(e => now - e.Value.Last > ReassemblyTimeoutMicroseconds).ToList())
        {
            pending.Remove(key);
            records.Add(Dropped(p, new MctpTransportHeader(p.Destination, key.Source, true, false, 0, key.Owner, key.Tag), "reassembly timed out before the message's EOM"));
        }
    }

    private static TraceRecord DecodeMessage(Pending start, MctpTransportHeader header, ReadOnlySpan<byte> message, SpdmTraceConnections connections)
    {
        var fields = new List<TraceField>();
        MctpMessageHeader.TryRead(message, out var typeHeader);
        var body = message;
        string? icError = null;
        if (typeHeader.IntegrityCheck && typeHeader.Type != MctpMessageType.Control)
        {
            if (message.Length < 5)
            {
                icError = "IC bit set but no room for the 4-byte message integrity check";
            }
            else
            {
                fields.Add(new TraceField("integrity check", TraceFormat.Hex(message[^4..])));
                body = message[..^4];
            }
        }

        var (name, error) = typeHeader.Type switch
        {
            MctpMessageType.Control => MctpControlTraceDecoder.Decode(body, fields),
            MctpMessageType.Pldm => PldmTraceDecoder.Decode(body[1..], fields),
            MctpMessageType.Spdm => SpdmTraceDecoder.Decode(body[1..], fields, connections.For(header.Source, header.Destination)),
            MctpMessageType.SecuredSpdm => SpdmTraceDecoder.DecodeSecured(body[1..], 2, fields),
            MctpMessageType.VendorDefinedPci => VendorPci(body[1..], fields),
            MctpMessageType.VendorDefinedIana => VendorIana(body[1..], fields),
            _ => Other(typeHeader.Type, body[1..], fields),
        };
        return new TraceRecord(
            start.Frame,
            start.Packets,
            start.Time,
            header.Source,
            header.Destination,
            header.Tag,
            header.TagOwner,
            MctpMessageTypeNames.Name(typeHeader.Type),
            name,
            fields,
            icError ?? error);
    }

    private static (string, string?) VendorPci(ReadOnlySpan<byte> body, List<TraceField> fields)
    {
        if (body.Length < 2)
        {
            return ("Vendor Defined PCI", "PCI vendor ID truncated");
        }

        fields.Add(new TraceField("PCI vendor ID", $"0x{BinaryPrimitives.ReadUInt16BigEndian(body):X4}"));
        AddData(body[2..], fields);
        return ("Vendor Defined PCI", null);
    }

    private static (string, string?) VendorIana(ReadOnlySpan<byte> body, List<TraceField> fields)
    {
        if (body.Length < 4)
        {
            return ("Vendor Defined IANA", "IANA enterprise number truncated");
        }

        var iana = BinaryPrimitives.ReadUInt32BigEndian(body);
        fields.Add(new TraceField("IANA", $"0x{iana:X8}"));
        AddData(body[4..], fields);
        return (iana == 0xA67F ? "Caliptra VDM" : "Vendor Defined IANA", null);
    }

    private static (string, string?) Other(MctpMessageType type, ReadOnlySpan<byte> body, List<TraceField> fields)
    {
        AddData(body, fields);
        return (MctpMessageTypeNames.Name(type), null);
    }

    private static void AddData(ReadOnlySpan<byte> data, List<TraceField> fields)
    {
        if (!data.IsEmpty)
        {
            fields.Add(new TraceField("data", TraceFormat.Hex(data)));
        }
    }

    private static TraceRecord Flag(PcapRecord record, string error, MctpTransportHeader? header = null) => new(
        record.Index,
        1,
        record.TimestampMicroseconds,
        header?.Source,
        header?.Destination,
        header?.Tag,
        header?.TagOwner,
        "MCTP",
        "malformed frame",
        [],
        error);

    private static TraceRecord Dropped(Pending p, MctpTransportHeader header, string error) => new(
        p.Frame,
        p.Packets,
        p.Time,
        header.Source,
        header.Destination,
        header.Tag,
        header.TagOwner,
        "MCTP",
        "incomplete message",
        [new TraceField("packets", p.Packets.ToString(CultureInfo.InvariantCulture))],
        error);

    private readonly record struct Pending(int Frame, long Time, long Last, int Packets, byte Destination);
}
