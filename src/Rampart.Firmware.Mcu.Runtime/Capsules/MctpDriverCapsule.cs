using Rampart.Kernel;
using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Mctp;
using Rampart.Wire.Mctp;

namespace Rampart.Firmware.Mcu.Runtime.Capsules;

/// <summary>
/// One virtual MCTP driver (the Caliptra MCU design: one driver number per message type over a
/// shared mux; ABI in <see cref="MctpDriverAbi"/>). Sending copies the app's tx buffer into the
/// mux, which owns tags and outstanding requests. A received request goes to the listener — the
/// process that last armed "receive request" — and a response to the process that sent the
/// request; each waits in a one-message slot until its process arms reception. A request with no
/// listener, or arriving while the slot is taken, is dropped and counted. Everything of a process
/// is reached through its grant. Allocates only in its constructor.
/// </summary>
public sealed class MctpDriverCapsule : ISyscallDriver, IMctpMessageSink
{
    /// <summary>Grant bytes charged to each process.</summary>
    public const int GrantBytes = 32;

    private readonly MctpMux _mux;
    private readonly Grant<MctpGrant> _grant;
    private readonly byte[] _pendingRequest;
    private readonly byte[] _pendingResponse;
    private ProcessId? _listener;
    private int _requestLength = -1;
    private byte _requestSource;
    private byte _requestTag;
    private int _responseLength = -1;
    private ProcessId _responseOwner;
    private byte _responseSource;
    private byte _responseTag;
    private ErrorCode? _responseStatus;

    // Per-call scratch (the kernel is single-threaded): what the grant callbacks read and report.
    private uint _arg0;
    private uint _arg1;
    private ErrorCode? _error;
    private byte _tag;
    private ProcessId _caller;
    private bool _sendingRequest;

    internal MctpDriverCapsule(Kernel.Kernel kernel, MemoryAllocationCapability capability, MctpMux mux, uint driverNumber, MctpMessageType messageType)
    {
        _mux = mux;
        DriverNumber = driverNumber;
        MessageType = messageType;
        MaxMessageSize = mux.Options.MaxMessageSize;
        _grant = kernel.CreateGrant<MctpGrant>(driverNumber, GrantBytes, capability);
        _pendingRequest = new byte[MaxMessageSize];
        _pendingResponse = new byte[MaxMessageSize];
    }

    /// <summary>This driver's number.</summary>
    public uint DriverNumber { get; }

    /// <summary>The message type it carries.</summary>
    public MctpMessageType MessageType { get; }

    /// <summary>The largest message (type byte included) it sends or delivers.</summary>
    public int MaxMessageSize { get; }

    /// <summary>Requests delivered to the listener.</summary>
    public long RequestsDelivered { get; private set; }

    /// <summary>Requests dropped because no process listens on this driver.</summary>
    public long RequestsDroppedNoListener { get; private set; }

    /// <summary>Requests dropped because the previous one was still waiting for its listener.</summary>
    public long RequestsDroppedBusy { get; private set; }

    /// <summary>Responses delivered (timeouts included).</summary>
    public long ResponsesDelivered { get; private set; }

    /// <summary>Responses dropped (owner gone, or the slot was taken).</summary>
    public long ResponsesDropped { get; private set; }

    /// <summary>Messages longer than the process's buffer (reported as SIZE, content dropped).</summary>
    public long Truncated { get; private set; }

    /// <summary>Upcalls the process's queue refused.</summary>
    public long UpcallsLost { get; private set; }

