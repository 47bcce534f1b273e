using Rampart.Kernel.Abi;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;
using Rampart.Kernel.Abi.Sdk;

namespace Rampart.Firmware.Mcu.Apps.Pldm;

/// <summary>
/// <see cref="IPldmAppPort"/> over the kernel: the MCTP PLDM capsule (0xA0002) through
/// <see cref="MctpClient"/>, the Caliptra mailbox (0x8000_0009) through
/// <see cref="CaliptraMailboxClient"/>, the SoC memory driver (0x9000_0001: RO allow 0 = data,
/// command 1 = write(address low, address high)) and Tock's alarm driver (0x0: command 1
/// frequency, 2 counter, 5 relative alarm → subscribe 0) for time. Buffers are fixed slices of
/// the app's arena.
/// </summary>
internal sealed class KernelPldmPort : IPldmAppPort
{
    public const uint MctpPldmDriver = 0xA0002;
    public const uint SocMemoryDriver = 0x9000_0001;
    public const uint AlarmDriver = 0x0;
    private const byte MctpTypePldm = 0x01;

    /// <summary>The largest MCTP message (type byte included) the app's buffers take: the MCU mux's limit.</summary>
    public const int MaxMessage = 4096;

    /// <summary>
    /// The largest RequestFirmwareData portion the app asks for: a response (MCTP type byte, PLDM
    /// header, completion code, data) that fills <see cref="MaxMessage"/> exactly, 64 packets of
    /// the 64-byte baseline MTU: a quarter of the round trips 1 KiB portions take for the same
    /// image (decision 0280).
    /// </summary>
    public const int MaxChunk = MaxMessage - 1 - Wire.Pldm.Base.PldmHeader.Length - 1;

    private readonly ISyscalls _syscalls;
    private readonly MctpClient _mctp;
    private readonly CaliptraMailboxClient _mailbox;
    private readonly AppSlice _rxRequest = new(0, MaxMessage);
    private readonly AppSlice _rxResponse = new(MaxMessage, MaxMessage);
    private readonly AppSlice _tx = new(2 * MaxMessage, MaxMessage);
    private readonly AppSlice _soc = new(3 * MaxMessage, MaxMessage);
    private readonly AppSlice _mailboxRequest = new(4 * MaxMessage, AuthorizeAndStashRequest.Size);
    private readonly AppSlice _mailboxResponse = new((4 * MaxMessage) + AuthorizeAndStashRequest.Size, GetImageInfoResponse.Size);
    private Task<MctpReceiveResult>? _pendingRequest;
    private Task<MctpReceiveResult>? _pendingResponse;
    private AppSlice _received;
    private uint _frequency;
    private uint _lastCounter;
    private long _wraps;

    public KernelPldmPort(ISyscalls syscalls)
    {
        _syscalls = syscalls;
        _mctp = new MctpClient(syscalls, MctpPldmDriver);
        _mailbox = new CaliptraMailboxClient(syscalls);
        var frequency = syscalls.Command(AlarmDriver, 1, 0, 0);
        _frequency = frequency.IsSuccess && frequency.R1 != 0 ? frequency.R1 : 1_000_000;
        var end = _mailboxResponse.Offset + _mailboxResponse.Length;
        if (syscalls.Memory.Length < end)
        {
            syscalls.Memop(MemopOperation.Sbrk, (uint)(end - syscalls.Memory.Length));
        }
    }

    public long Now
    {
        get
        {
            var counter = _syscalls.Command(AlarmDriver, 2, 0, 0);
            if (counter.IsSuccess)
            {
                if (counter.R1 < _lastCounter)
                {
                    _wraps++;
                }

                _lastCounter = counter.R1;
            }

            var ticks = (_wraps << 32) + _lastCounter;
            return (long)((decimal)ticks * 1_000_000_000m / _frequency);
        }
    }

    public Span<byte> Transmit => _syscalls.Memory.Slice(_tx.Offset + 1, _tx.Length - 1);

    public ReadOnlySpan<byte> Received => _syscalls.Memory.Slice(_received.Offset + 1, Math.Max(0, _received.Length - 1));

    public async ValueTask<PortEvent> ReceiveAsync(long deadline, CancellationToken cancellationToken)
    {
        _pendingRequest ??= _mctp.ReceiveRequestAsync(_rxRequest).AsTask();
        _pendingResponse ??= _mctp.ReceiveResponseAsync(_rxResponse).AsTask();
        var now = Now;
        if (deadline <= now)
        {
            return PortEvent.Timeout;
        }

        var waits = new List<Task> { _pendingRequest, _pendingResponse };
        if (deadline != long.MaxValue)
        {
            waits.Add(AlarmAsync(deadline - now));
        }

        var first = await Task.WhenAny(waits);
        if (first == _pendingRequest)
        {
            var result = await _pendingRequest;
            _pendingRequest = null;
            return Accept(result, _rxRequest, PortEventKind.Request);
        }

        if (first == _pendingResponse)
        {
            var result = await _pendingResponse;
            _pendingResponse = null;
            return Accept(result, _rxResponse, PortEventKind.Response);
        }

        return PortEvent.Timeout;
    }

