using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// The FD→UA requests the UA answers during a component update (DSP0267 1.3
/// §"RequestFirmwareData", "TransferComplete", "VerifyComplete", "ApplyComplete").
/// </summary>
public sealed partial class UpdateAgentEngine
{
    private ServePhase _phase;
    private int _component;
    private long _served;
    private UpdateAgentResult? _outcome;

    private enum ServePhase
    {
        None = 0,
        Transfer = 1,
        Verify = 2,
        Apply = 3,
    }

    private void BeginServing(int index)
    {
        _phase = ServePhase.Transfer;
        _component = index;
        _served = 0;
        _outcome = null;
    }

    private async ValueTask<UpdateAgentResult> ServeComponentAsync(CancellationToken cancellationToken)
    {
        var deadline = _clock.Now + _options.DeviceRequestTimeout;
        while (_outcome is null)
        {
            var length = await _transport.ReceiveAsync(_receive, deadline, cancellationToken);
            if (length == 0)
            {
                var phase = _phase;
                _phase = ServePhase.None;
                return new UpdateAgentResult(UpdateAgentStatus.DeviceTimeout, $"the device went silent during {phase}", ComponentIndex: _component);
            }

            if (PldmHeader.TryRead(_receive.AsSpan(0, length), out var header, out _) == WireStatus.Done && header.IsRequest)
            {
                await ServeAsync(length, cancellationToken);
                deadline = _clock.Now + _options.DeviceRequestTimeout;
            }
        }

        return _outcome.Value;
    }

    private async ValueTask ServeAsync(int length, CancellationToken cancellationToken)
    {
        var n = Serve(_receive.AsSpan(0, length), _reply);
        if (n > 0)
        {
            await _transport.SendAsync(_reply.AsMemory(0, n), cancellationToken);
        }
    }

    /// <summary>Answers one FD request; returns the response length (0: nothing owed).</summary>
    internal int Serve(ReadOnlySpan<byte> request, Span<byte> reply)
    {
        if (!PldmReply.TryReadRequest(request, out var header))
        {
            return 0;
        }

        var body = request[PldmHeader.Length..];
        var n = header.Type != PldmType.FirmwareUpdate
            ? PldmReply.Error(header, PldmCompletionCode.ErrorInvalidPldmType, reply)
            : (FirmwareUpdateCommand)header.Command switch
            {
                FirmwareUpdateCommand.RequestFirmwareData => ServeData(header, body, reply),
                FirmwareUpdateCommand.TransferComplete => ServeTransferComplete(header, body, reply),
                FirmwareUpdateCommand.VerifyComplete => ServeVerifyComplete(header, body, reply),
                FirmwareUpdateCommand.ApplyComplete => ServeApplyComplete(header, body, reply),
                _ => PldmReply.Error(header, PldmCompletionCode.ErrorUnsupportedPldmCommand, reply),
            };
        if (n > PldmHeader.Length && reply[PldmHeader.Length] != (byte)PldmCompletionCode.Success)
        {
            RefusedDeviceRequests++;
        }

        return n;
    }

