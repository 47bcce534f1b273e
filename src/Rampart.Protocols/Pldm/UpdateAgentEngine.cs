using Rampart.Hal.Time;
using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// The update agent (UA) side of PLDM for Firmware Update (DSP0267 1.3), as a BMC runs it:
/// QueryDeviceIdentifiers → GetFirmwareParameters → RequestUpdate → PassComponentTable →
/// UpdateComponent per component (serving the FD's RequestFirmwareData, TransferComplete,
/// VerifyComplete and ApplyComplete) → ActivateFirmware. Requests are retried on timeout
/// (same instance ID, DSP0240 §8.1); every failure ends the run with an <see cref="UpdateAgentResult"/>
/// and, once in update mode, a CancelUpdate.
/// </summary>
public sealed partial class UpdateAgentEngine
{
    private const int BufferSlack = 64;
    private const int MinReceiveBuffer = 8192;
    private readonly IPldmTransport _transport;
    private readonly IClock _clock;
    private readonly UpdateAgentOptions _options;
    private readonly byte[] _request;
    private readonly byte[] _receive;
    private readonly byte[] _reply;
    private byte _instanceId;
    private int _requestLength;
    private int _responseLength;

    /// <summary>A UA talking to one FD over <paramref name="transport"/>, timing with <paramref name="clock"/>.</summary>
    public UpdateAgentEngine(IPldmTransport transport, IClock clock, UpdateAgentOptions? options = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options ?? new UpdateAgentOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxTransferSize, (uint)RequestFirmwareDataRequest.BaselineTransferSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.MaxTransferSize, 1u << 20);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRetries);
        _request = new byte[PldmHeader.Length + UpdateComponentRequest.FixedLength + VersionStrings.MaxLength + BufferSlack];
        _receive = new byte[Math.Max(MinReceiveBuffer, (int)_options.MaxTransferSize + BufferSlack)];
        _reply = new byte[(int)_options.MaxTransferSize + BufferSlack];
    }

    /// <summary>FD requests answered with an error (out of range, unexpected, malformed).</summary>
    public int RefusedDeviceRequests { get; private set; }

    /// <summary>Runs the whole update described by <paramref name="plan"/>.</summary>
    public async ValueTask<UpdateAgentResult> RunAsync(UpdatePlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var check = CheckPlan(plan);
        if (check is { } invalid)
        {
            return invalid;
        }

        _plan = plan;
        _indices = new byte[plan.Components.Count];
        _updateable = new bool[plan.Components.Count];
        _enteredUpdateMode = false;
        try
        {
            var result = await PrepareAsync(plan, cancellationToken);
            if (!result.IsSuccess)
            {
                return await EndAsync(result);
            }

            var applied = 0;
            for (var i = 0; i < plan.Components.Count; i++)
            {
                if (!_updateable[i])
                {
                    continue;
                }

                result = await UpdateComponentAsync(i, cancellationToken);
                if (result.Status == UpdateAgentStatus.NothingToUpdate)
                {
                    continue;
                }

                if (!result.IsSuccess)
                {
                    return await EndAsync(result);
                }

                applied++;
            }

            if (applied == 0)
            {
                return await EndAsync(new UpdateAgentResult(UpdateAgentStatus.NothingToUpdate, "the device accepted no component"));
            }

            Report(-1, UpdateAgentPhase.Activate, 0, 0);
            result = await ActivateAsync(cancellationToken);
            return result.IsSuccess ? result : await EndAsync(result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await EndAsync(new UpdateAgentResult(UpdateAgentStatus.Cancelled, "cancelled by the caller"));
        }
        finally
        {
            _plan = null;
            _phase = ServePhase.None;
        }
    }

    private static UpdateAgentResult? CheckPlan(UpdatePlan plan)
    {
        if (plan.Components.Count is 0 or > ushort.MaxValue || plan.ImageSetVersion.Length > VersionStrings.MaxLength
            || VersionStrings.Validate(plan.ImageSetVersionType, plan.ImageSetVersion.Span) != WireStatus.Done)
        {
            return new UpdateAgentResult(UpdateAgentStatus.InvalidPlan, "no components, or a bad image set version string");
        }

        for (var i = 0; i < plan.Components.Count; i++)
        {
            var component = plan.Components[i];
            if (component.Version.Length > VersionStrings.MaxLength || VersionStrings.Validate(component.VersionType, component.Version.Span) != WireStatus.Done
                || component.Image.IsEmpty)
            {
                return new UpdateAgentResult(UpdateAgentStatus.InvalidPlan, "a component has a bad version string or no image", ComponentIndex: i);
            }
        }

        return null;
    }

    /// <summary>Ends a failed run: CancelUpdate (best effort, not cancellable) when the FD is in update mode.</summary>
    private async ValueTask<UpdateAgentResult> EndAsync(UpdateAgentResult result)
    {
        _phase = ServePhase.None;
        if (_enteredUpdateMode)
        {
            _enteredUpdateMode = false;
            _requestLength = WriteRequest(new CancelUpdateRequest());
            await ExchangeAsync(FirmwareUpdateCommand.CancelUpdate, CancellationToken.None);
        }

        return result;
    }

    private void Report(int component, UpdateAgentPhase phase, long served, long total) =>
        _options.Progress?.Invoke(new UpdateProgress(component, phase, served, total));

    private int WriteRequest<T>(in T body)
        where T : IPldmMessage<T>, allows ref struct
    {
        _instanceId = (byte)((_instanceId + 1) & PldmHeader.MaxInstanceId);
        return PldmBody.TryWriteMessage(_instanceId, body, _request, out var written) ? written : 0;
    }

    /// <summary>The response body of the last exchange.</summary>
    private ReadOnlySpan<byte> ResponseBody => _receive.AsSpan(PldmHeader.Length, _responseLength - PldmHeader.Length);

    /// <summary>
    /// Sends the request in <c>_request</c> and waits for its response, answering the FD's own
    /// requests meanwhile; retried on timeout. On success the response is in <c>_receive</c>.
    /// </summary>
    private async ValueTask<bool> ExchangeAsync(FirmwareUpdateCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt <= _options.MaxRetries; attempt++)
        {
            if (!await _transport.SendAsync(_request.AsMemory(0, _requestLength), cancellationToken))
            {
                continue;
            }

            var deadline = _clock.Now + _options.ResponseTimeout;
            while (true)
            {
                var length = await _transport.ReceiveAsync(_receive, deadline, cancellationToken);
                if (length == 0)
                {
                    break;
                }

                if (PldmHeader.TryRead(_receive.AsSpan(0, length), out var header, out _) != WireStatus.Done)
                {
                    continue;
                }

                if (header.IsRequest)
                {
                    await ServeAsync(length, cancellationToken);
                    continue;
                }

                if (header.Type == PldmType.FirmwareUpdate && header.Command == (byte)command && header.InstanceId == _instanceId)
                {
                    _responseLength = length;
                    return true;
                }
            }
        }

        return false;
    }

    private static UpdateAgentResult NoResponse(string command) =>
        new(UpdateAgentStatus.NoResponse, $"no response to {command} after every retry");

    private static UpdateAgentResult Malformed(string command) =>
        new(UpdateAgentStatus.MalformedResponse, $"malformed {command} response");

    private static UpdateAgentResult Refused(string command, PldmCompletionCode code) =>
        new(UpdateAgentStatus.Refused, $"{command} refused: {PldmCompletionCodes.Name(PldmType.FirmwareUpdate, 0, code)}", code);
}
