using Rampart.Firmware.Mcu.Apps.Vdm;
using Rampart.Firmware.Tests.Capsules;

namespace Rampart.Firmware.Tests.Vdm;

/// <summary>The VDM app over a real kernel and MCTP capsule (no Caliptra mailbox on this board).</summary>
public class CaliptraVdmAppTests
{
    [Fact]
    public void The_app_answers_vdms_through_the_kernel_and_reports_a_missing_caliptra_as_operation_failed()
    {
        var board = new CapsuleBoard();
        board.AssignEid();
        board.Load("vdm", new CaliptraVdmApp());

        board.Host.TrySendRequest(CapsuleBoard.DeviceEid, [0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x02], board.HostSink, 0, out var capsTag);
        board.Pump();
        var caps = board.HostSink.Responses[^1];
        Assert.Equal(capsTag, caps.Tag);
        Assert.Equal(1 + DeviceCapabilitiesMessage.ResponseSize, caps.Message.Length);
        Assert.Equal(new byte[] { 0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x02, 0, 0, 0, 0 }, caps.Message[..11]);

        board.Host.TrySendRequest(CapsuleBoard.DeviceEid, [0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x80, 0x01, 0, 0, 0, 0], board.HostSink, 0, out var versionTag);
        board.Pump();
        var version = board.HostSink.Responses[^1];
        Assert.Equal(versionTag, version.Tag);
        Assert.Equal(1 + FirmwareVersionMessage.ResponseSize, version.Message.Length);
        Assert.Equal(new byte[] { 0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x01, 0x05, 0, 0, 0 }, version.Message[..11]);

        board.Host.TrySendRequest(CapsuleBoard.DeviceEid, [0x7F, 0x12], board.HostSink, 0, out var shortTag);
        board.Pump();
        var refused = board.HostSink.Responses[^1];
        Assert.Equal(shortTag, refused.Tag);
        Assert.Equal(new byte[] { 0x7F, 0x00, 0x00, 0xA6, 0x7F, 0x00, 0x00, 0x03, 0, 0, 0 }, refused.Message);
    }
}
