using Rampart.Host.Mctp;
using Rampart.Protocols.Mctp;

namespace Rampart.Host.Tests.Mctp;

public sealed class MctpCapturedMessageTests
{
    private static readonly byte[] Message = [0x01, 0x80, 0x05, 0x15, 0xAA];

    [Fact]
    public void A_captured_message_frames_once_and_equals_the_copying_form()
    {
        var captured = MctpCapturedMessage.Capture(MctpDirection.Sent, 8, 9, 3, true, Message, 1_000);
        var plain = new MctpCapturedMessage(MctpDirection.Sent, 8, 9, 3, true, Message, 1_000);

        Assert.Equal(plain.ToCapturePayload(), captured.CapturePayload.ToArray());
        Assert.Equal(Message, captured.Message.ToArray());

        // Version 1, destination 9, source 8, SOM|EOM|TO|tag 3.
        Assert.Equal([0x01, 0x09, 0x08, 0xCB, .. Message], captured.ToCapturePayload());
        Assert.True(captured.CapturePayload.Span.Overlaps(captured.Message.Span));
    }

    [Fact]
    public void A_with_copy_that_changes_the_header_or_message_is_framed_afresh()
    {
        var captured = MctpCapturedMessage.Capture(MctpDirection.Received, 9, 8, 1, false, Message, 5);

        var retagged = captured with { Tag = 2 };
        var other = captured with { Message = new byte[] { 0x7E } };

        Assert.Equal([0x01, 0x08, 0x09, 0xC2, .. Message], retagged.CapturePayload.ToArray());
        Assert.Equal([0x01, 0x08, 0x09, 0xC1, 0x7E], other.CapturePayload.ToArray());
        Assert.Equal([0x01, 0x08, 0x09, 0xC1, .. Message], captured.CapturePayload.ToArray());
    }
}
