using Rampart.Host.SpdmEmu;
using Rampart.Wire.Bindings;

namespace Rampart.Host.Tests.SpdmEmu;

public sealed class SpdmEmuPayloadTests
{
    [Theory]
    [InlineData("mctp", "0510e1", SpdmEmuPayload.Kind.Spdm, "10e1")]
    [InlineData("mctp", "06aabb", SpdmEmuPayload.Kind.Secured, "aabb")]
    [InlineData("mctp", "7f00", SpdmEmuPayload.Kind.Malformed, "")]
    [InlineData("mctp", "", SpdmEmuPayload.Kind.Malformed, "")]
    // DOE header: vendor 0001h, type, reserved, length 3 dwords; then one data dword.
    [InlineData("doe", "0100010003000000" + "10e10000", SpdmEmuPayload.Kind.Spdm, "10e10000")]
    [InlineData("doe", "0100020003000000" + "aabbccdd", SpdmEmuPayload.Kind.Secured, "aabbccdd")]
    [InlineData("doe", "0100000003000000" + "01020000", SpdmEmuPayload.Kind.DoeDiscovery, "01020000")]
    [InlineData("doe", "3412000003000000" + "01020000", SpdmEmuPayload.Kind.Malformed, "")]
    [InlineData("doe", "0100010003000000", SpdmEmuPayload.Kind.Malformed, "")]
    public void A_payload_is_sorted_by_its_transport_header(string transport, string hex, SpdmEmuPayload.Kind kind, string message)
    {
        var got = SpdmEmuPayload.Unwrap(transport == "mctp" ? SpdmEmuTransport.Mctp : SpdmEmuTransport.PciDoe, Convert.FromHexString(hex), out var body);

        Assert.Equal(kind, got);
        if (kind != SpdmEmuPayload.Kind.Malformed)
        {
            Assert.Equal(message, Convert.ToHexString(body).ToLowerInvariant());
        }
    }
}
