using CsCheck;
using Rampart.Host.Trace;
using Rampart.Wire.Capture;
using Rampart.Wire.Mctp;

namespace Rampart.Host.Tests.Trace;

public sealed class TraceDecoderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static void WriteMessage(PcapWriter writer, long time, byte[] message, byte dest, byte src, bool to, byte tag)
    {
        var packetizer = new MctpPacketizer(message, 64, dest, src, to, tag);
        var buffer = new byte[68];
        while (packetizer.TryWriteNext(buffer, out var n))
        {
            writer.WriteMctpPacket(time++, buffer.AsSpan(0, n));
        }
    }

    private static byte[] Capture(PcapLinkType linkType, Action<PcapWriter> write)
    {
        using var stream = new MemoryStream();
        write(new PcapWriter(stream, linkType));
        return stream.ToArray();
    }

    [Theory]
    [InlineData(PcapLinkType.LinuxSll2)]
    [InlineData(PcapLinkType.Mctp)]
    public void Decodes_control_PLDM_and_reassembled_SPDM(PcapLinkType linkType)
    {
        // CERTIFICATE (0x02) carrying a 140-byte portion: 3 packets at the 64-byte MTU.
        var spdm = new byte[150];
        spdm[0] = 0x05;
        spdm[1] = 0x12;
        spdm[2] = 0x02;
        spdm[5] = 140;
        var file = Capture(linkType, w =>
        {
            WriteMessage(w, 1_000, Hex("00 81 02"), 0x0A, 0x08, true, 1);
            WriteMessage(w, 2_000, Hex("00 01 02 00 0A 00 00"), 0x08, 0x0A, false, 1);
            WriteMessage(w, 3_000, Hex("01 85 00 02"), 0x0A, 0x08, true, 2);
            WriteMessage(w, 4_000, Hex("01 05 00 02 00 07"), 0x08, 0x0A, false, 2);
            WriteMessage(w, 5_000, spdm, 0x08, 0x0A, false, 3);
        });

        var result = TraceDecoder.Decode(file);
        Assert.Null(result.FileError);
        Assert.Equal(7, result.Frames);
        Assert.Equal(5, result.Records.Count);
        Assert.Equal(0, result.Flagged);

        var request = result.Records[0];
        Assert.Equal("Get Endpoint ID request", request.Name);
        Assert.Equal("MCTP Control", request.MessageType);
        Assert.Equal(0x08, request.SourceEid);
        Assert.Equal(0x0A, request.DestinationEid);

        var response = result.Records[1];
        Assert.Equal("Get Endpoint ID response", response.Name);
        Assert.Contains(response.Fields, f => f.Name == "completion code" && f.Value == "SUCCESS");
        Assert.Contains(response.Fields, f => f.Name == "EID" && f.Value == "0x0A");

        Assert.Equal("GetTID request", result.Records[2].Name);
        Assert.Equal("PLDM", result.Records[2].MessageType);
        Assert.Equal("GetTID response", result.Records[3].Name);
        Assert.Contains(result.Records[3].Fields, f => f.Value == "SUCCESS");

        var algorithms = result.Records[4];
        Assert.Equal("CERTIFICATE", algorithms.Name);
        Assert.Contains(algorithms.Fields, f => f.Name == "portion" && f.Value == "140");
        Assert.Equal(3, algorithms.Packets);
        Assert.Equal(4, algorithms.Frame);
        Assert.Equal(5_000, algorithms.TimestampMicroseconds);
    }

    [Fact]
    public void Flags_malformed_messages_with_the_reason()
    {
        var file = Capture(PcapLinkType.Mctp, w =>
        {
            WriteMessage(w, 0, Hex("00 81 02 FF"), 0x0A, 0x08, true, 1); // trailing byte in Get EID request
            WriteMessage(w, 10, Hex("00 01 02 00 0A"), 0x08, 0x0A, false, 1); // truncated Get EID response
            WriteMessage(w, 20, Hex("01 85"), 0x0A, 0x08, true, 2); // truncated PLDM header
            w.WriteMctpPacket(30, Hex("11 0A 08 C8 00 81 02")); // reserved header bits
            w.WriteMctpPacket(40, Hex("01 0A 08 58 00 81 02")); // middle packet, no SOM
            WriteMessage(w, 50, Hex("05 12"), 0x08, 0x0A, false, 3); // SPDM header truncated
        });

        var result = TraceDecoder.Decode(file);
        Assert.Null(result.FileError);
        Assert.Equal(6, result.Flagged);
        Assert.Contains("trailing", result.Records[0].Error, StringComparison.Ordinal);
        Assert.Contains("truncated", result.Records[1].Error, StringComparison.Ordinal);
        Assert.Contains("PLDM header truncated", result.Records[2].Error, StringComparison.Ordinal);
        Assert.Contains("reserved", result.Records[3].Error, StringComparison.Ordinal);
        Assert.Contains("without SOM", result.Records[4].Error, StringComparison.Ordinal);
        Assert.Contains("SPDM header truncated", result.Records[5].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_sequence_and_unfinished_messages_are_flagged()
    {
        var message = new byte[200];
        message[0] = 0x05;
        var packets = new List<byte[]>();
        var packetizer = new MctpPacketizer(message, 64, 0x08, 0x0A, false, 4);
        var buffer = new byte[68];
        while (packetizer.TryWriteNext(buffer, out var n))
        {
            packets.Add(buffer[..n]);
        }

        var file = Capture(PcapLinkType.Mctp, w =>
        {
            w.WriteMctpPacket(0, packets[0]);
            w.WriteMctpPacket(1, packets[2]);
            w.WriteMctpPacket(2, packets[0]);
            w.WriteMctpPacket(3, packets[1]);
        });

        var result = TraceDecoder.Decode(file);
        Assert.Equal(2, result.Flagged);
        Assert.Contains("out of order", result.Records[0].Error ?? result.Records[1].Error, StringComparison.Ordinal);
        Assert.Contains(result.Records, r => r.Error is not null && r.Error.Contains("capture ended", StringComparison.Ordinal));
    }

    [Fact]
    public void Decodes_DOE_discovery_and_SPDM_objects()
    {
        var file = Capture(PcapLinkType.PciDoe, w =>
        {
            w.WriteDoeObject(0, Hex("01 00 00 00 03 00 00 00 00 00 00 00"));
            w.WriteDoeObject(1, Hex("01 00 00 00 03 00 00 00 01 00 01 01"));
            w.WriteDoeObject(2, Hex("01 00 01 00 03 00 00 00 10 84 00 00"));
            w.WriteDoeObject(3, Hex("01 00 01 00 05 00 00 00 10 84"));
            w.WriteDoeObject(4, Hex("01 00 00 00 03 00 00 00 03 02 AA 55"));
            w.WriteDoeObject(5, Hex("01 00 00 00 03 00 00 00 FF FF 00 00"));
        });

        var result = TraceDecoder.Decode(file);
        Assert.Null(result.FileError);
        Assert.Equal("DOE Discovery request", result.Records[0].Name);
        Assert.Equal("DOE Discovery response", result.Records[1].Name);
        Assert.Contains(result.Records[1].Fields, f => f.Name == "next index" && f.Value == "1");
        Assert.Equal("GET_VERSION", result.Records[2].Name);
        Assert.Contains("truncated", result.Records[3].Error, StringComparison.Ordinal);

        // Linux's version-2 request for an index past the last, reserved bytes set, and its answer.
        Assert.Equal("DOE Discovery request", result.Records[4].Name);
        Assert.Null(result.Records[4].Error);
        Assert.Contains(result.Records[4].Fields, f => f.Name == "index" && f.Value == "3");
        Assert.Contains(result.Records[4].Fields, f => f.Name == "version" && f.Value == "2");
        Assert.Equal("DOE Discovery response", result.Records[5].Name);
        Assert.Contains(result.Records[5].Fields, f => f.Name == "protocol" && f.Value == "none at this index (vendor 0xFFFF)");
        Assert.Contains(result.Records[5].Fields, f => f.Name == "next index" && f.Value == "0");
    }

    [Fact]
    public void Truncated_file_names_the_record_and_byte()
    {
        var file = Capture(PcapLinkType.Mctp, w => WriteMessage(w, 0, Hex("00 81 02"), 0x0A, 0x08, true, 1));
        var result = TraceDecoder.Decode(file.AsMemory(0, file.Length - 2));
        Assert.Equal("record 0 at byte 45: record data needs 7 bytes, 5 remain", result.FileError);
    }

    [Fact]
    public void Unknown_link_type_is_an_unreadable_file()
    {
        var file = Capture((PcapLinkType)1, _ => { });
        Assert.NotNull(TraceDecoder.Decode(file).FileError);
    }

    [Fact]
    public void Decodes_PLDM_firmware_update_fields_secured_SPDM_and_Caliptra_VDM()
    {
        var file = Capture(PcapLinkType.Mctp, w =>
        {
            WriteMessage(w, 0, Hex("01 87 05 15 00 10 00 00 00 04 00 00"), 0x0A, 0x08, true, 1);
            WriteMessage(w, 1, Hex("06 01 00 00 FF 02 00 10 00"), 0x0A, 0x08, true, 2);
            WriteMessage(w, 2, Hex("7F 00 00 A6 7F 01"), 0x0A, 0x08, true, 3);
        });

        var result = TraceDecoder.Decode(file);
        var rfd = result.Records[0];
        Assert.Equal("RequestFirmwareData request", rfd.Name);
        Assert.Null(rfd.Error);
        Assert.Contains(rfd.Fields, f => f.Name == "Offset" && f.Value == "4096");
        Assert.Contains(rfd.Fields, f => f.Name == "Length" && f.Value == "1024");
        Assert.Equal("Secured message", result.Records[1].Name);
        Assert.Contains(result.Records[1].Fields, f => f.Name == "session ID" && f.Value == "0xFF000001");
        Assert.Contains("exceeds", result.Records[1].Error, StringComparison.Ordinal);
        Assert.Equal("Caliptra VDM", result.Records[2].Name);
    }

    [Fact]
    public void Decodes_SPDM_fields_and_flags_malformed_SPDM()
    {
        var file = Capture(PcapLinkType.Mctp, w =>
        {
            WriteMessage(w, 0, Hex("05 12 E1 00 00 00 0C 00 00 C6 7A 00 00 00 10 00 00 00 10 00 00"), 0x0A, 0x08, true, 1);
            WriteMessage(w, 1, Hex("05 10 04 00 00 00 02 00 12 00 13"), 0x08, 0x0A, false, 1);
            WriteMessage(w, 2, Hex("05 12 7F 04 00"), 0x08, 0x0A, false, 2);
            WriteMessage(w, 3, Hex("05 12 E3 00 00 10 00"), 0x0A, 0x08, true, 3);
        });

        var result = TraceDecoder.Decode(file);
        Assert.Equal("GET_CAPABILITIES", result.Records[0].Name);
        Assert.Contains(result.Records[0].Fields, f => f.Name == "DataTransferSize" && f.Value == "4096");
        Assert.Contains(result.Records[1].Fields, f => f.Name == "versions" && f.Value == "1.2, 1.3");
        Assert.Contains(result.Records[2].Fields, f => f.Name == "error" && f.Value == "UnexpectedRequest");
        Assert.Equal("NEGOTIATE_ALGORITHMS", result.Records[3].Name);
        Assert.Contains("malformed NEGOTIATE_ALGORITHMS", result.Records[3].Error, StringComparison.Ordinal);
        Assert.Equal(1, result.Flagged);
    }

    [Fact]
    public void PLDM_body_decoders_are_found()
    {
        Assert.True(PldmTraceDecoder.DecoderCount > 10);
    }

    [Fact]
    public void Arbitrary_captures_never_throw()
    {
        Gen.Select(Gen.Byte.Array[0, 80].Array[0, 12], Gen.OneOfConst(PcapLinkType.LinuxSll2, PcapLinkType.Mctp, PcapLinkType.PciDoe)).Sample((packets, linkType) =>
        {
            var file = Capture(linkType, w =>
            {
                foreach (var p in packets)
                {
                    w.WriteRecord(0, default, p);
                }
            });
            var result = TraceDecoder.Decode(file);
            Assert.Null(result.FileError);
            Assert.Equal(packets.Length, result.Frames);
        });
    }
}
