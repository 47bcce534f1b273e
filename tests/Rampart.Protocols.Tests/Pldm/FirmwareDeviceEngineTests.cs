using CsCheck;
using Rampart.Protocols.Pldm;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Tests.Pldm;

public class FirmwareDeviceEngineTests
{
    private const byte Success = 0x00;
    private const byte InvalidData = 0x02;
    private const byte InvalidLength = 0x03;
    private const byte NotInUpdateMode = 0x80;
    private const byte AlreadyInUpdateMode = 0x81;
    private const byte InvalidState = 0x84;
    private const byte IncompleteUpdate = 0x85;

    private static byte[] RequestUpdate() => Pldm.Request(new RequestUpdateRequest(256, 2, 1, 0, VersionStringType.Ascii, "s"u8));

    private static byte[] Pass(TransferFlag flag, ushort id = TestDeviceHandler.ComponentA) =>
        Pldm.Request(new PassComponentTableRequest(flag, ComponentClassification.Firmware, id, (byte)(id + 10), 2, VersionStringType.Ascii, "2"u8));

    private static byte[] Update(ushort id = TestDeviceHandler.ComponentA, uint size = 100) =>
        Pldm.Request(new UpdateComponentRequest(ComponentClassification.Firmware, id, (byte)(id + 10), 2, size, UpdateOptionFlags.None, VersionStringType.Ascii, "2"u8));

    private static byte[] Activate() => Pldm.Request(new ActivateFirmwareRequest(true));

    private static byte[] Cancel() => Pldm.Request(new CancelUpdateRequest());

    private static byte[] CancelComponent() => Pldm.Request(new CancelUpdateComponentRequest());

    private static byte[] Status() => Pldm.Request(new GetStatusRequest());

    private static (FirmwareDeviceEngine Device, TestDeviceHandler Handler) DeviceIn(FirmwareDeviceState state)
    {
        var handler = new TestDeviceHandler();
        var device = new FirmwareDeviceEngine(handler);
        if (state >= FirmwareDeviceState.LearnComponents)
        {
            Assert.Equal(Success, Send(device, RequestUpdate()));
        }

        if (state >= FirmwareDeviceState.ReadyTransfer)
        {
            Assert.Equal(Success, Send(device, Pass(TransferFlag.StartAndEnd)));
        }

        if (state >= FirmwareDeviceState.Download)
        {
            Assert.Equal(Success, Send(device, Update()));
        }

        Assert.Equal(state, device.State);
        return (device, handler);
    }

    private static byte Send(FirmwareDeviceEngine device, byte[] request, long now = 0)
    {
        var response = new byte[1024];
        var n = device.HandleRequest(request, response, now);
        return Pldm.Code(response.AsSpan(0, n));
    }

    public static TheoryData<string, FirmwareDeviceState, byte[], byte> OutOfOrder => new()
    {
        { "PassComponentTable in IDLE", FirmwareDeviceState.Idle, Pass(TransferFlag.StartAndEnd), NotInUpdateMode },
        { "UpdateComponent in IDLE", FirmwareDeviceState.Idle, Update(), NotInUpdateMode },
        { "ActivateFirmware in IDLE", FirmwareDeviceState.Idle, Activate(), NotInUpdateMode },
        { "CancelUpdate in IDLE", FirmwareDeviceState.Idle, Cancel(), NotInUpdateMode },
        { "CancelUpdateComponent in IDLE", FirmwareDeviceState.Idle, CancelComponent(), NotInUpdateMode },
        { "RequestUpdate in LEARN", FirmwareDeviceState.LearnComponents, RequestUpdate(), AlreadyInUpdateMode },
        { "UpdateComponent in LEARN", FirmwareDeviceState.LearnComponents, Update(), InvalidState },
        { "ActivateFirmware in LEARN", FirmwareDeviceState.LearnComponents, Activate(), InvalidState },
        { "CancelUpdateComponent in LEARN", FirmwareDeviceState.LearnComponents, CancelComponent(), InvalidState },
        { "PassComponentTable Middle first", FirmwareDeviceState.LearnComponents, Pass(TransferFlag.Middle), InvalidData },
        { "PassComponentTable End first", FirmwareDeviceState.LearnComponents, Pass(TransferFlag.End), InvalidData },
        { "RequestUpdate in READY XFER", FirmwareDeviceState.ReadyTransfer, RequestUpdate(), AlreadyInUpdateMode },
        { "PassComponentTable in READY XFER", FirmwareDeviceState.ReadyTransfer, Pass(TransferFlag.Start), InvalidState },
        { "ActivateFirmware before any apply", FirmwareDeviceState.ReadyTransfer, Activate(), IncompleteUpdate },
        { "CancelUpdateComponent in READY XFER", FirmwareDeviceState.ReadyTransfer, CancelComponent(), InvalidState },
        { "RequestUpdate in DOWNLOAD", FirmwareDeviceState.Download, RequestUpdate(), AlreadyInUpdateMode },
        { "PassComponentTable in DOWNLOAD", FirmwareDeviceState.Download, Pass(TransferFlag.StartAndEnd), InvalidState },
        { "UpdateComponent in DOWNLOAD", FirmwareDeviceState.Download, Update(), InvalidState },
        { "ActivateFirmware in DOWNLOAD", FirmwareDeviceState.Download, Activate(), InvalidState },
    };

