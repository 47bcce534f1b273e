using System.Buffers.Binary;
using System.Text;
using Rampart.Firmware.Mcu.Apps.Vdm;
using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Tests.Vdm;

public class CaliptraVdmResponderTests
{
    private sealed class FakeFirmware(FwInfoResponse? info) : ICaliptraFirmwareInfo
    {
        public int Calls { get; private set; }

        public ValueTask<FwInfoResponse?> GetFwInfoAsync()
        {
            Calls++;
            return ValueTask.FromResult(info);
        }
    }

    private static readonly FwInfoResponse Info = new()
    {
        FwSvn = 7,
        RuntimeRevision = Encoding.ASCII.GetBytes("rampart-rt\0\0\0\0\0\0\0\0\0\0"),
    };

    private static async Task<byte[]> Handle(byte[] request, FwInfoResponse? info = null)
    {
        var response = new byte[CaliptraVdmResponder.MaxResponseSize];
        var length = await CaliptraVdmResponder.HandleAsync(request, response, new FakeFirmware(info ?? Info));
        return response[..length];
    }

    private static byte[] Request(byte command, params byte[] payload) =>
        [0x00, 0x00, 0xA6, 0x7F, 0x80, command, .. payload];

    private static void AssertResponseHeader(byte[] response, byte command, uint code)
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x00, command }, response[..6]);
        Assert.Equal(code, BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(6)));
    }

    [Fact]
    public async Task Firmware_version_of_area_0_is_built_from_caliptra_fw_info()
    {
        var response = await Handle(Request(0x01, 0, 0, 0, 0));
        Assert.Equal(42, response.Length);
        AssertResponseHeader(response, 0x01, 0);
        var version = "svn7-72616d706172742d"u8;
        Assert.Equal(version.ToArray(), response[10..(10 + version.Length)]);
        Assert.All(response[(10 + version.Length)..], b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Firmware_version_of_another_area_is_invalid_parameter_without_asking_caliptra()
    {
        var firmware = new FakeFirmware(Info);
        var response = new byte[CaliptraVdmResponder.MaxResponseSize];
        var length = await CaliptraVdmResponder.HandleAsync(Request(0x01, 1, 0, 0, 0), response, firmware);
        Assert.Equal(42, length);
        AssertResponseHeader(response, 0x01, 0x02);
        Assert.All(response[10..42], b => Assert.Equal(0, b));
        Assert.Equal(0, firmware.Calls);
    }

    [Fact]
    public async Task Firmware_version_when_caliptra_does_not_answer_is_operation_failed()
    {
        var response = new byte[CaliptraVdmResponder.MaxResponseSize];
        var length = await CaliptraVdmResponder.HandleAsync(Request(0x01, 0, 0, 0, 0), response, new FakeFirmware(null));
        Assert.Equal(42, length);
        AssertResponseHeader(response, 0x01, 0x05);
    }

    [Fact]
    public async Task Device_capabilities_is_the_documented_fixed_block()
    {
        var response = await Handle(Request(0x02));
        Assert.Equal(74, response.Length);
        AssertResponseHeader(response, 0x02, 0);
        var caps = response[10..];
        Assert.Equal(0x6u, BinaryPrimitives.ReadUInt32LittleEndian(caps.AsSpan(20)));
        Assert.Equal("Rampart\0"u8.ToArray(), caps[48..56]);
        Assert.All(caps[..20], b => Assert.Equal(0, b));
        Assert.All(caps[24..48], b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(new byte[] { }, 0x00, 0x03u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x80 }, 0x00, 0x03u)]
    [InlineData(new byte[] { 0x00, 0x00, 0x7F, 0xA6, 0x80, 0x01, 0, 0, 0, 0 }, 0x01, 0x02u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x01, 0, 0, 0, 0 }, 0x01, 0x02u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x81, 0x02 }, 0x02, 0x02u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x03 }, 0x03, 0x07u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x80, 0xFF }, 0xFF, 0x07u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x01, 0, 0, 0 }, 0x01, 0x03u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x01, 0, 0, 0, 0, 0 }, 0x01, 0x03u)]
    [InlineData(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x02, 0 }, 0x02, 0x03u)]
    public async Task Malformed_requests_get_the_failure_response(byte[] request, byte command, uint code)
    {
        var response = await Handle(request);
        Assert.Equal(VdmFailureResponse.Size, response.Length);
        AssertResponseHeader(response, command, code);
    }

    [Fact]
    public async Task Any_bytes_get_a_well_formed_response_and_never_throw()
    {
        var state = 0x1234_5678u;
        for (var i = 0; i < 2000; i++)
        {
            state = (state * 1_664_525) + 1_013_904_223;
            var request = new byte[(int)(state % 24)];
            for (var j = 0; j < request.Length; j++)
            {
                state = (state * 1_664_525) + 1_013_904_223;
                request[j] = (byte)(state >> 24);
            }

            if (i % 2 == 0 && request.Length >= 6)
            {
                Request(request[5]).AsSpan(0, 5).CopyTo(request);
            }

            var response = await Handle(request);
            Assert.True(response.Length is VdmFailureResponse.Size or FirmwareVersionMessage.ResponseSize or DeviceCapabilitiesMessage.ResponseSize);
            Assert.Equal(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x00 }, response[..5]);
        }
    }

    [Fact]
    public void Header_round_trips_with_the_iana_most_significant_byte_first()
    {
        var buffer = new byte[6];
        Assert.True(VdmHeader.TryWrite(buffer, true, 0x02));
        Assert.Equal(new byte[] { 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x02 }, buffer);
        Assert.True(VdmHeader.TryRead(buffer, out var header));
        Assert.Equal(new VdmHeader(0xA67F, 0x80, 0x02), header);
        Assert.True(header.IsRequest && header.ReservedClear);
        Assert.False(VdmHeader.TryWrite(new byte[5], true, 0x02));
        Assert.False(VdmHeader.TryRead(new byte[5], out _));
    }

    [Fact]
    public void Writers_refuse_small_buffers()
    {
        Assert.Equal(0, VdmFailureResponse.Write(new byte[9], 1, VdmCompletionCode.InvalidLength));
        Assert.Equal(0, FirmwareVersionMessage.WriteResponse(new byte[41], VdmCompletionCode.Success, default));
        Assert.Equal(0, DeviceCapabilitiesMessage.WriteResponse(new byte[73]));
        Assert.False(FirmwareVersionMessage.TryWriteRequest(new byte[9], 0));
        var request = new byte[10];
        Assert.True(FirmwareVersionMessage.TryWriteRequest(request, 0x0102_0304));
        Assert.True(FirmwareVersionMessage.TryReadAreaIndex(request, out var area));
        Assert.Equal(0x0102_0304u, area);
    }

    [Fact]
    public void A_long_version_is_cut_at_32_bytes()
    {
        var response = new byte[42];
        Assert.Equal(42, FirmwareVersionMessage.WriteResponse(response, VdmCompletionCode.Success, new byte[40].Select(_ => (byte)'x').ToArray()));
        Assert.All(response[10..], b => Assert.Equal((byte)'x', b));
    }
}
