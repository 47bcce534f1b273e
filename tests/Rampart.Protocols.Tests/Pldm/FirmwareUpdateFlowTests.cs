using Rampart.Protocols.Pldm;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Tests.Pldm;

public class FirmwareUpdateFlowTests
{
    private static UpdatePlan TwoComponents(byte[] a, byte[] b) => new()
    {
        TargetDescriptors = [new UpdatePlanDescriptor(DescriptorType.Uuid, TestDeviceHandler.Uuid)],
        ImageSetVersion = "set-2"u8.ToArray(),
        Components =
        [
            new UpdatePlanComponent { Classification = ComponentClassification.Firmware, Identifier = TestDeviceHandler.ComponentA, Image = a, Version = "2.0"u8.ToArray(), ComparisonStamp = 2 },
            new UpdatePlanComponent { Classification = ComponentClassification.Firmware, Identifier = TestDeviceHandler.ComponentB, Image = b, Version = "2.0"u8.ToArray(), ComparisonStamp = 2 },
        ],
    };

    private static (FirmwareDeviceEngine Device, TestDeviceHandler Handler, InProcessLink Link, List<FirmwareDeviceState> States) Setup(FirmwareDeviceOptions? options = null)
    {
        var handler = new TestDeviceHandler();
        var states = new List<FirmwareDeviceState>();
        var device = new FirmwareDeviceEngine(handler, options ?? new FirmwareDeviceOptions { MaxTransferSize = 512 })
        {
            StateChanged = (_, now) => states.Add(now),
        };
        return (device, handler, new InProcessLink(device, new FakeClock()), states);
    }

    [Fact]
    public async Task Two_components_land_at_the_right_offsets_and_every_state_is_visited()
    {
        var (device, handler, link, states) = Setup();
        var a = Pldm.Plan((512 * 4) + 10, 1);
        var b = Pldm.Plan(700, 2);
        var progress = new List<UpdateProgress>();
        var agent = new UpdateAgentEngine(link, link.Clock, new UpdateAgentOptions { MaxTransferSize = 1024, Progress = progress.Add });

        var result = await agent.RunAsync(TwoComponents(a, b));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(a, handler.Images[TestDeviceHandler.ComponentA]);
        Assert.Equal(b, handler.Images[TestDeviceHandler.ComponentB]);
        Assert.Equal(["verify 1", "apply 1", "verify 2", "apply 2", "activate"], handler.Log);
        Assert.Equal(FirmwareDeviceState.Activate, device.State);
        device.PollRequest(new byte[64], link.Clock.Now);
        Assert.Equal(FirmwareDeviceState.Idle, device.State);
        Assert.Equal(GetStatusReasonCode.ActivateFirmware, device.ReasonCode);
        foreach (var state in Enum.GetValues<FirmwareDeviceState>())
        {
            Assert.Contains(state, states);
        }

        Assert.Contains(progress, p => p.ComponentIndex == 0 && p.Phase == UpdateAgentPhase.Transfer && p.BytesServed == a.Length && p.TotalBytes == a.Length);
        Assert.Contains(progress, p => p.ComponentIndex == 1 && p.Phase == UpdateAgentPhase.Apply);
        Assert.Equal(UpdateAgentPhase.Activate, progress[^1].Phase);

        // Chunks follow the smaller maximum (the FD's 512); the 10-byte tail is asked for as the 32-byte baseline.
        var dataRequests = link.SentByAgent.Where(m => Pldm.IsCommand(m, FirmwareUpdateCommand.RequestFirmwareData, request: false)).ToList();
        Assert.Equal(5 + 2, dataRequests.Count);
        Assert.Equal(3 + 1 + 512, dataRequests[0].Length);
        Assert.Equal(3 + 1 + 32, dataRequests[4].Length);
        Assert.Equal(0, agent.RefusedDeviceRequests);
    }

    [Fact]
    public async Task A_dropped_RequestFirmwareData_response_is_retried()
    {
        var (device, handler, link, _) = Setup();
        var dropped = 0;
        link.DropToDevice = m => Pldm.IsCommand(m, FirmwareUpdateCommand.RequestFirmwareData, request: false) && dropped++ == 1;
        var a = Pldm.Plan(2000, 3);
        var b = Pldm.Plan(100, 4);
        var agent = new UpdateAgentEngine(link, link.Clock);

        var result = await agent.RunAsync(TwoComponents(a, b));

        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(a, handler.Images[TestDeviceHandler.ComponentA]);
        Assert.Equal(b, handler.Images[TestDeviceHandler.ComponentB]);
        Assert.True(link.Clock.Now >= new FirmwareDeviceOptions().ResponseTimeout, "the retry waited for the response timeout");
        Assert.Equal(FirmwareDeviceFailure.None, device.LastFailure);
    }