    [Theory]
    [MemberData(nameof(OutOfOrder))]
    public void Out_of_order_requests_get_their_completion_code_and_leave_the_state_alone(string name, FirmwareDeviceState state, byte[] request, byte expected)
    {
        var (device, _) = DeviceIn(state);

        Assert.True(expected == Send(device, request), name);

        Assert.Equal(state, device.State);
        Assert.Equal(Success, Send(device, Status()));
    }

    [Fact]
    public void A_component_not_passed_in_the_table_cannot_be_updated()
    {
        var (device, _) = DeviceIn(FirmwareDeviceState.ReadyTransfer);
        var response = new byte[64];

        var n = device.HandleRequest(Update(TestDeviceHandler.ComponentB), response, 0);

        Assert.True(UpdateComponentResponse.TryRead(response.AsSpan(PldmHeader.Length, n - PldmHeader.Length), out var body, out _) == WireStatus.Done);
        Assert.Equal(ComponentCompatibilityResponse.CannotBeUpdated, body.CompatibilityResponse);
        Assert.Equal(ComponentResponseCode.ActiveImageNotUpdateableOrInfoNoMatch, body.CompatibilityResponseCode);
        Assert.Equal(FirmwareDeviceState.ReadyTransfer, device.State);
    }

    [Fact]
    public void CancelUpdate_returns_to_idle_from_download_and_forgets_the_component()
    {
        var (device, handler) = DeviceIn(FirmwareDeviceState.Download);
        var request = new byte[64];
        Assert.True(device.PollRequest(request, 0) > 0);

        Assert.Equal(Success, Send(device, Cancel()));

        Assert.Equal(FirmwareDeviceState.Idle, device.State);
        Assert.Equal(GetStatusReasonCode.CancelUpdate, device.ReasonCode);
        Assert.Contains("abandon 1", handler.Log);
        Assert.Equal(0, device.PollRequest(request, TimeUnitsSecond(10)));
        Assert.Equal(Success, Send(device, RequestUpdate()));
    }

    [Fact]
    public void CancelUpdateComponent_returns_to_ready_transfer_and_a_late_response_is_ignored()
    {
        var (device, _) = DeviceIn(FirmwareDeviceState.Download);
        var request = new byte[64];
        var n = device.PollRequest(request, 0);
        PldmHeader.TryRead(request, out var header, out _);

        Assert.Equal(Success, Send(device, CancelComponent()));
        Assert.Equal(FirmwareDeviceState.ReadyTransfer, device.State);

        var late = new byte[64];
        header.ToResponse().TryWrite(late, out _);
        Assert.False(device.HandleResponse(late.AsSpan(0, PldmHeader.Length + 33), 1));
        Assert.Equal(1, device.IgnoredResponses);
        Assert.True(n > 0);
    }

    [Fact]
    public void The_idle_timeout_returns_to_idle_with_the_state_as_reason()
    {
        var (device, _) = DeviceIn(FirmwareDeviceState.ReadyTransfer);
        var options = new FirmwareDeviceOptions();

        Assert.Equal(0, device.PollRequest(new byte[64], options.IdleTimeout - 1));
        Assert.Equal(FirmwareDeviceState.ReadyTransfer, device.State);
        Assert.Equal(0, device.PollRequest(new byte[64], options.IdleTimeout));

        Assert.Equal(FirmwareDeviceState.Idle, device.State);
        Assert.Equal(GetStatusReasonCode.TimeoutReadyTransfer, device.ReasonCode);
        Assert.Equal(FirmwareDeviceFailure.IdleTimeout, device.LastFailure);
    }

