using CsCheck;
using Rampart.Protocols.Pldm;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Tests.Pldm;

public class PldmBaseResponderTests
{
    private static byte[] Respond(PldmBaseResponder responder, byte[] request)
    {
        var response = new byte[PldmBaseResponder.MaxResponseLength];
        var n = responder.Respond(request, response);
        return response[..n];
    }

    private static ReadOnlySpan<byte> Body(byte[] response) => response.AsSpan(PldmHeader.Length);

    [Fact]
    public void SetTid_then_GetTid_reads_it_back_and_echoes_the_instance_id()
    {
        var responder = new PldmBaseResponder();
        var before = Respond(responder, Pldm.Request(new GetTidRequest(), 7));
        Assert.Equal(WireStatus.Done, GetTidResponse.TryRead(Body(before), out var tid, out _));
        Assert.Equal(0, tid.Tid);
        Assert.Equal(0x07, before[0]);

        Assert.Equal(0, Pldm.Code(Respond(responder, Pldm.Request(new SetTidRequest(0x42)))));
        GetTidResponse.TryRead(Body(Respond(responder, Pldm.Request(new GetTidRequest()))), out tid, out _);
        Assert.Equal(0x42, tid.Tid);
    }

    [Theory]
    [InlineData("unassignable TID 0", new byte[] { 0x00 }, 0x02)]
    [InlineData("reserved TID 0xFF", new byte[] { 0xFF }, 0x02)]
    [InlineData("no TID", new byte[0], 0x03)]
    [InlineData("two bytes", new byte[] { 1, 2 }, 0x03)]
    public void SetTid_refuses_bad_requests(string name, byte[] body, byte expected)
    {
        var responder = new PldmBaseResponder();
        Assert.True(expected == Pldm.Code(Respond(responder, Pldm.Raw(PldmType.Base, 0x01, body))), name);
        Assert.Equal(0, responder.Tid);
    }

    [Fact]
    public void GetPldmTypes_reports_base_and_firmware_update()
    {
        var response = Respond(new PldmBaseResponder(), Pldm.Request(new GetPldmTypesRequest()));
        Assert.Equal(WireStatus.Done, GetPldmTypesResponse.TryRead(Body(response), out var types, out _));
        Assert.Equal(GetPldmTypesResponse.Of(PldmType.Base, PldmType.FirmwareUpdate), types.Types);
    }

    [Theory]
    [InlineData(PldmType.Base, "1.1.0")]
    [InlineData(PldmType.FirmwareUpdate, "1.3.0")]
    public void GetPldmVersion_returns_one_version_with_its_crc(PldmType type, string version)
    {
        var response = Respond(new PldmBaseResponder(), Pldm.Request(new GetPldmVersionRequest(0, TransferOperationFlag.GetFirstPart, type)));
        Assert.Equal(WireStatus.Done, GetPldmVersionResponse.TryRead(Body(response), out var body, out _));
        Assert.Equal(WireStatus.Done, body.TryGetVersionData(out var data));
        Assert.Equal(1, data.Count);
        Assert.Equal(version, data[0].ToString());
    }

    [Theory]
    [InlineData("GetNextPart", 0u, TransferOperationFlag.GetNextPart, PldmType.Base, 0x81)]
    [InlineData("non-zero handle", 5u, TransferOperationFlag.GetFirstPart, PldmType.Base, 0x80)]
    [InlineData("unsupported type", 0u, TransferOperationFlag.GetFirstPart, PldmType.PlatformMonitoringAndControl, 0x83)]
    public void GetPldmVersion_refuses_what_it_cannot_answer(string name, uint handle, TransferOperationFlag flag, PldmType type, byte expected)
    {
        var response = Respond(new PldmBaseResponder(), Pldm.Request(new GetPldmVersionRequest(handle, flag, type)));
        Assert.True(expected == Pldm.Code(response), name);
    }

    [Fact]
    public void GetPldmCommands_lists_what_the_device_answers()
    {
        var responder = new PldmBaseResponder();
        var response = Respond(responder, Pldm.Request(new GetPldmCommandsRequest(PldmType.FirmwareUpdate, PldmBaseResponder.FirmwareUpdateVersion)));
        Assert.Equal(WireStatus.Done, GetPldmCommandsResponse.TryRead(Body(response), out var commands, out _));
        foreach (var command in FirmwareDeviceEngine.SupportedCommands)
        {
            Assert.True(commands.Supports(command));
        }

        Assert.False(commands.Supports((byte)FirmwareUpdateCommand.RequestFirmwareData));

        response = Respond(responder, Pldm.Request(new GetPldmCommandsRequest(PldmType.Base, PldmBaseResponder.BaseVersion)));
        GetPldmCommandsResponse.TryRead(Body(response), out commands, out _);
        Assert.True(commands.Supports((byte)BaseCommand.GetPldmCommands));
        Assert.False(commands.Supports((byte)BaseCommand.MultipartSend));
    }

    [Theory]
    [InlineData("unsupported type", PldmType.Smbios, 0xF1F1F000u, 0x83)]
    [InlineData("wrong version", PldmType.FirmwareUpdate, 0xF1F2F000u, 0x84)]
    public void GetPldmCommands_refuses_unknown_types_and_versions(string name, PldmType type, uint version, byte expected)
    {
        var response = Respond(new PldmBaseResponder(), Pldm.Request(new GetPldmCommandsRequest(type, PldmVersion.FromValue(version))));
        Assert.True(expected == Pldm.Code(response), name);
    }

    [Theory]
    [InlineData("unknown base command", PldmType.Base, 0x3F, 0x05)]
    [InlineData("type 5 is for the FD engine", PldmType.FirmwareUpdate, 0x01, 0x05)]
    [InlineData("unsupported type", PldmType.Oem, 0x01, 0x20)]
    [InlineData("GetTID with a body", PldmType.Base, 0x02, 0x03)]
    [InlineData("GetPLDMTypes with a body", PldmType.Base, 0x04, 0x03)]
    public void Unsupported_and_malformed_requests_get_an_error(string name, PldmType type, byte command, byte expected)
    {
        var request = Pldm.Raw(type, command, command == 0x01 ? [] : [0x00]);
        if (command == 0x3F)
        {
            request = Pldm.Raw(type, command);
        }

        Assert.True(expected == Pldm.Code(Respond(new PldmBaseResponder(), request)), name);
    }

    [Fact]
    public void Random_input_never_throws()
    {
        var responder = new PldmBaseResponder();
        Gen.Byte.Array[0, 48].Sample(bytes =>
        {
            var response = new byte[PldmBaseResponder.MaxResponseLength];
            var n = responder.Respond(bytes, response);
            Assert.True(n is 0 or > PldmHeader.Length);
        }, iter: 5000);
    }

    [Fact]
    public void A_response_buffer_too_small_gives_no_response()
    {
        var n = new PldmBaseResponder().Respond(Pldm.Request(new GetPldmCommandsRequest(PldmType.Base, PldmBaseResponder.BaseVersion)), new byte[10]);
        Assert.Equal(0, n);
    }
}
