using Rampart.Protocols.Pldm;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Tests.Pldm;

public class UpdateAgentEngineTests
{
    private const int ImageSize = 300;

    private static UpdatePlan OneComponent(byte[] image) => new()
    {
        TargetDescriptors = [],
        Components = [new UpdatePlanComponent { Classification = ComponentClassification.Firmware, Identifier = TestDeviceHandler.ComponentA, Image = image }],
    };

    private static byte[] DataRequest(uint offset, uint length, byte instanceId) =>
        Pldm.Request(new RequestFirmwareDataRequest(offset, length), instanceId);

    private static byte[] AnswerTo(InProcessLink link, byte instanceId, FirmwareUpdateCommand command) =>
        link.SentByAgent.Single(m =>
            PldmHeader.TryRead(m, out var h, out _) == WireStatus.Done && !h.IsRequest && h.InstanceId == instanceId && h.Command == (byte)command);

    [Fact]
    public async Task Out_of_range_RequestFirmwareData_is_refused_and_the_update_still_completes()
    {
        var device = new FirmwareDeviceEngine(new TestDeviceHandler());
        var link = new InProcessLink(device, new FakeClock());
        var image = Pldm.Plan(ImageSize, 9);
        var injected = false;
        var agent = new UpdateAgentEngine(link, link.Clock, new UpdateAgentOptions
        {
            MaxTransferSize = 128,
            Progress = p =>
            {
                if (p.Phase == UpdateAgentPhase.Transfer && !injected)
                {
                    injected = true;
                    link.Injected.Enqueue(DataRequest(ImageSize, 32, 20));
                    link.Injected.Enqueue(DataRequest(0, 16, 21));
                    link.Injected.Enqueue(DataRequest(0, 129, 22));
                    link.Injected.Enqueue(DataRequest(ImageSize - 1, 64, 23));
                    link.Injected.Enqueue(DataRequest(ImageSize - 10, 32, 24));
                }
            },
        });

        // Before any UpdateComponent, the UA expects no firmware data at all.
        link.Injected.Enqueue(DataRequest(0, 32, 19));
        link.Injected.Enqueue(Pldm.Request(new TransferCompleteRequest(TransferResult.Success), 18));

        var result = await agent.RunAsync(OneComponent(image));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(0x88, Pldm.Code(AnswerTo(link, 19, FirmwareUpdateCommand.RequestFirmwareData)));
        Assert.Equal(0x88, Pldm.Code(AnswerTo(link, 18, FirmwareUpdateCommand.TransferComplete)));
        Assert.Equal(0x82, Pldm.Code(AnswerTo(link, 20, FirmwareUpdateCommand.RequestFirmwareData)));
        Assert.Equal(0x83, Pldm.Code(AnswerTo(link, 21, FirmwareUpdateCommand.RequestFirmwareData)));
        Assert.Equal(0x83, Pldm.Code(AnswerTo(link, 22, FirmwareUpdateCommand.RequestFirmwareData)));
        Assert.Equal(0x82, Pldm.Code(AnswerTo(link, 23, FirmwareUpdateCommand.RequestFirmwareData)));
        Assert.Equal(6, agent.RefusedDeviceRequests);

        // A tail read past the end by less than the baseline is served, padded with zeros.
        var tail = AnswerTo(link, 24, FirmwareUpdateCommand.RequestFirmwareData);
        Assert.Equal(0, Pldm.Code(tail));
        Assert.Equal(image.AsSpan(ImageSize - 10).ToArray(), tail.AsSpan(PldmHeader.Length + 1, 10).ToArray());
        Assert.All(tail.AsSpan(PldmHeader.Length + 11).ToArray(), b => Assert.Equal(0, b));
        Assert.True(device.IgnoredResponses >= 6, "the FD ignored the answers to requests it never sent");
    }

    [Theory]
    [InlineData("truncated RequestFirmwareData", new byte[] { 0x95, 0x05, 0x15, 0, 0, 0 }, 0x03)]
    [InlineData("long TransferComplete", new byte[] { 0x95, 0x05, 0x16, 0, 0 }, 0x03)]
    [InlineData("GetPackageData is not served", new byte[] { 0x95, 0x05, 0x11, 0, 0, 0, 0, 1 }, 0x05)]
    [InlineData("another PLDM type", new byte[] { 0x95, 0x02, 0x01 }, 0x20)]
    public void Malformed_device_requests_get_an_error_and_never_throw(string name, byte[] request, byte expected)
    {
        var agent = new UpdateAgentEngine(new InProcessLink(new FirmwareDeviceEngine(new TestDeviceHandler()), new FakeClock()), new FakeClock());
        var reply = new byte[64];
        var n = agent.Serve(request, reply);
        Assert.True(expected == Pldm.Code(reply.AsSpan(0, n)), name);
        Assert.Equal(0x15, reply[0]);
    }

    [Fact]
    public async Task An_invalid_plan_is_refused_without_talking_to_the_device()
    {
        var link = new InProcessLink(new FirmwareDeviceEngine(new TestDeviceHandler()), new FakeClock());
        var agent = new UpdateAgentEngine(link, link.Clock);

        var result = await agent.RunAsync(new UpdatePlan { TargetDescriptors = [], Components = [] });

        Assert.Equal(UpdateAgentStatus.InvalidPlan, result.Status);
        Assert.Empty(link.SentByAgent);
    }

    [Fact]
    public async Task A_component_missing_from_the_device_table_is_reported()
    {
        var link = new InProcessLink(new FirmwareDeviceEngine(new TestDeviceHandler()), new FakeClock());
        var agent = new UpdateAgentEngine(link, link.Clock);
        var plan = new UpdatePlan
        {
            TargetDescriptors = [],
            Components = [new UpdatePlanComponent { Classification = ComponentClassification.Firmware, Identifier = 0x0777, Image = new byte[40] }],
        };

        var result = await agent.RunAsync(plan);

        Assert.Equal(UpdateAgentStatus.ComponentNotOnDevice, result.Status);
        Assert.Equal(0, result.ComponentIndex);
    }
}