    /// <inheritdoc />
    public SyscallReturn Command(ProcessId process, uint commandNumber, uint arg0, uint arg1)
    {
        switch (commandNumber)
        {
            case MctpDriverAbi.CommandPresent:
                return SyscallReturn.Success();
            case MctpDriverAbi.CommandReceiveRequest:
                {
                    var result = Run(process, arg0, arg1, static (grant, kernel, self) => self.ArmRequest(grant, kernel));
                    if (result.IsSuccess)
                    {
                        _listener = process;
                        DeliverPendingRequest();
                    }

                    return result;
                }

            case MctpDriverAbi.CommandReceiveResponse:
                {
                    var result = Run(process, arg0, arg1, static (grant, kernel, self) => self.ArmResponse(grant, kernel));
                    if (result.IsSuccess && _responseLength >= 0 && _responseOwner == process)
                    {
                        DeliverPendingResponse();
                    }

                    return result;
                }

            case MctpDriverAbi.CommandSendRequest:
                {
                    _sendingRequest = true;
                    var result = Run(process, arg0, arg1, static (_, kernel, self) => self.Send(kernel));
                    return result.IsSuccess ? SyscallReturn.SuccessU32(_tag) : result;
                }

            case MctpDriverAbi.CommandSendResponse:
                _sendingRequest = false;
                return Run(process, arg0, arg1, static (_, kernel, self) => self.Send(kernel));
            case MctpDriverAbi.CommandMaxMessageSize:
                return SyscallReturn.SuccessU32((uint)MaxMessageSize);
            default:
                return SyscallReturn.Failure(ErrorCode.NoSupport);
        }
    }

    /// <inheritdoc />
    bool IMctpMessageSink.OnRequest(byte sourceEid, byte tag, ReadOnlySpan<byte> message)
    {
        if (_listener is null)
        {
            RequestsDroppedNoListener++;
            return false;
        }

        if (_requestLength >= 0)
        {
            RequestsDroppedBusy++;
            return false;
        }

        message.CopyTo(_pendingRequest);
        _requestLength = message.Length;
        _requestSource = sourceEid;
        _requestTag = tag;
        DeliverPendingRequest();
        return true;
    }

    /// <inheritdoc />
    void IMctpMessageSink.OnResponse(uint cookie, byte sourceEid, byte tag, ReadOnlySpan<byte> message)
    {
        if (_responseLength >= 0)
        {
            ResponsesDropped++;
            return;
        }

        message.CopyTo(_pendingResponse);
        SetPendingResponse(new ProcessId(cookie), sourceEid, tag, message.Length, null);
    }

    /// <inheritdoc />
    void IMctpMessageSink.OnRequestTimedOut(uint cookie, byte peerEid, byte tag)
    {
        if (_responseLength >= 0)
        {
            ResponsesDropped++;
            return;
        }

        SetPendingResponse(new ProcessId(cookie), peerEid, tag, 0, ErrorCode.NoAck);
    }

    /// <inheritdoc />
    void IMctpMessageSink.OnTransmitted(uint cookie, byte destinationEid, byte tag, bool tagOwner)
    {
        _arg0 = destinationEid;
        _arg1 = tag;
        _grant.Enter(new ProcessId(cookie), this, static (_, kernel, self) =>
        {
            if (!kernel.ScheduleUpcall(MctpDriverAbi.Transmitted, new UpcallArgs(0, self._arg0, self._arg1)))
            {
                self.UpcallsLost++;
            }
        });
    }

    private void SetPendingResponse(ProcessId owner, byte source, byte tag, int length, ErrorCode? status)
    {
        _responseOwner = owner;
        _responseSource = source;
        _responseTag = tag;
        _responseLength = length;
        _responseStatus = status;
        DeliverPendingResponse();
    }

    private void ArmRequest(MctpGrant grant, GrantKernelData kernel)
    {
        if (kernel.ReadWrite(MctpDriverAbi.RequestBuffer).IsEmpty)
        {
            _error = ErrorCode.Reserve;
            return;
        }

        grant.RequestArmed = true;
    }

    private void ArmResponse(MctpGrant grant, GrantKernelData kernel)
    {
        if (kernel.ReadWrite(MctpDriverAbi.ResponseBuffer).IsEmpty)
        {
            _error = ErrorCode.Reserve;
            return;
        }

        grant.ResponseArmed = true;
    }

