using Rampart.Host.Mctp;

namespace Rampart.Host.Tests.Mctp;

public class CaliptraVdmClientTests
{
    [Fact]
    public void A_caliptra_vdm_response_is_read_with_its_completion_code()
    {
        byte[] message = [0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, (byte)'v', 0x00];
        Assert.True(CaliptraVdmClient.TryReadResponse(message, 0x01, out var code, out var offset));
        Assert.Equal(2u, code);
        Assert.Equal("v", CaliptraVdmClient.ReadVersion(message.AsSpan(offset)));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x01, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x7E, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x7F, 0x00, 0x00, 0x7F, 0xA6, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00 })]
    public void Anything_else_is_not_a_response_to_the_command(byte[] message) =>
        Assert.False(CaliptraVdmClient.TryReadResponse(message, 0x01, out _, out _));

    [Fact]
    public void A_version_without_a_terminator_is_read_whole()
    {
        Assert.Equal("abc", CaliptraVdmClient.ReadVersion("abc"u8));
    }
}