    private int ServeData(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> reply)
    {
        var status = RequestFirmwareDataRequest.TryRead(body, out var request, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, RequestFirmwareDataRequest.EncodedSize), reply);
        }

        if (_phase != ServePhase.Transfer || _plan is null)
        {
            return FuError(header, FirmwareUpdateCompletionCode.CommandNotExpected, reply);
        }

        // DSP0267 RequestFirmwareData: Length from the 32-byte baseline up to the negotiated
        // MaximumTransferSize; the offset inside the image; the FD may read past the end by less
        // than the baseline (that tail is padded with zeros), no further.
        if (request.Length < RequestFirmwareDataRequest.BaselineTransferSize || request.Length > _options.MaxTransferSize)
        {
            return FuError(header, FirmwareUpdateCompletionCode.InvalidTransferLength, reply);
        }

        var image = _plan.Components[_component].Image.Span;
        if (request.Offset >= (uint)image.Length || (ulong)request.Offset + request.Length > (ulong)image.Length + RequestFirmwareDataRequest.BaselineTransferSize)
        {
            return FuError(header, FirmwareUpdateCompletionCode.DataOutOfRange, reply);
        }

        if (!header.ToResponse().TryWrite(reply, out var used)
            || !RequestFirmwareDataResponse.TryReserveSuccess(reply[used..], (int)request.Length, out var portion))
        {
            return 0;
        }

        var available = image[(int)request.Offset..];
        var copied = Math.Min(available.Length, portion.Length);
        available[..copied].CopyTo(portion);
        portion[copied..].Clear();
        _served = Math.Max(_served, request.Offset + (long)copied);
        Report(_component, UpdateAgentPhase.Transfer, _served, image.Length);
        return used + RequestFirmwareDataResponse.FixedLength + portion.Length;
    }

    private int ServeTransferComplete(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> reply)
    {
        var status = TransferCompleteRequest.TryRead(body, out var request, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, TransferCompleteRequest.Length), reply);
        }

        return Advance(header, ServePhase.Transfer, request.TransferResult == TransferResult.Success, ServePhase.Verify, UpdateAgentPhase.Verify,
            UpdateAgentStatus.TransferFailed, "TransferComplete", (byte)request.TransferResult, new TransferCompleteResponse(PldmCompletionCode.Success), reply);
    }

    private int ServeVerifyComplete(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> reply)
    {
        var status = VerifyCompleteRequest.TryRead(body, out var request, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, VerifyCompleteRequest.Length), reply);
        }

        return Advance(header, ServePhase.Verify, request.VerifyResult == VerifyResult.Success, ServePhase.Apply, UpdateAgentPhase.Apply,
            UpdateAgentStatus.VerifyFailed, "VerifyComplete", (byte)request.VerifyResult, new VerifyCompleteResponse(PldmCompletionCode.Success), reply);
    }

    /// <summary>
    /// TransferComplete and VerifyComplete: refused unless the update is in <paramref name="expected"/>;
    /// on success the next phase starts, otherwise the component ends with <paramref name="failure"/>.
    /// </summary>
    private int Advance<TResponse>(PldmHeader header, ServePhase expected, bool succeeded, ServePhase next, UpdateAgentPhase report,
        UpdateAgentStatus failure, string command, byte result, in TResponse response, Span<byte> reply)
        where TResponse : IPldmMessage<TResponse>, allows ref struct
    {
        if (_phase != expected)
        {
            return FuError(header, FirmwareUpdateCompletionCode.CommandNotExpected, reply);
        }

        if (succeeded)
        {
            _phase = next;
            Report(_component, report, _served, _plan!.Components[_component].Image.Length);
        }
        else
        {
            Finish(failure, command, result);
        }

        return PldmReply.Write(header, response, reply);
    }

    private int ServeApplyComplete(PldmHeader header, ReadOnlySpan<byte> body, Span<byte> reply)
    {
        var status = ApplyCompleteRequest.TryRead(body, out var request, out _);
        if (status != WireStatus.Done)
        {
            return PldmReply.Error(header, PldmReply.ForStatus(status, body.Length, ApplyCompleteRequest.Length), reply);
        }

        if (_phase != ServePhase.Apply)
        {
            return FuError(header, FirmwareUpdateCompletionCode.CommandNotExpected, reply);
        }

        if (request.ApplyResult is ApplyResult.Success or ApplyResult.SuccessWithActivationMethod)
        {
            _phase = ServePhase.None;
            _outcome = new UpdateAgentResult(UpdateAgentStatus.Success, "component applied", ComponentIndex: _component);
        }
        else
        {
            Finish(UpdateAgentStatus.ApplyFailed, "ApplyComplete", (byte)request.ApplyResult);
        }

        return PldmReply.Write(header, new ApplyCompleteResponse(PldmCompletionCode.Success), reply);
    }

    private void Finish(UpdateAgentStatus status, string command, byte result)
    {
        _phase = ServePhase.None;
        _outcome = new UpdateAgentResult(status, $"{command} reported result 0x{result:X2}", (PldmCompletionCode)result, _component);
    }

    private static int FuError(PldmHeader header, FirmwareUpdateCompletionCode code, Span<byte> reply) =>
        PldmReply.Error(header, (byte)code, reply);
}
