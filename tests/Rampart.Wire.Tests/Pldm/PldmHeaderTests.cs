using CsCheck;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

public sealed class PldmHeaderTests
{
    [Theory]
    [InlineData("80 00 02", true, false, 0, 0x00, 0x02)]
    [InlineData("05 05 15", false, false, 5, 0x05, 0x15)]
    [InlineData("9F 05 1B", true, false, 31, 0x05, 0x1B)]
    [InlineData("C3 3F FF", true, true, 3, 0x3F, 0xFF)]
    public void Reads_DSP0240_layout(string hex, bool request, bool datagram, int instance, int type, int command)
    {
        var bytes = Hex(hex);
        Assert.Equal(WireStatus.Done, PldmHeader.TryRead(bytes, out var header, out var consumed));
        Assert.Equal(3, consumed);
        Assert.Equal(new PldmHeader(request, datagram, (byte)instance, (PldmType)type, (byte)command), header);
        var written = new byte[3];
        Assert.True(header.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("empty", "", WireStatus.NeedMoreData)]
    [InlineData("truncated", "80 00", WireStatus.NeedMoreData)]
    [InlineData("reserved bit 5 set", "A0 00 02", WireStatus.Invalid)]
    [InlineData("header version 1", "80 40 02", WireStatus.Unsupported)]
    [InlineData("header version 3", "80 C5 02", WireStatus.Unsupported)]
    public void Rejects_bad_headers(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, PldmHeader.TryRead(Hex(hex), out var header, out var consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(default, header);
    }

    [Fact]
    public void Size_is_three_bytes_as_in_DSP0240_table_1()
    {
        Assert.Equal(3, PldmHeader.Length);
    }

    [Fact]
    public void Round_trips()
    {
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Byte[0, 31], Gen.Byte[0, 63], Gen.Byte).Sample((rq, d, instance, type, command) =>
        {
            var header = new PldmHeader(rq, d, instance, (PldmType)type, command);
            Span<byte> buffer = stackalloc byte[3];
            Assert.True(header.TryWrite(buffer, out _));
            Assert.Equal(WireStatus.Done, PldmHeader.TryRead(buffer, out var read, out _));
            Assert.Equal(header, read);
        });
    }

    [Fact]
    public void Writing_an_instance_over_31_is_a_caller_bug()
    {
        var header = new PldmHeader(true, false, 32, PldmType.Base, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.TryWrite(new byte[3], out _));
    }

    [Fact]
    public void Response_header_clears_request_and_datagram_bits()
    {
        var response = PldmHeader.Request(7, PldmType.FirmwareUpdate, 0x15).ToResponse();
        Assert.False(response.IsRequest);
        Assert.Equal(7, response.InstanceId);
    }

    [Fact]
    public void Whole_message_helpers_check_type_command_and_direction()
    {
        var buffer = new byte[16];
        Assert.True(PldmBody.TryWriteMessage(9, new GetTidResponse(PldmCompletionCode.Success, 0x42), buffer, out var written));
        Assert.Equal(Hex("09 00 02 00 42"), buffer[..written]);
        Assert.Equal(WireStatus.Done, PldmBody.TryReadMessage<GetTidResponse>(buffer.AsSpan(0, written), out var header, out var body));
        Assert.Equal(9, header.InstanceId);
        Assert.Equal(0x42, body.Tid);
        Assert.Equal(WireStatus.Unsupported, PldmBody.TryReadMessage<GetTidRequest>(buffer.AsSpan(0, written), out _, out _));
        Assert.Equal(WireStatus.Unsupported, PldmBody.TryReadMessage<SetTidResponse>(buffer.AsSpan(0, written), out _, out _));
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        Gen.Byte.Array[0, 8].Sample(bytes =>
        {
            var status = PldmHeader.TryRead(bytes, out var header, out var consumed);
            Assert.True(status == WireStatus.Done ? consumed == 3 : consumed == 0 && header == default);
        });
    }
}
