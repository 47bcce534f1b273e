using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>The UA→FD commands (DSP0267 1.3 §"Firmware device state machine", command tables).</summary>
public sealed partial class FirmwareDeviceEngine
{
    private int QueryDeviceIdentifiers(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = QueryDeviceIdentifiersRequest.TryRead(body, out _, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, QueryDeviceIdentifiersRequest.Length), response);
        }

        // The handler's bytes are ours, but checked like a peer's so a bad table is an ERROR, not a crash.
        if (DescriptorList.TryRead(_handler.Descriptors, _handler.DescriptorCount, out var list, out var used) != WireStatus.Done
            || used != _handler.Descriptors.Length || list.Count is 0 or > byte.MaxValue)
        {
            return PldmReply.Error(header, PldmCompletionCode.Error, response);
        }

        return Answer(header, new QueryDeviceIdentifiersResponse(PldmCompletionCode.Success, list), response);
    }

    private int GetFirmwareParameters(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = GetFirmwareParametersRequest.TryRead(body, out _, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, GetFirmwareParametersRequest.Length), response);
        }

        var tableBytes = _handler.ComponentParameterTable;
        var active = _handler.ActiveImageSetVersion;
        var pending = _handler.PendingImageSetVersion;
        var type = _handler.ImageSetVersionType;
        if (ComponentParameterTable.TryRead(tableBytes, _handler.ComponentCount, out var table, out var used) != WireStatus.Done
            || used != tableBytes.Length || active.IsEmpty || active.Length > VersionStrings.MaxLength || pending.Length > VersionStrings.MaxLength
            || VersionStrings.Validate(type, active) != WireStatus.Done || VersionStrings.Validate(type, pending) != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmCompletionCode.Error, response);
        }

        return Answer(header, new GetFirmwareParametersResponse(PldmCompletionCode.Success, _handler.CapabilitiesDuringUpdate, type, active, type, pending, table), response);
    }

    private int RequestUpdate(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response, long now)
    {
        var status = RequestUpdateRequest.TryRead(body, out var request, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length), response);
        }

        if (State != FirmwareDeviceState.Idle)
        {
            return FuError(header, FirmwareUpdateCompletionCode.AlreadyInUpdateMode, response);
        }

        _uaMaxTransfer = request.MaximumTransferSize;
        _passedCount = 0;
        _tableStarted = false;
        _appliedCount = 0;
        _current = default;
        _offset = 0;
        _lastActivity = now;
        LastFailure = FirmwareDeviceFailure.None;
        LastPeerCompletionCode = PldmCompletionCode.Success;
        ClearOutbound();
        SetState(FirmwareDeviceState.LearnComponents);
        return Answer(header, new RequestUpdateResponse(PldmCompletionCode.Success, 0, GetPackageDataIntent.WillNotSend, 0), response);
    }

    private int PassComponentTable(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = PassComponentTableRequest.TryRead(body, out var entry, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length), response);
        }

        if (State == FirmwareDeviceState.Idle)
        {
            return FuError(header, FirmwareUpdateCompletionCode.NotInUpdateMode, response);
        }

        if (State != FirmwareDeviceState.LearnComponents)
        {
            return FuError(header, FirmwareUpdateCompletionCode.InvalidStateForCommand, response);
        }

        // The table is one Start … End run (or a single StartAndEnd): a flag out of that order is invalid data.
        var starts = entry.TransferFlag is TransferFlag.Start or TransferFlag.StartAndEnd;
        if (starts == _tableStarted)
        {
            return PldmReply.Error(header, PldmCompletionCode.ErrorInvalidData, response);
        }

        _tableStarted = true;
        var component = new FirmwareComponent(entry.Classification, entry.Identifier, entry.ClassificationIndex, entry.ComparisonStamp, 0, UpdateOptionFlags.None);
        var code = _passedCount < _passed.Length
            ? _handler.CheckComponent(component, entry.VersionType, entry.Version)
            : ComponentResponseCode.NotSupported;
        if (code == ComponentResponseCode.CanBeUpdated)
        {
            _passed[_passedCount++] = component;
        }

        if (entry.TransferFlag is TransferFlag.End or TransferFlag.StartAndEnd)
        {
            SetState(FirmwareDeviceState.ReadyTransfer);
        }

        var answer = code == ComponentResponseCode.CanBeUpdated ? ComponentResponse.CanBeUpdated : ComponentResponse.MayBeUpdateable;
        return Answer(header, new PassComponentTableResponse(PldmCompletionCode.Success, answer, code), response);
    }

    private int UpdateComponent(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response, long now)
    {
        var status = UpdateComponentRequest.TryRead(body, out var request, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length), response);
        }

        if (State == FirmwareDeviceState.Idle)
        {
            return FuError(header, FirmwareUpdateCompletionCode.NotInUpdateMode, response);
        }

        if (State != FirmwareDeviceState.ReadyTransfer)
        {
            return FuError(header, FirmwareUpdateCompletionCode.InvalidStateForCommand, response);
        }

        var component = new FirmwareComponent(
            request.Classification, request.Identifier, request.ClassificationIndex, request.ComparisonStamp, request.ImageSize, request.UpdateOptionFlags);
        var code = WasPassed(component) ? _handler.CheckComponent(component, request.VersionType, request.Version) : ComponentResponseCode.ActiveImageNotUpdateableOrInfoNoMatch;
        var force = (request.UpdateOptionFlags & UpdateOptionFlags.ForceUpdate) != 0;
        if (force && code is ComponentResponseCode.ComparisonStampIdentical or ComponentResponseCode.ComparisonStampLower
            or ComponentResponseCode.VersionStringIdentical or ComponentResponseCode.VersionStringLower)
        {
            // DSP0267 UpdateOptionFlags bit 0: a forced update ignores the version and stamp comparison.
            code = ComponentResponseCode.CanBeUpdated;
        }

        if (code != ComponentResponseCode.CanBeUpdated)
        {
            return Answer(header, new UpdateComponentResponse(PldmCompletionCode.Success, ComponentCompatibilityResponse.CannotBeUpdated, code, UpdateOptionFlags.None, 0), response);
        }

        var enabled = request.UpdateOptionFlags & UpdateOptionFlags.ForceUpdate;
        _current = component with { Options = enabled };
        _offset = 0;
        ClearOutbound();
        _notBefore = now;
        SetState(FirmwareDeviceState.Download);
        return Answer(header, new UpdateComponentResponse(PldmCompletionCode.Success, ComponentCompatibilityResponse.CanBeUpdated, ComponentResponseCode.CanBeUpdated, enabled, 0), response);
    }

    private int ActivateFirmware(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = ActivateFirmwareRequest.TryRead(body, out var request, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, ActivateFirmwareRequest.Length), response);
        }

        if (State == FirmwareDeviceState.Idle)
        {
            return FuError(header, FirmwareUpdateCompletionCode.NotInUpdateMode, response);
        }

        if (State != FirmwareDeviceState.ReadyTransfer)
        {
            return FuError(header, FirmwareUpdateCompletionCode.InvalidStateForCommand, response);
        }

        if (_appliedCount == 0)
        {
            // Nothing was applied: activating would leave the image set incomplete.
            return FuError(header, FirmwareUpdateCompletionCode.IncompleteUpdate, response);
        }

        var code = _handler.Activate(request.SelfContainedActivationRequest, out var estimated);
        if (code != PldmCompletionCode.Success)
        {
            return PldmReply.Error(header, code, response);
        }

        SetState(FirmwareDeviceState.Activate);
        return Answer(header, new ActivateFirmwareResponse(PldmCompletionCode.Success, estimated), response);
    }

    private int GetStatus(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = GetStatusRequest.TryRead(body, out _, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, GetStatusRequest.Length), response);
        }

        var busy = State is FirmwareDeviceState.Download or FirmwareDeviceState.Verify or FirmwareDeviceState.Apply or FirmwareDeviceState.Activate;
        var aux = busy ? AuxState.OperationInProgress : AuxState.IdleLearnComponentsReadyTransfer;
        var progress = GetStatusResponse.ProgressNotSupported;
        if (State == FirmwareDeviceState.Download)
        {
            progress = _current.ImageSize == 0 ? (byte)100 : (byte)Math.Min(100, (ulong)_offset * 100 / _current.ImageSize);
        }

        var flags = busy ? _current.Options : UpdateOptionFlags.None;
        return Answer(header, new GetStatusResponse(PldmCompletionCode.Success, State, PreviousState, aux, AuxStateStatus.InProgressOrSuccess, progress, ReasonCode, flags), response);
    }

    private int CancelUpdateComponent(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = CancelUpdateComponentRequest.TryRead(body, out _, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, CancelUpdateComponentRequest.Length), response);
        }

        if (State == FirmwareDeviceState.Idle)
        {
            return FuError(header, FirmwareUpdateCompletionCode.NotInUpdateMode, response);
        }

        if (State is not (FirmwareDeviceState.Download or FirmwareDeviceState.Verify or FirmwareDeviceState.Apply))
        {
            return FuError(header, FirmwareUpdateCompletionCode.InvalidStateForCommand, response);
        }

        AbandonComponent(FirmwareDeviceFailure.Cancelled);
        return Answer(header, new CancelUpdateComponentResponse(PldmCompletionCode.Success), response);
    }

    private int CancelUpdate(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> response)
    {
        var status = CancelUpdateRequest.TryRead(body, out _, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, CancelUpdateRequest.Length), response);
        }

        if (State == FirmwareDeviceState.Idle)
        {
            return FuError(header, FirmwareUpdateCompletionCode.NotInUpdateMode, response);
        }

        if (State == FirmwareDeviceState.Activate)
        {
            return FuError(header, FirmwareUpdateCompletionCode.InvalidStateForCommand, response);
        }

        if (State is FirmwareDeviceState.Download or FirmwareDeviceState.Verify or FirmwareDeviceState.Apply)
        {
            _handler.Abandon(_current);
        }

        LastFailure = FirmwareDeviceFailure.Cancelled;
        GoIdle(GetStatusReasonCode.CancelUpdate);

        // Images go to RAM load addresses and are only released after authorization, so nothing is left half-working.
        return Answer(header, new CancelUpdateResponse(PldmCompletionCode.Success, false, 0), response);
    }

    private bool WasPassed(in FirmwareComponent component)
    {
        for (var i = 0; i < _passedCount; i++)
        {
            var entry = _passed[i];
            if (entry.Classification == component.Classification && entry.Identifier == component.Identifier
                && entry.ClassificationIndex == component.ClassificationIndex)
            {
                return true;
            }
        }

        return false;
    }

    private static int FuError(PldmHeader header, FirmwareUpdateCompletionCode code, Span<byte> response) =>
        PldmReply.Error(header, (byte)code, response);

    private static int Answer<T>(PldmHeader header, in T body, Span<byte> response)
        where T : IPldmMessage<T>, allows ref struct => PldmReply.Write(header, body, response);
}
