using Rampart.Wire;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Protocols.Pldm;

/// <summary>
/// The firmware device (FD) side of PLDM for Firmware Update (DSP0267 1.3): the state machine
/// IDLE → LEARN COMPONENTS → READY XFER → DOWNLOAD → VERIFY → APPLY → (READY XFER …) → ACTIVATE,
/// the answers to the UA's requests and the FD's own requests (RequestFirmwareData,
/// TransferComplete, VerifyComplete, ApplyComplete) with retries and the FD_T1 idle timeout.
/// <para>
/// Poll style for a kernel app with no threads: feed UA requests to <see cref="HandleRequest"/>
/// and the responses to the FD's requests to <see cref="HandleResponse"/>; call
/// <see cref="PollRequest"/> for the next message to send, no later than <see cref="NextPollAt"/>.
/// The caller supplies the time (nanoseconds) on every call. No allocation after construction,
/// no exception for any input.
/// </para>
/// </summary>
public sealed partial class FirmwareDeviceEngine
{
    private readonly IFirmwareDeviceHandler _handler;
    private readonly FirmwareDeviceOptions _options;
    private readonly FirmwareComponent[] _passed;
    private int _passedCount;
    private bool _tableStarted;
    private uint _uaMaxTransfer;
    private int _appliedCount;
    private long _lastActivity;
    private FirmwareComponent _current;
    private uint _offset;

    /// <summary>A firmware device over <paramref name="handler"/>.</summary>
    public FirmwareDeviceEngine(IFirmwareDeviceHandler handler, FirmwareDeviceOptions? options = null)
    {
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _options = options ?? new FirmwareDeviceOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxTransferSize, RequestFirmwareDataRequest.BaselineTransferSize);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxComponents, 1);
        _passed = new FirmwareComponent[_options.MaxComponents];
    }

    /// <summary>The type 5 commands this FD answers (for GetPLDMCommands).</summary>
    public static ReadOnlySpan<byte> SupportedCommands =>
    [
        (byte)FirmwareUpdateCommand.QueryDeviceIdentifiers, (byte)FirmwareUpdateCommand.GetFirmwareParameters,
        (byte)FirmwareUpdateCommand.RequestUpdate, (byte)FirmwareUpdateCommand.PassComponentTable,
        (byte)FirmwareUpdateCommand.UpdateComponent, (byte)FirmwareUpdateCommand.ActivateFirmware,
        (byte)FirmwareUpdateCommand.GetStatus, (byte)FirmwareUpdateCommand.CancelUpdateComponent,
        (byte)FirmwareUpdateCommand.CancelUpdate,
    ];

    /// <summary>The largest message <see cref="PollRequest"/> writes (a RequestFirmwareData request).</summary>
    public const int MaxRequestLength = PldmHeader.Length + RequestFirmwareDataRequest.EncodedSize;

    /// <summary>The current DSP0267 state.</summary>
    public FirmwareDeviceState State { get; private set; }

    /// <summary>The state before the last transition.</summary>
    public FirmwareDeviceState PreviousState { get; private set; }

    /// <summary>Why the FD last entered IDLE.</summary>
    public GetStatusReasonCode ReasonCode { get; private set; } = GetStatusReasonCode.Initialization;

    /// <summary>The last local failure since RequestUpdate.</summary>
    public FirmwareDeviceFailure LastFailure { get; private set; }

    /// <summary>The UA's completion code that caused <see cref="FirmwareDeviceFailure.TransferRefused"/>.</summary>
    public PldmCompletionCode LastPeerCompletionCode { get; private set; }

    /// <summary>Components applied since RequestUpdate.</summary>
    public int AppliedCount => _appliedCount;

    /// <summary>The component being transferred, verified or applied.</summary>
    public FirmwareComponent CurrentComponent => _current;

    /// <summary>Bytes of the current component received so far.</summary>
    public uint BytesReceived => _offset;

    /// <summary>Responses that matched no outstanding request (late, duplicated or malformed); dropped.</summary>
    public int IgnoredResponses { get; private set; }

    /// <summary>Called on every state change with (previous, new).</summary>
    public Action<FirmwareDeviceState, FirmwareDeviceState>? StateChanged { get; init; }

    /// <summary>
    /// Answers one UA request (type 5). Returns the response length, or 0 when nothing is owed
    /// (unreadable header, not a request, a datagram, or <paramref name="response"/> too small).
    /// </summary>
    public int HandleRequest(ReadOnlySpan<byte> request, Span<byte> response, long now)
    {
        if (!PldmReply.TryReadRequest(request, out var header))
        {
            return 0;
        }

        if (header.Type != PldmType.FirmwareUpdate)
        {
            return PldmReply.Error(header, PldmCompletionCode.ErrorInvalidPldmType, response);
        }

        var body = request[PldmHeader.Length..];
        var command = (FirmwareUpdateCommand)header.Command;
        if (State != FirmwareDeviceState.Idle && SupportedCommands.Contains(header.Command))
        {
            // FD_T1 measures the UA's silence: any command it sends in update mode restarts it.
            _lastActivity = now;
        }

        return command switch
        {
            FirmwareUpdateCommand.QueryDeviceIdentifiers => QueryDeviceIdentifiers(header, body, response),
            FirmwareUpdateCommand.GetFirmwareParameters => GetFirmwareParameters(header, body, response),
            FirmwareUpdateCommand.RequestUpdate => RequestUpdate(header, body, response, now),
            FirmwareUpdateCommand.PassComponentTable => PassComponentTable(header, body, response),
            FirmwareUpdateCommand.UpdateComponent => UpdateComponent(header, body, response, now),
            FirmwareUpdateCommand.ActivateFirmware => ActivateFirmware(header, body, response),
            FirmwareUpdateCommand.GetStatus => GetStatus(header, body, response),
            FirmwareUpdateCommand.CancelUpdateComponent => CancelUpdateComponent(header, body, response),
            FirmwareUpdateCommand.CancelUpdate => CancelUpdate(header, body, response),
            _ => PldmReply.Error(header, PldmCompletionCode.ErrorUnsupportedPldmCommand, response),
        };
    }

    private void SetState(FirmwareDeviceState state)
    {
        if (state == State)
        {
            return;
        }

        var previous = State;
        PreviousState = previous;
        State = state;
        StateChanged?.Invoke(previous, state);
    }

    private void GoIdle(GetStatusReasonCode reason)
    {
        ClearOutbound();
        ReasonCode = reason;
        SetState(FirmwareDeviceState.Idle);
    }

    /// <summary>The component is abandoned (failure or cancel): back to READY XFER for the next one.</summary>
    private void AbandonComponent(FirmwareDeviceFailure failure)
    {
        _handler.Abandon(_current);
        LastFailure = failure;
        ClearOutbound();
        SetState(FirmwareDeviceState.ReadyTransfer);
    }

    private static GetStatusReasonCode TimeoutReason(FirmwareDeviceState state) => state switch
    {
        FirmwareDeviceState.LearnComponents => GetStatusReasonCode.TimeoutLearnComponents,
        FirmwareDeviceState.ReadyTransfer => GetStatusReasonCode.TimeoutReadyTransfer,
        FirmwareDeviceState.Download => GetStatusReasonCode.TimeoutDownload,
        FirmwareDeviceState.Verify => GetStatusReasonCode.TimeoutVerify,
        _ => GetStatusReasonCode.TimeoutApply,
    };
}
