using CsCheck;
using Rampart.Wire.Mctp;
using Rampart.Wire.Mctp.Control;

namespace Rampart.Wire.Tests.Mctp;

public sealed class MctpControlTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("00 80 02", true, false, 0, 0x02)]
    [InlineData("00 1F 04", false, false, 31, 0x04)]
    [InlineData("00 C5 01", true, true, 5, 0x01)]
    public void Control_header_reads_Rq_D_instance_and_command(string hex, bool rq, bool d, int instance, int command)
    {
        var bytes = Hex(hex);
        Assert.Equal(WireStatus.Done, MctpControlHeader.TryRead(bytes, out var header, out var consumed));
        Assert.Equal(3, consumed);
        Assert.Equal(new MctpControlHeader(rq, d, (byte)instance, (MctpControlCommand)command), header);
        var written = new byte[3];
        Assert.True(header.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("truncated", "00 80", WireStatus.NeedMoreData)]
    [InlineData("reserved bit", "00 A0 02", WireStatus.Invalid)]
    [InlineData("IC bit set", "80 80 02", WireStatus.Invalid)]
    [InlineData("not a control message", "01 80 02", WireStatus.Invalid)]
    public void Control_header_rejects(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, MctpControlHeader.TryRead(Hex(hex), out var header, out var consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(default, header);
    }

    [Fact]
    public void Fixed_sizes_match_the_DSP0236_tables()
    {
        Assert.Equal(3, MctpControlHeader.Size);
        Assert.Equal(2, SetEndpointIdRequest.Size);
        Assert.Equal(4, SetEndpointIdResponse.Size);
        Assert.Equal(0, GetEndpointIdRequest.Size);
        Assert.Equal(4, GetEndpointIdResponse.Size);
        Assert.Equal(0, GetEndpointUuidRequest.Size);
        Assert.Equal(17, GetEndpointUuidResponse.Size);
        Assert.Equal(1, GetMctpVersionSupportRequest.Size);
        Assert.Equal(0, GetMessageTypeSupportRequest.Size);
        Assert.Equal(1, GetVendorDefinedMessageSupportRequest.Size);
        Assert.Equal(7, GetVendorDefinedMessageSupportResponse.PciSize);
        Assert.Equal(9, GetVendorDefinedMessageSupportResponse.IanaSize);
    }

    [Theory]
    [InlineData("00 0A", SetEndpointIdOperation.SetEid, 0x0A)]
    [InlineData("01 20", SetEndpointIdOperation.ForceEid, 0x20)]
    [InlineData("02 00", SetEndpointIdOperation.ResetEid, 0x00)]
    [InlineData("03 00", SetEndpointIdOperation.SetDiscoveredFlag, 0x00)]
    public void SetEndpointId_request_vectors(string hex, SetEndpointIdOperation op, int eid)
    {
        Assert.Equal(WireStatus.Done, SetEndpointIdRequest.TryRead(Hex(hex), out var request, out var consumed));
        Assert.Equal(2, consumed);
        Assert.Equal(new SetEndpointIdRequest(op, (byte)eid), request);
    }

    [Theory]
    [InlineData("00 00 0A 00", EidAssignmentStatus.Accepted, EidAllocationStatus.NoPool, 0x0A, 0)]
    [InlineData("00 10 08 00", EidAssignmentStatus.Rejected, EidAllocationStatus.NoPool, 0x08, 0)]
    [InlineData("00 01 0A 10", EidAssignmentStatus.Accepted, EidAllocationStatus.PoolRequired, 0x0A, 0x10)]
    public void SetEndpointId_response_vectors(string hex, EidAssignmentStatus assign, EidAllocationStatus alloc, int eid, int pool)
    {
        var bytes = Hex(hex);
        Assert.Equal(WireStatus.Done, SetEndpointIdResponse.TryRead(bytes, out var response, out var consumed));
        Assert.Equal(4, consumed);
        Assert.Equal(new SetEndpointIdResponse(MctpCompletionCode.Success, assign, alloc, (byte)eid, (byte)pool), response);
        var written = new byte[4];
        Assert.True(response.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("00 0A 00 00", 0x0A, MctpEndpointType.SimpleEndpoint, MctpEidType.Dynamic, 0)]
    [InlineData("00 08 11 00", 0x08, MctpEndpointType.BusOwnerOrBridge, MctpEidType.Static, 0)]
    [InlineData("00 00 02 5A", 0x00, MctpEndpointType.SimpleEndpoint, MctpEidType.StaticCurrentMatches, 0x5A)]
    public void GetEndpointId_response_vectors(string hex, int eid, MctpEndpointType type, MctpEidType eidType, int medium)
    {
        var bytes = Hex(hex);
        Assert.Equal(WireStatus.Done, GetEndpointIdResponse.TryRead(bytes, out var response, out _));
        Assert.Equal(new GetEndpointIdResponse(MctpCompletionCode.Success, (byte)eid, type, eidType, (byte)medium), response);
        var written = new byte[4];
        Assert.True(response.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void GetEndpointUuid_keeps_RFC4122_byte_order()
    {
        var bytes = Hex("00 12 34 56 78 9A BC 4D EF 81 23 45 67 89 AB CD EF");
        Assert.Equal(WireStatus.Done, GetEndpointUuidResponse.TryRead(bytes, out var response, out var consumed));
        Assert.Equal(17, consumed);
        Assert.Equal(Guid.Parse("12345678-9abc-4def-8123-456789abcdef"), response.Uuid);
        var written = new byte[17];
        Assert.True(response.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void GetMctpVersionSupport_response_lists_Caliptra_base_versions()
    {
        var bytes = Hex("00 04 F1 F0 FF 00 F1 F1 FF 00 F1 F2 FF 00 F1 F3 F3 00");
        Assert.Equal(WireStatus.Done, GetMctpVersionSupportResponse.TryRead(bytes, out var response, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(4, response.Count);
        Assert.Equal("1.0", response[0].ToString());
        Assert.Equal("1.3.3", response[3].ToString());
        var written = new byte[bytes.Length];
        Assert.True(response.TryWrite(written, out var n));
        Assert.Equal(bytes.Length, n);
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void GetMctpVersionSupport_unsupported_type_is_the_completion_code_alone()
    {
        Assert.Equal(WireStatus.Done, GetMctpVersionSupportResponse.TryRead(Hex("80"), out var response, out var consumed));
        Assert.Equal(1, consumed);
        Assert.Equal(MctpCompletionCode.MessageTypeNotSupported, response.CompletionCode);
        Assert.Equal(0, response.Count);
    }

    [Fact]
    public void GetMessageTypeSupport_response_vector()
    {
        var bytes = Hex("00 03 00 01 05");
        Assert.Equal(WireStatus.Done, GetMessageTypeSupportResponse.TryRead(bytes, out var response, out var consumed));
        Assert.Equal(5, consumed);
        Assert.Equal(new byte[] { 0, 1, 5 }, response.MessageTypes.ToArray());
    }

    [Theory]
    [InlineData("00 FF 00 1A B4 00 01", MctpVendorIdFormat.Pci, 0x1AB4u, 0x0001, 7)]
    [InlineData("00 01 01 00 00 A6 7F 00 01", MctpVendorIdFormat.Iana, 0xA67Fu, 0x0001, 9)]
    public void GetVendorDefinedMessageSupport_response_vectors(string hex, MctpVendorIdFormat format, uint vendor, int commandSet, int size)
    {
        var bytes = Hex(hex);
        Assert.Equal(WireStatus.Done, GetVendorDefinedMessageSupportResponse.TryRead(bytes, out var response, out var consumed));
        Assert.Equal(size, consumed);
        Assert.Equal(format, response.Format);
        Assert.Equal(vendor, response.VendorId);
        Assert.Equal((ushort)commandSet, response.CommandSetType);
        var written = new byte[size];
        Assert.True(response.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("set eid request truncated", 1, "00")]
    [InlineData("set eid request reserved bits", 1, "04 0A")]
    [InlineData("set eid response truncated", 2, "00 00 0A")]
    [InlineData("set eid response reserved bits", 2, "00 40 0A 00")]
    [InlineData("set eid response reserved allocation 11b", 2, "00 03 0A 00")]
    [InlineData("set eid response reserved assignment 10b", 2, "00 20 0A 00")]
    [InlineData("get eid response truncated", 3, "00 0A")]
    [InlineData("get eid response reserved endpoint type", 3, "00 0A 20 00")]
    [InlineData("get eid response reserved bits", 3, "00 0A 04 00")]
    [InlineData("uuid response truncated", 4, "00 12 34")]
    [InlineData("version response truncated entries", 5, "00 02 F1 F0 FF 00")]
    [InlineData("version response no count", 5, "00")]
    [InlineData("message type response truncated", 6, "00 03 00 01")]
    [InlineData("vendor response truncated pci", 7, "00 FF 00 1A")]
    [InlineData("vendor response truncated iana", 7, "00 FF 01 00 00 A6 7F 00")]
    [InlineData("vendor response unknown format", 7, "00 FF 02 00 00 00 00")]
    [InlineData("empty response", 2, "")]
    [InlineData("version request empty", 8, "")]
    [InlineData("vendor request empty", 9, "")]
    [InlineData("set eid request trailing byte", 1, "00 0A 00")]
    [InlineData("set eid response trailing byte", 2, "00 00 0A 00 00")]
    [InlineData("get eid response trailing byte", 3, "00 0A 00 00 00")]
    [InlineData("uuid response trailing byte", 4, "00 12 34 56 78 9A BC 4D EF 81 23 45 67 89 AB CD EF 00")]
    [InlineData("version response more entries than counted", 5, "00 01 F1 F0 FF 00 F1 F1 FF 00")]
    [InlineData("message type response more types than counted", 6, "00 01 00 01")]
    [InlineData("vendor response trailing byte", 7, "00 FF 00 1A B4 00 01 00")]
    [InlineData("version request trailing byte", 8, "FF 00")]
    [InlineData("vendor request trailing byte", 9, "00 00")]
    public void Negative_vectors_fail_and_consume_nothing(string name, int decoder, string hex)
    {
        Assert.NotNull(name);
        var (status, consumed) = Decode(decoder, Hex(hex));
        Assert.NotEqual(WireStatus.Done, status);
        Assert.Equal(0, consumed);
    }

    private static (WireStatus Status, int Consumed) Decode(int decoder, byte[] bytes)
    {
        int consumed;
        WireStatus status;
        switch (decoder)
        {
            case 1:
                status = SetEndpointIdRequest.TryRead(bytes, out var a, out consumed);
                Assert.Equal(default, a);
                break;
            case 2:
                status = SetEndpointIdResponse.TryRead(bytes, out var b, out consumed);
                Assert.Equal(default, b);
                break;
            case 3:
                status = GetEndpointIdResponse.TryRead(bytes, out var c, out consumed);
                Assert.Equal(default, c);
                break;
            case 4:
                status = GetEndpointUuidResponse.TryRead(bytes, out var d, out consumed);
                Assert.Equal(default, d);
                break;
            case 5:
                status = GetMctpVersionSupportResponse.TryRead(bytes, out var e, out consumed);
                Assert.True(e.Entries.IsEmpty);
                break;
            case 6:
                status = GetMessageTypeSupportResponse.TryRead(bytes, out var f, out consumed);
                Assert.True(f.MessageTypes.IsEmpty);
                break;
            case 7:
                status = GetVendorDefinedMessageSupportResponse.TryRead(bytes, out var g, out consumed);
                Assert.Equal(default, g);
                break;
            case 8:
                status = GetMctpVersionSupportRequest.TryRead(bytes, out var h, out consumed);
                Assert.Equal(default, h);
                break;
            default:
                status = GetVendorDefinedMessageSupportRequest.TryRead(bytes, out var i, out consumed);
                Assert.Equal(default, i);
                break;
        }

        return (status, consumed);
    }

    [Fact]
    public void Error_completion_codes_carry_only_the_code()
    {
        foreach (var decoder in new[] { 2, 3, 4, 5, 6, 7 })
        {
            var (status, consumed) = Decode2(decoder, [0x05]);
            Assert.Equal(WireStatus.Done, status);
            Assert.Equal(1, consumed);
            (status, consumed) = Decode2(decoder, [0x05, 0xAA]);
            Assert.Equal(WireStatus.Invalid, status);
            Assert.Equal(0, consumed);
        }

        static (WireStatus, int) Decode2(int decoder, byte[] bytes) => decoder switch
        {
            2 => (SetEndpointIdResponse.TryRead(bytes, out _, out var n2), n2),
            3 => (GetEndpointIdResponse.TryRead(bytes, out _, out var n3), n3),
            4 => (GetEndpointUuidResponse.TryRead(bytes, out _, out var n4), n4),
            5 => (GetMctpVersionSupportResponse.TryRead(bytes, out _, out var n5), n5),
            6 => (GetMessageTypeSupportResponse.TryRead(bytes, out _, out var n6), n6),
            _ => (GetVendorDefinedMessageSupportResponse.TryRead(bytes, out _, out var n7), n7),
        };
    }

    private static readonly Gen<MctpCompletionCode> GenCode =
        Gen.Frequency((3, Gen.Const(MctpCompletionCode.Success)), (1, Gen.Byte[1, 255].Select(b => (MctpCompletionCode)b)));

    [Fact]
    public void Round_trips_every_fixed_message()
    {
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Byte[0, 31], Gen.Byte).Sample((rq, d, i, c) =>
        {
            var header = new MctpControlHeader(rq, d, i, (MctpControlCommand)c);
            var buffer = new byte[3];
            Assert.True(header.TryWrite(buffer, out _));
            Assert.Equal(WireStatus.Done, MctpControlHeader.TryRead(buffer, out var read, out _));
            Assert.Equal(header, read);
        });
        Gen.Select(Gen.Byte[0, 3], Gen.Byte).Sample((op, eid) =>
            RoundTrip(new SetEndpointIdRequest((SetEndpointIdOperation)op, eid), (v, b) => (v.TryWrite(b, out var n), n), SetEndpointIdRequest.TryRead));
        Gen.Select(GenCode, Gen.Byte[0, 1], Gen.Byte[0, 2], Gen.Byte, Gen.Byte).Sample((cc, a, al, e, p) =>
        {
            var value = cc == MctpCompletionCode.Success
                ? new SetEndpointIdResponse(cc, (EidAssignmentStatus)a, (EidAllocationStatus)al, e, p)
                : new SetEndpointIdResponse { CompletionCode = cc };
            RoundTrip(value, (v, b) => (v.TryWrite(b, out var n), n), SetEndpointIdResponse.TryRead);
        });
        Gen.Select(GenCode, Gen.Byte, Gen.Byte[0, 1], Gen.Byte[0, 3], Gen.Byte).Sample((cc, e, t, et, m) =>
        {
            var value = cc == MctpCompletionCode.Success
                ? new GetEndpointIdResponse(cc, e, (MctpEndpointType)t, (MctpEidType)et, m)
                : new GetEndpointIdResponse { CompletionCode = cc };
            RoundTrip(value, (v, b) => (v.TryWrite(b, out var n), n), GetEndpointIdResponse.TryRead);
        });
        Gen.Select(GenCode, Gen.Byte.Array[16]).Sample((cc, uuid) =>
        {
            var value = cc == MctpCompletionCode.Success ? new GetEndpointUuidResponse(cc, new Guid(uuid)) : new GetEndpointUuidResponse { CompletionCode = cc };
            RoundTrip(value, (v, b) => (v.TryWrite(b, out var n), n), GetEndpointUuidResponse.TryRead);
        });
        Gen.Byte.Sample(t => RoundTrip(new GetMctpVersionSupportRequest(t), (v, b) => (v.TryWrite(b, out var n), n), GetMctpVersionSupportRequest.TryRead));
        Gen.Byte.Sample(s => RoundTrip(new GetVendorDefinedMessageSupportRequest(s), (v, b) => (v.TryWrite(b, out var n), n), GetVendorDefinedMessageSupportRequest.TryRead));
        Gen.Select(GenCode, Gen.Byte, Gen.Bool, Gen.UInt, Gen.UShort).Sample((cc, next, iana, vendor, set) =>
        {
            var value = cc != MctpCompletionCode.Success
                ? new GetVendorDefinedMessageSupportResponse { CompletionCode = cc }
                : new GetVendorDefinedMessageSupportResponse(cc, next, iana ? MctpVendorIdFormat.Iana : MctpVendorIdFormat.Pci, iana ? vendor : (ushort)vendor, set);
            RoundTrip(value, (v, b) => (v.TryWrite(b, out var n), n), GetVendorDefinedMessageSupportResponse.TryRead);
        });
    }

    [Fact]
    public void Round_trips_every_variable_message()
    {
        Gen.Select(GenCode, Gen.Byte.Array[0, 40]).Sample((cc, raw) =>
        {
            var entries = raw.AsSpan(0, raw.Length / 4 * 4);
            var value = new GetMctpVersionSupportResponse(cc, entries);
            var buffer = new byte[value.WireSize];
            Assert.True(value.TryWrite(buffer, out var n));
            Assert.Equal(buffer.Length, n);
            Assert.Equal(WireStatus.Done, GetMctpVersionSupportResponse.TryRead(buffer, out var read, out var consumed));
            Assert.Equal(n, consumed);
            Assert.Equal(value.CompletionCode, read.CompletionCode);
            Assert.True(value.Entries.SequenceEqual(read.Entries));
        });
        Gen.Select(GenCode, Gen.Byte.Array[0, 40]).Sample((cc, types) =>
        {
            var value = new GetMessageTypeSupportResponse(cc, types);
            var buffer = new byte[value.WireSize];
            Assert.True(value.TryWrite(buffer, out var n));
            Assert.Equal(WireStatus.Done, GetMessageTypeSupportResponse.TryRead(buffer, out var read, out var consumed));
            Assert.Equal(n, consumed);
            Assert.Equal(value.CompletionCode, read.CompletionCode);
            Assert.True(value.MessageTypes.SequenceEqual(read.MessageTypes));
        });
    }

    [Fact]
    public void Arbitrary_bytes_into_every_control_decoder_never_throw()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            Check(MctpControlHeader.TryRead(bytes, out _, out var n0), n0, bytes);
            Check(SetEndpointIdRequest.TryRead(bytes, out _, out var n1), n1, bytes);
            Check(SetEndpointIdResponse.TryRead(bytes, out _, out var n2), n2, bytes);
            Check(GetEndpointIdResponse.TryRead(bytes, out _, out var n3), n3, bytes);
            Check(GetEndpointUuidResponse.TryRead(bytes, out _, out var n4), n4, bytes);
            Check(GetMctpVersionSupportRequest.TryRead(bytes, out _, out var n5), n5, bytes);
            Check(GetMctpVersionSupportResponse.TryRead(bytes, out _, out var n6), n6, bytes);
            Check(GetMessageTypeSupportResponse.TryRead(bytes, out _, out var n7), n7, bytes);
            Check(GetVendorDefinedMessageSupportRequest.TryRead(bytes, out _, out var n8), n8, bytes);
            Check(GetVendorDefinedMessageSupportResponse.TryRead(bytes, out _, out var n9), n9, bytes);
            MctpTransportHeader.TryRead(bytes, out _);
            MctpMessageHeader.TryRead(bytes, out _);
        });

        static void Check(WireStatus status, int consumed, byte[] bytes)
        {
            if (status != WireStatus.Done)
            {
                Assert.Equal(0, consumed);
            }

            Assert.InRange(consumed, 0, bytes.Length);
        }
    }

    private delegate WireStatus Reader<T>(ReadOnlySpan<byte> source, out T value, out int consumed);

    private static void RoundTrip<T>(T value, Func<T, byte[], (bool Ok, int Written)> write, Reader<T> read)
    {
        var buffer = new byte[32];
        var (ok, written) = write(value, buffer);
        Assert.True(ok);
        Assert.Equal(WireStatus.Done, read(buffer.AsSpan(0, written), out var back, out var consumed));
        Assert.Equal(written, consumed);
        Assert.Equal(value, back);
        if (written > 0)
        {
            Assert.NotEqual(WireStatus.Done, read(buffer.AsSpan(0, written - 1), out var cut, out var none));
            Assert.Equal(0, none);
            Assert.Equal(default, cut);
        }
    }
}