    private SyscallReturn Run(ProcessId caller, uint arg0, uint arg1, Action<MctpGrant, GrantKernelData, MctpDriverCapsule> body)
    {
        _caller = caller;
        _arg0 = arg0;
        _arg1 = arg1;
        _error = null;
        _tag = 0;
        var error = _grant.Enter(caller, this, body) ?? _error;
        return error is null ? SyscallReturn.Success() : SyscallReturn.Failure(error.Value);
    }

    private void Send(GrantKernelData kernel)
    {
        var message = kernel.ReadOnly(MctpDriverAbi.TxBuffer);
        if (message.IsEmpty)
        {
            _error = ErrorCode.Reserve;
            return;
        }

        if (message.Length > MaxMessageSize)
        {
            _error = ErrorCode.Size;
            return;
        }

        if ((message[0] & 0x7F) != (byte)MessageType || _arg0 > byte.MaxValue || (!_sendingRequest && _arg1 > MctpTransportHeader.MaxTag))
        {
            _error = ErrorCode.Invalid;
            return;
        }

        var status = _sendingRequest
            ? _mux.TrySendRequest((byte)_arg0, message, this, _caller.Value, out _tag)
            : _mux.TrySendResponse((byte)_arg0, (byte)_arg1, message, this, _caller.Value);
        _error = status switch
        {
            MctpSendStatus.Queued => null,
            MctpSendStatus.Busy => ErrorCode.Busy,
            MctpSendStatus.InvalidSize => ErrorCode.Size,
            _ => ErrorCode.Invalid,
        };
    }

    /// <summary>Hands the waiting request to the listener if it is armed; drops it if the listener is gone.</summary>
    private void DeliverPendingRequest()
    {
        if (_requestLength < 0 || _listener is not { } listener)
        {
            return;
        }

        var error = _grant.Enter(listener, this, static (grant, kernel, self) =>
        {
            if (!grant.RequestArmed)
            {
                return;
            }

            grant.RequestArmed = false;
            self.Hand(kernel, MctpDriverAbi.RequestBuffer, MctpDriverAbi.ReceivedRequest, self._pendingRequest, self._requestLength, null, self._requestSource, self._requestTag);
            self._requestLength = -1;
            self.RequestsDelivered++;
        });
        if (error is not null)
        {
            _listener = null;
            _requestLength = -1;
            RequestsDroppedNoListener++;
        }
    }

    /// <summary>Hands the waiting response (or timeout) to the process that sent the request, if armed.</summary>
    private void DeliverPendingResponse()
    {
        if (_responseLength < 0)
        {
            return;
        }

        var error = _grant.Enter(_responseOwner, this, static (grant, kernel, self) =>
        {
            if (!grant.ResponseArmed)
            {
                return;
            }

            grant.ResponseArmed = false;
            self.Hand(kernel, MctpDriverAbi.ResponseBuffer, MctpDriverAbi.ReceivedResponse, self._pendingResponse, self._responseLength, self._responseStatus, self._responseSource, self._responseTag);
            self._responseLength = -1;
            self.ResponsesDelivered++;
        });
        if (error is not null)
        {
            _responseLength = -1;
            ResponsesDropped++;
        }
    }

    private void Hand(GrantKernelData kernel, uint buffer, uint subscribe, byte[] message, int length, ErrorCode? status, byte source, byte tag)
    {
        var destination = kernel.ReadWrite(buffer);
        if (status is null && length > destination.Length)
        {
            Truncated++;
            status = ErrorCode.Size;
        }

        if (status is null)
        {
            message.AsSpan(0, length).CopyTo(destination);
        }

        var args = new UpcallArgs(status is null ? 0 : (uint)status.Value, (uint)length, MctpDriverAbi.PackSource(source, tag));
        if (!kernel.ScheduleUpcall(subscribe, args))
        {
            UpcallsLost++;
        }
    }

    /// <summary>The per-process state of a virtual MCTP driver.</summary>
    public sealed class MctpGrant
    {
        /// <summary>The process armed "receive request" and waits for one.</summary>
        public bool RequestArmed { get; set; }

        /// <summary>The process armed "receive response" and waits for one.</summary>
        public bool ResponseArmed { get; set; }
    }
}
