using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>The UA's own requests, in DSP0267 1.3 order (§"Firmware update flow").</summary>
public sealed partial class UpdateAgentEngine
{
    private UpdatePlan? _plan;
    private byte[] _indices = [];
    private bool[] _updateable = [];
    private bool _enteredUpdateMode;

    private async ValueTask<UpdateAgentResult> PrepareAsync(UpdatePlan plan, CancellationToken cancellationToken)
    {
        Report(-1, UpdateAgentPhase.Preparing, 0, 0);
        _requestLength = WriteRequest(new QueryDeviceIdentifiersRequest());
        if (!await ExchangeAsync(FirmwareUpdateCommand.QueryDeviceIdentifiers, cancellationToken))
        {
            return NoResponse("QueryDeviceIdentifiers");
        }

        if (CheckIdentifiers(plan) is { } identifiers)
        {
            return identifiers;
        }

        _requestLength = WriteRequest(new GetFirmwareParametersRequest());
        if (!await ExchangeAsync(FirmwareUpdateCommand.GetFirmwareParameters, cancellationToken))
        {
            return NoResponse("GetFirmwareParameters");
        }

        if (MapComponents(plan) is { } parameters)
        {
            return parameters;
        }

        _requestLength = WriteRequest(new RequestUpdateRequest(
            _options.MaxTransferSize, (ushort)plan.Components.Count, 1, 0, plan.ImageSetVersionType, plan.ImageSetVersion.Span));
        if (!await ExchangeAsync(FirmwareUpdateCommand.RequestUpdate, cancellationToken))
        {
            return NoResponse("RequestUpdate");
        }

        if (RequestUpdateResponse.TryRead(ResponseBody, out var update, out _) != WireStatus.Done)
        {
            return Malformed("RequestUpdate");
        }

        if (update.CompletionCode != PldmCompletionCode.Success)
        {
            return Refused("RequestUpdate", update.CompletionCode);
        }

        _enteredUpdateMode = true;
        var count = plan.Components.Count;
        var any = false;
        for (var i = 0; i < count; i++)
        {
            var component = plan.Components[i];
            var flag = count == 1 ? TransferFlag.StartAndEnd : i == 0 ? TransferFlag.Start : i == count - 1 ? TransferFlag.End : TransferFlag.Middle;
            _requestLength = WriteRequest(new PassComponentTableRequest(
                flag, component.Classification, component.Identifier, _indices[i], component.ComparisonStamp, component.VersionType, component.Version.Span));
            if (!await ExchangeAsync(FirmwareUpdateCommand.PassComponentTable, cancellationToken))
            {
                return NoResponse("PassComponentTable");
            }

            if (PassComponentTableResponse.TryRead(ResponseBody, out var pass, out _) != WireStatus.Done)
            {
                return Malformed("PassComponentTable");
            }

            if (pass.CompletionCode != PldmCompletionCode.Success)
            {
                return Refused("PassComponentTable", pass.CompletionCode) with { ComponentIndex = i };
            }

            _updateable[i] = pass.ComponentResponse == ComponentResponse.CanBeUpdated;
            any |= _updateable[i];
        }

        return any
            ? new UpdateAgentResult(UpdateAgentStatus.Success, "prepared")
            : new UpdateAgentResult(UpdateAgentStatus.NothingToUpdate, "the device will update no component of the plan");
    }

    private UpdateAgentResult? CheckIdentifiers(UpdatePlan plan)
    {
        if (QueryDeviceIdentifiersResponse.TryRead(ResponseBody, out var response, out _) != WireStatus.Done)
        {
            return Malformed("QueryDeviceIdentifiers");
        }

        if (response.CompletionCode != PldmCompletionCode.Success)
        {
            return Refused("QueryDeviceIdentifiers", response.CompletionCode);
        }

        foreach (var target in plan.TargetDescriptors)
        {
            var found = false;
            foreach (var descriptor in response.Descriptors)
            {
                found |= descriptor.Type == target.Type && descriptor.Data.SequenceEqual(target.Data.Span);
            }

            if (!found)
            {
                return new UpdateAgentResult(UpdateAgentStatus.DeviceMismatch, $"the device does not report descriptor 0x{(ushort)target.Type:X4}");
            }
        }

        return null;
    }