    [Fact]
    public void GetStatus_reports_download_progress()
    {
        var (device, _) = DeviceIn(FirmwareDeviceState.Download);
        var response = new byte[64];
        var n = device.HandleRequest(Status(), response, 0);

        Assert.Equal(WireStatus.Done, GetStatusResponse.TryRead(response.AsSpan(PldmHeader.Length, n - PldmHeader.Length), out var status, out _));
        Assert.Equal(FirmwareDeviceState.Download, status.CurrentState);
        Assert.Equal(FirmwareDeviceState.ReadyTransfer, status.PreviousState);
        Assert.Equal(AuxState.OperationInProgress, status.AuxState);
        Assert.Equal(0, status.ProgressPercent);
    }

    public static TheoryData<string, byte[], byte> Malformed => new()
    {
        { "GetStatus with a byte", Pldm.Raw(PldmType.FirmwareUpdate, 0x1B, 0), InvalidLength },
        { "QueryDeviceIdentifiers with a byte", Pldm.Raw(PldmType.FirmwareUpdate, 0x01, 0), InvalidLength },
        { "RequestUpdate truncated", Pldm.Raw(PldmType.FirmwareUpdate, 0x10, 0, 1, 0, 0), InvalidLength },
        { "RequestUpdate transfer size under the baseline", Pldm.Raw(PldmType.FirmwareUpdate, 0x10, 16, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0), InvalidData },
        { "PassComponentTable string longer than the message", Pldm.Raw(PldmType.FirmwareUpdate, 0x13, 5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 9, 0x41), InvalidLength },
        { "ActivateFirmware bool 2", Pldm.Raw(PldmType.FirmwareUpdate, 0x1A, 2), InvalidData },
        { "ActivateFirmware empty", Pldm.Raw(PldmType.FirmwareUpdate, 0x1A), InvalidLength },
        { "unsupported command", Pldm.Raw(PldmType.FirmwareUpdate, 0x15, 0, 0, 0, 0, 32, 0, 0, 0), 0x05 },
        { "wrong PLDM type", Pldm.Raw(PldmType.Smbios, 0x01), 0x20 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_requests_get_an_error_code(string name, byte[] request, byte expected)
    {
        var (device, _) = DeviceIn(FirmwareDeviceState.Idle);
        Assert.True(expected == Send(device, request), name);
        Assert.Equal(FirmwareDeviceState.Idle, device.State);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x81, 0x05 })]
    [InlineData(new byte[] { 0xA1, 0x05, 0x1B })] // reserved header bit
    [InlineData(new byte[] { 0x01, 0x05, 0x1B, 0x00 })] // a response, not a request
    [InlineData(new byte[] { 0xC1, 0x05, 0x1B })] // a datagram: no response owed
    public void Unanswerable_messages_get_no_response(byte[] request)
    {
        var (device, _) = DeviceIn(FirmwareDeviceState.Idle);
        Assert.Equal(0, device.HandleRequest(request, new byte[64], 0));
    }

    [Fact]
    public void Random_requests_and_responses_never_throw_in_any_state()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Byte, Gen.Byte.Array[0, 40]).Sample((state, command, body) =>
        {
            var (device, _) = DeviceIn((FirmwareDeviceState)state);
            var request = Pldm.Raw(PldmType.FirmwareUpdate, command, body);
            var response = new byte[1024];
            var n = device.HandleRequest(request, response, 5);
            Assert.True(n is 0 or >= PldmHeader.Length + 1);
            var reply = (byte[])request.Clone();
            reply[0] &= 0x1F;
            device.HandleResponse(reply, 6);
            device.PollRequest(response, 7);
            Assert.True(FirmwareDeviceStates.IsDefined(device.State));
        }, iter: 2000);
    }

    [Fact]
    public void Truncating_every_valid_request_never_throws()
    {
        foreach (var request in new[] { RequestUpdate(), Pass(TransferFlag.StartAndEnd), Update(), Activate(), Status() })
        {
            for (var cut = 0; cut < request.Length; cut++)
            {
                var (device, _) = DeviceIn(FirmwareDeviceState.ReadyTransfer);
                var response = new byte[256];
                var n = device.HandleRequest(request.AsSpan(0, cut), response, 0);
                Assert.True(n == 0 || response[PldmHeader.Length] is InvalidLength or InvalidData or Success);
            }
        }
    }

    private static long TimeUnitsSecond(int seconds) => seconds * Hal.Time.TimeUnits.Second;
}
