using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Wire.Tests.Pldm;

public sealed class PldmMessageNamesTests
{
    [Theory]
    [InlineData(0x00, 0x01, "SetTID")]
    [InlineData(0x00, 0x02, "GetTID")]
    [InlineData(0x00, 0x03, "GetPLDMVersion")]
    [InlineData(0x00, 0x04, "GetPLDMTypes")]
    [InlineData(0x00, 0x05, "GetPLDMCommands")]
    [InlineData(0x05, 0x01, "QueryDeviceIdentifiers")]
    [InlineData(0x05, 0x02, "GetFirmwareParameters")]
    [InlineData(0x05, 0x03, "QueryDownstreamDevices")]
    [InlineData(0x05, 0x04, "QueryDownstreamIdentifiers")]
    [InlineData(0x05, 0x05, "GetDownstreamFirmwareParameters")]
    [InlineData(0x05, 0x10, "RequestUpdate")]
    [InlineData(0x05, 0x11, "GetPackageData")]
    [InlineData(0x05, 0x12, "GetDeviceMetaData")]
    [InlineData(0x05, 0x13, "PassComponentTable")]
    [InlineData(0x05, 0x14, "UpdateComponent")]
    [InlineData(0x05, 0x15, "RequestFirmwareData")]
    [InlineData(0x05, 0x16, "TransferComplete")]
    [InlineData(0x05, 0x17, "VerifyComplete")]
    [InlineData(0x05, 0x18, "ApplyComplete")]
    [InlineData(0x05, 0x19, "GetMetaData")]
    [InlineData(0x05, 0x1A, "ActivateFirmware")]
    [InlineData(0x05, 0x1B, "GetStatus")]
    [InlineData(0x05, 0x1C, "CancelUpdateComponent")]
    [InlineData(0x05, 0x1D, "CancelUpdate")]
    [InlineData(0x05, 0x22, "UpdateSecurityRevision")]
    public void Names_commands_as_the_specs_do(int type, int command, string name)
    {
        Assert.Equal(name, PldmMessageNames.CommandName((PldmType)type, (byte)command));
        Assert.True(PldmMessageNames.IsKnown((PldmType)type, (byte)command));
    }

    [Theory]
    [InlineData(0x05, 0x06, "Command 0x06")]
    [InlineData(0x02, 0x01, "Command 0x01")]
    [InlineData(0x00, 0xFF, "Command 0xFF")]
    public void Unknown_commands_get_a_placeholder(int type, int command, string name)
    {
        Assert.Equal(name, PldmMessageNames.CommandName((PldmType)type, (byte)command));
        Assert.False(PldmMessageNames.IsKnown((PldmType)type, (byte)command));
    }

    [Fact]
    public void Names_types_and_completion_codes()
    {
        Assert.Equal("Firmware Update", PldmMessageNames.TypeName(PldmType.FirmwareUpdate));
        Assert.Equal("Type 0x2A", PldmMessageNames.TypeName((PldmType)0x2A));
        Assert.Equal("INVALID_STATE_FOR_COMMAND", PldmCompletionCodes.Name(PldmType.FirmwareUpdate, 0x15, (PldmCompletionCode)0x84));
        Assert.Equal("DOWNSTREAM_DEVICE_LIST_CHANGED", FirmwareUpdateCompletionCodes.Name(FirmwareUpdateCompletionCode.DownstreamDeviceListChanged));
        Assert.Equal("COMMAND_SPECIFIC_0x97", FirmwareUpdateCompletionCodes.Name((FirmwareUpdateCompletionCode)0x97));
        Assert.Equal("READY XFER", FirmwareDeviceStates.Name(FirmwareDeviceState.ReadyTransfer));
    }

    [Fact]
    public void Firmware_update_completion_codes_are_contiguous_from_0x80_to_0x96()
    {
        var values = Enum.GetValues<FirmwareUpdateCompletionCode>().Select(v => (int)v).ToArray();
        Assert.Equal(Enumerable.Range(0x80, 0x17), values);
        Assert.All(Enum.GetValues<FirmwareUpdateCompletionCode>(), v => Assert.DoesNotContain("COMMAND_SPECIFIC", FirmwareUpdateCompletionCodes.Name(v), StringComparison.Ordinal));
    }
}
