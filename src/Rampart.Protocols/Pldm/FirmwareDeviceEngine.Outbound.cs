using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// The FD→UA requests (DSP0267 1.3 §"RequestFirmwareData", "TransferComplete", "VerifyComplete",
/// "ApplyComplete"): one outstanding at a time, retried with the same instance ID (DSP0240 §8.1)
/// after <see cref="FirmwareDeviceOptions.ResponseTimeout"/>.
/// </summary>
public sealed partial class FirmwareDeviceEngine
{
    private FirmwareUpdateCommand _outCommand;
    private bool _awaiting;
    private long _sentAt;
    private int _attempts;
    private byte _instanceId;
    private long _notBefore;
    private uint _requestOffset;
    private uint _requestLength;
    private TransferResult? _transferResult;
    private FirmwareStepResult? _stepResult;

    /// <summary>
    /// The time by which <see cref="PollRequest"/> should be called next: a retry, the FD_T1
    /// timeout, or a request that can go now (a value at or before the current time).
    /// <see cref="long.MaxValue"/> in IDLE.
    /// </summary>
    public long NextPollAt
    {
        get
        {
            if (State == FirmwareDeviceState.Idle)
            {
                return long.MaxValue;
            }

            var idle = _lastActivity + _options.IdleTimeout;
            return State switch
            {
                FirmwareDeviceState.Activate => long.MinValue,
                _ when _awaiting => Math.Min(idle, _sentAt + _options.ResponseTimeout),
                FirmwareDeviceState.Download => Math.Min(idle, _notBefore),
                FirmwareDeviceState.Verify or FirmwareDeviceState.Apply => long.MinValue,
                _ => idle,
            };
        }
    }

    /// <summary>True while an FD→UA request waits for its response.</summary>
    public bool IsAwaitingResponse => _awaiting;

    /// <summary>
    /// Runs timers and the handler's pending steps, then writes the next FD→UA request (a fresh
    /// one or a retry) into <paramref name="destination"/>. Returns its length, 0 when nothing is
    /// to be sent now.
    /// </summary>
    public int PollRequest(Span<byte> destination, long now)
    {
        if (State == FirmwareDeviceState.Idle)
        {
            return 0;
        }

        if (State == FirmwareDeviceState.Activate)
        {
            // Activation is self-contained and done by the handler when it answered: the FD is back in IDLE.
            GoIdle(GetStatusReasonCode.ActivateFirmware);
            return 0;
        }

        if (now - _lastActivity >= _options.IdleTimeout)
        {
            GiveUp(FirmwareDeviceFailure.IdleTimeout);
            return 0;
        }

        if (_awaiting)
        {
            if (now - _sentAt < _options.ResponseTimeout)
            {
                return 0;
            }

            if (_attempts > _options.MaxRetries)
            {
                GiveUp(FirmwareDeviceFailure.RetriesExhausted);
                return 0;
            }

            return Emit(destination, now);
        }

        if (now < _notBefore)
        {
            return 0;
        }

        switch (State)
        {
            case FirmwareDeviceState.Download:
                return _transferResult is { } ? Start(FirmwareUpdateCommand.TransferComplete, destination, now) : StartDataRequest(destination, now);
            case FirmwareDeviceState.Verify:
                _stepResult ??= Settled(_handler.Verify(_current));
                return _stepResult is null ? 0 : Start(FirmwareUpdateCommand.VerifyComplete, destination, now);
            case FirmwareDeviceState.Apply:
                _stepResult ??= Settled(_handler.Apply(_current));
                return _stepResult is null ? 0 : Start(FirmwareUpdateCommand.ApplyComplete, destination, now);
            default:
                return 0;
        }
    }

    /// <summary>
    /// Takes the UA's response to the outstanding FD request. Returns false (and counts it in
    /// <see cref="IgnoredResponses"/>) when it matches nothing outstanding or is malformed; a
    /// malformed answer is then retried like a lost one.
    /// </summary>
    public bool HandleResponse(ReadOnlySpan<byte> response, long now)
    {
        if (PldmHeader.TryRead(response, out var header, out _) != WireStatus.Done || header.IsRequest
            || header.Type != PldmType.FirmwareUpdate || !_awaiting || header.InstanceId != _instanceId || header.Command != (byte)_outCommand)
        {
            IgnoredResponses++;
            return false;
        }

        var body = response[PldmHeader.Length..];
        var accepted = _outCommand switch
        {
            FirmwareUpdateCommand.RequestFirmwareData => OnFirmwareData(body, now),
            FirmwareUpdateCommand.TransferComplete => OnCompletion<TransferCompleteResponse>(body, now),
            FirmwareUpdateCommand.VerifyComplete => OnCompletion<VerifyCompleteResponse>(body, now),
            _ => OnCompletion<ApplyCompleteResponse>(body, now),
        };
        if (!accepted)
        {
            IgnoredResponses++;
        }

        return accepted;
    }