    private UpdateAgentResult? MapComponents(UpdatePlan plan)
    {
        if (GetFirmwareParametersResponse.TryRead(ResponseBody, out var response, out _) != WireStatus.Done)
        {
            return Malformed("GetFirmwareParameters");
        }

        if (response.CompletionCode != PldmCompletionCode.Success)
        {
            return Refused("GetFirmwareParameters", response.CompletionCode);
        }

        for (var i = 0; i < plan.Components.Count; i++)
        {
            var component = plan.Components[i];
            var found = false;
            foreach (var entry in response.Components)
            {
                if (entry.Classification == component.Classification && entry.Identifier == component.Identifier)
                {
                    _indices[i] = entry.ClassificationIndex;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return new UpdateAgentResult(
                    UpdateAgentStatus.ComponentNotOnDevice,
                    $"component 0x{(ushort)component.Classification:X4}/0x{component.Identifier:X4} is not in the device's parameter table",
                    ComponentIndex: i);
            }
        }

        return null;
    }

    private async ValueTask<UpdateAgentResult> UpdateComponentAsync(int index, CancellationToken cancellationToken)
    {
        var component = _plan!.Components[index];
        var size = component.Image.Length;

        // Serving starts before the response arrives: over a real link the FD's first
        // RequestFirmwareData may overtake the UpdateComponent response.
        BeginServing(index);
        _requestLength = WriteRequest(new UpdateComponentRequest(
            component.Classification, component.Identifier, _indices[index], component.ComparisonStamp, (uint)size,
            component.Options, component.VersionType, component.Version.Span));
        if (!await ExchangeAsync(FirmwareUpdateCommand.UpdateComponent, cancellationToken))
        {
            return NoResponse("UpdateComponent") with { ComponentIndex = index };
        }

        if (UpdateComponentResponse.TryRead(ResponseBody, out var response, out _) != WireStatus.Done)
        {
            return Malformed("UpdateComponent") with { ComponentIndex = index };
        }

        if (response.CompletionCode != PldmCompletionCode.Success)
        {
            return Refused("UpdateComponent", response.CompletionCode) with { ComponentIndex = index };
        }

        if (response.CompatibilityResponse != ComponentCompatibilityResponse.CanBeUpdated)
        {
            _phase = ServePhase.None;
            return new UpdateAgentResult(UpdateAgentStatus.NothingToUpdate, "the device declined the component", (PldmCompletionCode)response.CompatibilityResponseCode, index);
        }

        Report(index, UpdateAgentPhase.Transfer, _served, size);
        return await ServeComponentAsync(cancellationToken);
    }

    private async ValueTask<UpdateAgentResult> ActivateAsync(CancellationToken cancellationToken)
    {
        _requestLength = WriteRequest(new ActivateFirmwareRequest(true));
        if (!await ExchangeAsync(FirmwareUpdateCommand.ActivateFirmware, cancellationToken))
        {
            return NoResponse("ActivateFirmware");
        }

        if (ActivateFirmwareResponse.TryRead(ResponseBody, out var response, out _) != WireStatus.Done)
        {
            return Malformed("ActivateFirmware");
        }

        if (response.CompletionCode != PldmCompletionCode.Success
            && response.CompletionCode != (PldmCompletionCode)FirmwareUpdateCompletionCode.ActivationNotRequired)
        {
            return Refused("ActivateFirmware", response.CompletionCode);
        }

        _enteredUpdateMode = false;
        return new UpdateAgentResult(UpdateAgentStatus.Success, "all components applied and activated");
    }
}
