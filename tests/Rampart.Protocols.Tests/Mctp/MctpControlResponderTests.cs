using CsCheck;
using Rampart.Protocols.Mctp;
using Rampart.Wire.Mctp.Control;

namespace Rampart.Protocols.Tests.Mctp;

public sealed class MctpControlResponderTests
{
    private static readonly Guid Uuid = new("00112233-4455-6677-8899-aabbccddeeff");

    private static byte[] Handle(MctpControlResponder responder, params byte[] request)
    {
        var response = new byte[MctpControlResponder.MaxResponseSize];
        Assert.Equal(MctpControlOutcome.Respond, responder.Handle(request, response, out var written));
        return response[..written];
    }

    [Fact]
    public void Set_then_get_endpoint_id()
    {
        var responder = new MctpControlResponder();
        Assert.Equal([0x00, 0x01, 0x01, 0x00, 0x00, 0x1D, 0x00], Handle(responder, 0x00, 0x81, 0x01, 0x00, 0x1D));
        Assert.Equal(0x1D, responder.EndpointId);
        Assert.Equal([0x00, 0x02, 0x02, 0x00, 0x1D, 0x00, 0x00], Handle(responder, 0x00, 0x82, 0x02));
    }

    [Theory]
    [InlineData("null EID", 0x00, 0x00)]
    [InlineData("reserved EID", 0x00, 0x07)]
    [InlineData("broadcast EID", 0x00, 0xFF)]
    [InlineData("reserved operation bits", 0x04, 0x1D)]
    [InlineData("reset without a static EID", 0x02, 0x1D)]
    public void Bad_set_endpoint_id_is_invalid_data(string name, byte operation, byte eid)
    {
        var responder = new MctpControlResponder();
        Assert.True(Handle(responder, 0x00, 0x80, 0x01, operation, eid) is [0x00, 0x00, 0x01, 0x02], name);
        Assert.Equal(0, responder.EndpointId);
    }

    [Fact]
    public void Reset_returns_to_the_static_eid_and_get_reports_static_types()
    {
        var responder = new MctpControlResponder(new MctpControlOptions { StaticEid = 0x20 });
        Assert.Equal(0x02, Handle(responder, 0x00, 0x80, 0x02)[^2]);
        Handle(responder, 0x00, 0x80, 0x01, 0x01, 0x30);
        Assert.Equal(0x03, Handle(responder, 0x00, 0x80, 0x02)[^2]);
        Assert.Equal(0x20, Handle(responder, 0x00, 0x80, 0x01, 0x02, 0x00)[5]);
        Assert.Equal(0x20, responder.EndpointId);
    }

    [Fact]
    public void Get_endpoint_uuid_is_big_endian()
    {
        var responder = new MctpControlResponder(new MctpControlOptions { Uuid = Uuid });
        var response = Handle(responder, 0x00, 0x83, 0x03);
        Assert.Equal(3 + 17, response.Length);
        Assert.Equal(0x00, response[3]);
        Assert.Equal(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), response[4..]);
    }

    [Theory]
    [InlineData(0xFF, "0004F1F0FF00F1F1FF00F1F2FF00F1F3F300")]
    [InlineData(0x00, "0004F1F0FF00F1F1FF00F1F2FF00F1F3F300")]
    [InlineData(0x01, "0001F1F0F000")]
    [InlineData(0x05, "0001F1F0F200")]
    [InlineData(0x06, "0001F2F0F000")]
    [InlineData(0x7E, "80")]
    [InlineData(0x04, "80")]
    public void Get_version_support(byte type, string body)
    {
        var response = Handle(new MctpControlResponder(), 0x00, 0x84, 0x04, type);
        Assert.Equal([0x00, 0x04, 0x04], response[..3]);
        Assert.Equal(Convert.FromHexString(body), response[3..]);
    }

    [Fact]
    public void Version_1_3_3_prints()
    {
        Assert.True(MctpVersionTable.TryGet(0xFF, out var entries));
        Assert.Equal("1.3.3", MctpVersion.Read(entries[12..]).ToString());
    }

    [Fact]
    public void Get_message_type_support_lists_control_pldm_spdm_secured_and_vendor_iana()
    {
        Assert.Equal([0x00, 0x05, 0x05, 0x00, 0x05, 0x00, 0x01, 0x05, 0x06, 0x7F], Handle(new MctpControlResponder(), 0x00, 0x85, 0x05));
    }

    [Fact]
    public void Get_vendor_defined_support_reports_the_caliptra_iana()
    {
        Assert.Equal([0x00, 0x06, 0x06, 0x00, 0xFF, 0x01, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x01], Handle(new MctpControlResponder(), 0x00, 0x86, 0x06, 0x00));
        Assert.Equal([0x00, 0x06, 0x06, 0x02], Handle(new MctpControlResponder(), 0x00, 0x86, 0x06, 0x01));
    }

    [Theory]
    [InlineData("set eid short", "008001 00")]
    [InlineData("set eid long", "008001 001D00")]
    [InlineData("get eid long", "008002 00")]
    [InlineData("get uuid long", "008003 00")]
    [InlineData("version short", "008004")]
    [InlineData("version long", "008004 FF00")]
    [InlineData("types long", "008005 00")]
    [InlineData("vendor short", "008006")]
    [InlineData("vendor long", "008006 0000")]
    public void Bad_lengths_are_answered_with_invalid_length(string name, string hex)
    {
        var request = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
        var response = Handle(new MctpControlResponder(), request);
        Assert.True(response.Length == 4 && response[3] == (byte)MctpCompletionCode.InvalidLength, name);
        Assert.Equal(request[2], response[2]);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x07)]
    [InlineData(0x0C)]
    [InlineData(0x14)]
    [InlineData(0xF0)]
    [InlineData(0xFF)]
    public void Unknown_commands_are_unsupported(byte command)
    {
        Assert.Equal([0x00, 0x1F, command, 0x05], Handle(new MctpControlResponder(), 0x00, 0x9F, command));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("short", "0080")]
    [InlineData("not control", "018002")]
    [InlineData("reserved bit", "00A002")]
    [InlineData("a response", "000002")]
    public void Malformed_or_non_requests_are_dropped(string name, string hex)
    {
        var response = new byte[64];
        Assert.True(new MctpControlResponder().Handle(Convert.FromHexString(hex), response, out var written) == MctpControlOutcome.Dropped, name);
        Assert.Equal(0, written);
    }

    [Fact]
    public void A_datagram_is_handled_without_a_response()
    {
        var responder = new MctpControlResponder();
        var response = new byte[64];
        Assert.Equal(MctpControlOutcome.NoResponse, responder.Handle([0x00, 0xC0, 0x01, 0x00, 0x1D], response, out _));
        Assert.Equal(0x1D, responder.EndpointId);
    }

    [Fact]
    public void The_mux_answers_control_in_place_from_the_new_eid()
    {
        var link = new MctpTestLink();
        var hostSink = new RecordingSink();
        link.AssignEid(hostSink);
        var response = Assert.Single(hostSink.Responses);
        Assert.Equal(MctpTestLink.DeviceEid, response.Source);
        Assert.Equal(1, link.Device.Counters.ControlRequests);
    }

    [Fact]
    public void Random_control_requests_never_throw()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            var response = new byte[MctpControlResponder.MaxResponseSize];
            var outcome = new MctpControlResponder().Handle(bytes, response, out var written);
            Assert.True(outcome != MctpControlOutcome.Respond || written >= 4);
        }, iter: 2000);
    }
}