    public async ValueTask<bool> SendRequestAsync(byte destinationEid, int length)
    {
        _syscalls.Memory[_tx.Offset] = MctpTypePldm;
        var result = await _mctp.SendRequestAsync(destinationEid, _tx with { Length = length + 1 });
        return result.Error is null;
    }

    public async ValueTask<bool> SendResponseAsync(byte destinationEid, byte tag, int length)
    {
        _syscalls.Memory[_tx.Offset] = MctpTypePldm;
        var result = await _mctp.SendResponseAsync(destinationEid, tag, _tx with { Length = length + 1 });
        return result.Error is null;
    }

    public bool WriteSocMemory(ulong address, ReadOnlySpan<byte> data)
    {
        if (data.Length > _soc.Length)
        {
            return false;
        }

        data.CopyTo(_syscalls.Memory.Slice(_soc.Offset, data.Length));
        var slice = _soc with { Length = data.Length };
        if (!_syscalls.AllowReadOnly(SocMemoryDriver, 0, slice).IsSuccess)
        {
            return false;
        }

        var written = _syscalls.Command(SocMemoryDriver, 1, (uint)address, (uint)(address >> 32));
        _syscalls.AllowReadOnly(SocMemoryDriver, 0, AppSlice.Empty);
        return written.IsSuccess;
    }

    public async ValueTask<bool?> AuthorizeAndStashAsync(uint fwId, uint imageSize)
    {
        var request = new AuthorizeAndStashRequest(fwId, new byte[48], new byte[48], 0, 0, ImageHashSource.LoadAddress, imageSize);
        if (!request.TryWrite(_syscalls.Memory.Slice(_mailboxRequest.Offset, _mailboxRequest.Length), out var written))
        {
            return null;
        }

        var result = await _mailbox.ExecuteAsync((uint)CaliptraCommand.AuthorizeAndStash, _mailboxRequest with { Length = written }, _mailboxResponse);
        if (result.Error is not null
            || AuthorizeAndStashResponse.TryRead(_syscalls.Memory.Slice(_mailboxResponse.Offset, Math.Min(result.ResponseLength, _mailboxResponse.Length)), out var response) != WireStatus.Done)
        {
            return null;
        }

        return response.Result == AuthorizationResult.Authorized;
    }

    public async ValueTask<ulong?> GetLoadAddressAsync(uint fwId)
    {
        if (!new GetImageInfoRequest(fwId).TryWrite(_syscalls.Memory.Slice(_mailboxRequest.Offset, _mailboxRequest.Length), out var written))
        {
            return null;
        }

        var result = await _mailbox.ExecuteAsync((uint)CaliptraCommand.GetImageInfo, _mailboxRequest with { Length = written }, _mailboxResponse);
        return result.Error is null
            && GetImageInfoResponse.TryRead(_syscalls.Memory.Slice(_mailboxResponse.Offset, Math.Min(result.ResponseLength, _mailboxResponse.Length)), out var info) == WireStatus.Done
            ? info!.LoadAddress
            : null;
    }

    private PortEvent Accept(MctpReceiveResult result, AppSlice buffer, PortEventKind kind)
    {
        // A refused receive (no grant memory, no buffer, no driver) would refuse again at once: fault
        // so the kernel's policy sees it instead of spinning. A timed-out or oversized message is dropped.
        if (result.Error is { } error && error is not (ErrorCode.NoAck or ErrorCode.Size or ErrorCode.Cancel))
        {
            throw new InvalidOperationException("the MCTP PLDM driver refused a receive: " + error);
        }

        // The capsule writes the MCTP message type first; only PLDM (type 1) is ours.
        if (result.Error is not null || result.Length < 2 || result.Length > buffer.Length || _syscalls.Memory[buffer.Offset] != MctpTypePldm)
        {
            return PortEvent.Timeout;
        }

        _received = buffer with { Length = result.Length };
        return new PortEvent(kind, result.Length - 1, result.SourceEid, result.Tag);
    }

    private async Task AlarmAsync(long nanoseconds)
    {
        var ticks = (uint)Math.Min(uint.MaxValue, Math.Max(1, (decimal)nanoseconds * _frequency / 1_000_000_000m));
        await _syscalls.CommandAsync(AlarmDriver, 5, ticks, 0, 0);
    }
}