    private bool OnFirmwareData(ReadOnlySpan<byte> body, long now)
    {
        if (RequestFirmwareDataResponse.TryRead(body, out var data, out _) != WireStatus.Done)
        {
            return false;
        }

        var code = data.CompletionCode;
        if (code == (PldmCompletionCode)FirmwareUpdateCompletionCode.RetryRequestFirmwareData)
        {
            // FD_T2: the UA is busy; ask again later. Not UA activity, so FD_T1 bounds an endless "retry".
            _awaiting = false;
            _notBefore = now + _options.RetryRequestDelay;
            return true;
        }

        if (code == PldmCompletionCode.Success && data.ComponentImagePortion.Length != _requestLength)
        {
            // Not the bytes asked for: treat as lost and let the timeout retry it.
            return false;
        }

        _lastActivity = now;
        _awaiting = false;
        if (code != PldmCompletionCode.Success)
        {
            LastPeerCompletionCode = code;
            LastFailure = FirmwareDeviceFailure.TransferRefused;
            _transferResult = TransferResult.FdAbortedTransfer;
            return true;
        }

        // The last portion may run past the image: the UA pads it (DSP0267 RequestFirmwareData); keep only the image.
        var useful = (int)Math.Min(_requestLength, _current.ImageSize - _offset);
        if (!_handler.WriteFirmwareData(_current, _offset, data.ComponentImagePortion[..useful]))
        {
            LastFailure = FirmwareDeviceFailure.StorageFailed;
            _transferResult = TransferResult.FdAbortedStorageIssue;
            return true;
        }

        _offset += (uint)useful;
        if (_offset >= _current.ImageSize)
        {
            _transferResult = TransferResult.Success;
        }

        return true;
    }

    private bool OnCompletion<T>(ReadOnlySpan<byte> body, long now)
        where T : IPldmMessage<T>, allows ref struct
    {
        // The UA's completion code does not change the FD's outcome: the result was already decided and reported.
        if (T.TryRead(body, out _, out _) != WireStatus.Done)
        {
            return false;
        }

        _lastActivity = now;
        var command = _outCommand;
        ClearOutbound();
        switch (command)
        {
            case FirmwareUpdateCommand.TransferComplete:
                if (_lastTransferReported == TransferResult.Success)
                {
                    SetState(FirmwareDeviceState.Verify);
                }
                else
                {
                    AbandonComponent(LastFailure == FirmwareDeviceFailure.None ? FirmwareDeviceFailure.TransferRefused : LastFailure);
                }

                break;
            case FirmwareUpdateCommand.VerifyComplete:
                if (_lastStepReported == 0)
                {
                    SetState(FirmwareDeviceState.Apply);
                }
                else
                {
                    AbandonComponent(FirmwareDeviceFailure.VerifyFailed);
                }

                break;
            default:
                if (_lastStepReported is (byte)ApplyResult.Success or (byte)ApplyResult.SuccessWithActivationMethod)
                {
                    _appliedCount++;
                    SetState(FirmwareDeviceState.ReadyTransfer);
                }
                else
                {
                    AbandonComponent(FirmwareDeviceFailure.ApplyFailed);
                }

                break;
        }

        return true;
    }

    private TransferResult _lastTransferReported;
    private byte _lastStepReported;

    private int StartDataRequest(Span<byte> destination, long now)
    {
        var chunk = (uint)Math.Min(_uaMaxTransfer, (uint)_options.MaxTransferSize);
        var remaining = _current.ImageSize - _offset;
        _requestOffset = _offset;
        _requestLength = Math.Max(RequestFirmwareDataRequest.BaselineTransferSize, Math.Min(chunk, remaining));
        return Start(FirmwareUpdateCommand.RequestFirmwareData, destination, now);
    }

    private int Start(FirmwareUpdateCommand command, Span<byte> destination, long now)
    {
        _outCommand = command;
        _instanceId = (byte)((_instanceId + 1) & PldmHeader.MaxInstanceId);
        _attempts = 0;
        return Emit(destination, now);
    }

    private int Emit(Span<byte> destination, long now)
    {
        int written;
        var ok = _outCommand switch
        {
            FirmwareUpdateCommand.RequestFirmwareData =>
                PldmBody.TryWriteMessage(_instanceId, new RequestFirmwareDataRequest(_requestOffset, _requestLength), destination, out written),
            FirmwareUpdateCommand.TransferComplete => WriteTransferComplete(destination, out written),
            FirmwareUpdateCommand.VerifyComplete => WriteVerifyComplete(destination, out written),
            _ => WriteApplyComplete(destination, out written),
        };
        if (!ok)
        {
            return 0;
        }

        _awaiting = true;
        _sentAt = now;
        _attempts++;
        return written;
    }

    private bool WriteTransferComplete(Span<byte> destination, out int written)
    {
        _lastTransferReported = _transferResult ?? TransferResult.GenericError;
        return PldmBody.TryWriteMessage(_instanceId, new TransferCompleteRequest(_lastTransferReported), destination, out written);
    }

    private bool WriteVerifyComplete(Span<byte> destination, out int written)
    {
        _lastStepReported = _stepResult?.Result ?? (byte)VerifyResult.GenericError;
        return PldmBody.TryWriteMessage(_instanceId, new VerifyCompleteRequest((VerifyResult)_lastStepReported), destination, out written);
    }

    private bool WriteApplyComplete(Span<byte> destination, out int written)
    {
        var step = _stepResult ?? FirmwareStepResult.Done((byte)ApplyResult.GenericError);
        _lastStepReported = step.Result;
        return PldmBody.TryWriteMessage(_instanceId, new ApplyCompleteRequest((ApplyResult)step.Result, step.ActivationMethods), destination, out written);
    }

    private static FirmwareStepResult? Settled(FirmwareStepResult result) => result.IsPending ? null : result;

    /// <summary>The UA is unreachable or silent: abandon the component and leave update mode (DSP0267 FD_T1).</summary>
    private void GiveUp(FirmwareDeviceFailure failure)
    {
        if (State is FirmwareDeviceState.Download or FirmwareDeviceState.Verify or FirmwareDeviceState.Apply)
        {
            _handler.Abandon(_current);
        }

        LastFailure = failure;
        GoIdle(TimeoutReason(State));
    }

    private void ClearOutbound()
    {
        _awaiting = false;
        _attempts = 0;
        _transferResult = null;
        _stepResult = null;
        _notBefore = 0;
    }
}