    [Fact]
    public async Task Exhausted_retries_end_the_update_with_a_clear_error_on_both_sides()
    {
        var (device, handler, link, _) = Setup();
        link.DropToDevice = m => Pldm.IsCommand(m, FirmwareUpdateCommand.RequestFirmwareData, request: false);
        var agent = new UpdateAgentEngine(link, link.Clock);

        var result = await agent.RunAsync(TwoComponents(Pldm.Plan(600, 5), Pldm.Plan(60, 6)));

        Assert.Equal(UpdateAgentStatus.DeviceTimeout, result.Status);
        Assert.Equal(0, result.ComponentIndex);
        Assert.Equal(FirmwareDeviceState.Idle, device.State);
        Assert.Equal(FirmwareDeviceFailure.RetriesExhausted, device.LastFailure);
        Assert.Equal(GetStatusReasonCode.TimeoutDownload, device.ReasonCode);
        Assert.Contains("abandon 1", handler.Log);
        var attempts = link.SentByAgent.Count(m => Pldm.IsCommand(m, FirmwareUpdateCommand.RequestFirmwareData, request: false));
        Assert.Equal(1 + new FirmwareDeviceOptions().MaxRetries, attempts);
    }

    [Fact]
    public async Task A_silent_device_gives_NoResponse_after_the_agents_retries()
    {
        var (_, _, link, _) = Setup();
        link.DropToAgent = _ => true;
        var agent = new UpdateAgentEngine(link, link.Clock, new UpdateAgentOptions { MaxRetries = 2 });

        var result = await agent.RunAsync(TwoComponents(Pldm.Plan(64, 1), Pldm.Plan(64, 2)));

        Assert.Equal(UpdateAgentStatus.NoResponse, result.Status);
        Assert.Contains("QueryDeviceIdentifiers", result.Detail, StringComparison.Ordinal);
        Assert.Equal(3, link.SentByAgent.Count);
    }

    [Fact]
    public async Task A_failed_verification_ends_the_run_and_cancels_the_update()
    {
        var (device, handler, link, _) = Setup();
        handler.VerifyResultToReport = (byte)VerifyResult.FailedSecurityChecks;
        var agent = new UpdateAgentEngine(link, link.Clock);

        var result = await agent.RunAsync(TwoComponents(Pldm.Plan(300, 1), Pldm.Plan(64, 2)));

        Assert.Equal(UpdateAgentStatus.VerifyFailed, result.Status);
        Assert.Equal((PldmCompletionCode)VerifyResult.FailedSecurityChecks, result.CompletionCode);
        Assert.Equal(FirmwareDeviceState.Idle, device.State);
        Assert.Equal(GetStatusReasonCode.CancelUpdate, device.ReasonCode);
        Assert.DoesNotContain("activate", handler.Log);
    }

    [Fact]
    public async Task A_storage_failure_is_reported_as_a_failed_transfer()
    {
        var (device, handler, link, _) = Setup();
        handler.FailStorage = true;
        var agent = new UpdateAgentEngine(link, link.Clock);

        var result = await agent.RunAsync(TwoComponents(Pldm.Plan(300, 1), Pldm.Plan(64, 2)));

        Assert.Equal(UpdateAgentStatus.TransferFailed, result.Status);
        Assert.Equal((PldmCompletionCode)TransferResult.FdAbortedStorageIssue, result.CompletionCode);
        Assert.Equal(FirmwareDeviceState.Idle, device.State);
    }

    [Fact]
    public async Task A_device_without_the_target_descriptor_is_refused_before_update_mode()
    {
        var (device, _, link, _) = Setup();
        var agent = new UpdateAgentEngine(link, link.Clock);
        var plan = TwoComponents(Pldm.Plan(64, 1), Pldm.Plan(64, 2));
        var wrong = new UpdatePlan { TargetDescriptors = [new UpdatePlanDescriptor(DescriptorType.IanaEnterpriseId, new byte[] { 1, 2, 3, 4 })], Components = plan.Components };

        var result = await agent.RunAsync(wrong);

        Assert.Equal(UpdateAgentStatus.DeviceMismatch, result.Status);
        Assert.Equal(FirmwareDeviceState.Idle, device.State);
        Assert.DoesNotContain(link.SentByAgent, m => Pldm.IsCommand(m, FirmwareUpdateCommand.RequestUpdate, request: true));
    }

    [Fact]
    public async Task Cancelling_the_agent_sends_CancelUpdate_and_the_device_returns_to_idle()
    {
        var (device, _, link, _) = Setup();
        using var cts = new CancellationTokenSource();
        var agent = new UpdateAgentEngine(link, link.Clock, new UpdateAgentOptions
        {
            Progress = p =>
            {
                if (p.Phase == UpdateAgentPhase.Transfer && p.BytesServed > 0)
                {
                    cts.Cancel();
                }
            },
        });

        var result = await agent.RunAsync(TwoComponents(Pldm.Plan(3000, 1), Pldm.Plan(64, 2)), cts.Token);

        Assert.Equal(UpdateAgentStatus.Cancelled, result.Status);
        Assert.Equal(FirmwareDeviceState.Idle, device.State);
        Assert.Equal(GetStatusReasonCode.CancelUpdate, device.ReasonCode);
    }
}
