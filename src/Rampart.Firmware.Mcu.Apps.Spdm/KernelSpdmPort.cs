using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>A request the SPDM app received: the bytes after the MCTP message type, and where it came from.</summary>
/// <param name="Secured">True for MCTP type 6 (a DSP0277 secured record), false for type 5.</param>
/// <param name="Length">Bytes of the body, in <see cref="KernelSpdmPort.Received"/>.</param>
/// <param name="SourceEid">The requester's EID.</param>
/// <param name="Tag">The MCTP tag to answer with.</param>
internal readonly record struct SpdmRequest(bool Secured, int Length, byte SourceEid, byte Tag);

/// <summary>
/// The SPDM app's kernel side: requests from the MCTP SPDM capsule (0xA0000, message type 5) and
/// the secured-SPDM capsule (0xA0001, type 6) through <see cref="MctpClient"/>, and the Caliptra
/// mailbox (0x8000_0009) through <see cref="CaliptraMailboxClient"/>. Buffers are fixed slices
/// of the app's arena: two receive buffers and one transmit buffer of
/// <see cref="MaxMessage"/>, a mailbox request of <see cref="MailboxRequestSize"/> (the largest
/// transcript the responder hashes in one CM_SHA) and a response of <see cref="MailboxResponseSize"/>.
/// </summary>
internal sealed class KernelSpdmPort : ISpdmMailbox
{
    /// <summary>The largest MCTP message, type byte included (the mux's limit).</summary>
    public const int MaxMessage = 4096;

    /// <summary>Room for a mailbox request.</summary>
    public const int MailboxRequestSize = 12 * 1024;

    /// <summary>Room for a mailbox response (a QUOTE_PCRS_ECC384 answer is 1848 bytes, a certificate about 700).</summary>
    public const int MailboxResponseSize = 4 * 1024;

    private const byte MctpTypeSpdm = 0x05;
    private const byte MctpTypeSecuredSpdm = 0x06;
    private readonly ISyscalls _syscalls;
    private readonly MctpClient _plain;
    private readonly MctpClient _secured;
    private readonly CaliptraMailboxClient _mailbox;
    private readonly AppSlice _rxPlain = new(0, MaxMessage);
    private readonly AppSlice _rxSecured = new(MaxMessage, MaxMessage);
    private readonly AppSlice _tx = new(2 * MaxMessage, MaxMessage);
    private readonly AppSlice _mailboxRequest = new(3 * MaxMessage, MailboxRequestSize);
    private readonly AppSlice _mailboxResponse = new((3 * MaxMessage) + MailboxRequestSize, MailboxResponseSize);
    private Task<MctpReceiveResult>? _pendingPlain;
    private Task<MctpReceiveResult>? _pendingSecured;
    private AppSlice _received;

    public KernelSpdmPort(ISyscalls syscalls)
    {
        _syscalls = syscalls;
        _plain = new MctpClient(syscalls, DriverNumbers.MctpSpdm);
        _secured = new MctpClient(syscalls, DriverNumbers.MctpSecuredSpdm);
        _mailbox = new CaliptraMailboxClient(syscalls);
        var end = _mailboxResponse.Offset + _mailboxResponse.Length;
        if (syscalls.Memory.Length < end)
        {
            syscalls.Memop(MemopOperation.Sbrk, (uint)(end - syscalls.Memory.Length));
        }
    }

    /// <summary>The body of the last request <see cref="ReceiveAsync"/> returned.</summary>
    public ReadOnlySpan<byte> Received => _syscalls.Memory.Slice(_received.Offset + 1, Math.Max(0, _received.Length - 1));

    /// <summary>Where a response body goes before <see cref="SendResponseAsync"/> (after the type byte).</summary>
    public Span<byte> Transmit => _syscalls.Memory.Slice(_tx.Offset + 1, _tx.Length - 1);

    /// <summary>Where a mailbox request is written before <see cref="ExecuteAsync"/>.</summary>
    public Span<byte> MailboxRequest => _syscalls.Memory.Slice(_mailboxRequest.Offset, _mailboxRequest.Length);

    /// <summary>Waits for the next request on either driver; null when one was dropped (timed out, oversized, wrong type).</summary>
    public async ValueTask<SpdmRequest?> ReceiveAsync()
    {
        _pendingPlain ??= _plain.ReceiveRequestAsync(_rxPlain).AsTask();
        _pendingSecured ??= _secured.ReceiveRequestAsync(_rxSecured).AsTask();
        var first = await Task.WhenAny(_pendingPlain, _pendingSecured);
        if (first == _pendingPlain)
        {
            var result = await _pendingPlain;
            _pendingPlain = null;
            return Accept(result, _rxPlain, MctpTypeSpdm);
        }

        var secured = await _pendingSecured;
        _pendingSecured = null;
        return Accept(secured, _rxSecured, MctpTypeSecuredSpdm);
    }

    /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="Transmit"/> as the answer to <paramref name="request"/>.</summary>
    public async ValueTask<bool> SendResponseAsync(SpdmRequest request, int length)
    {
        if (length <= 0 || length > _tx.Length - 1)
        {
            return false;
        }

        _syscalls.Memory[_tx.Offset] = request.Secured ? MctpTypeSecuredSpdm : MctpTypeSpdm;
        var client = request.Secured ? _secured : _plain;
        var result = await client.SendResponseAsync(request.SourceEid, request.Tag, _tx with { Length = length + 1 });
        return result.Error is null;
    }

    /// <summary>
    /// Executes the <paramref name="requestLength"/>-byte request in <see cref="MailboxRequest"/>;
    /// returns the response length (read it with <see cref="MailboxResponse"/>), or -1 when
    /// Caliptra refused or the mailbox failed.
    /// </summary>
    public async ValueTask<int> ExecuteAsync(CaliptraCommand command, int requestLength)
    {
        var result = await _mailbox.ExecuteAsync((uint)command, _mailboxRequest with { Length = requestLength }, _mailboxResponse);
        return result.Error is null ? Math.Min(result.ResponseLength, _mailboxResponse.Length) : -1;
    }

    /// <summary>The first <paramref name="length"/> bytes of the last mailbox response.</summary>
    public ReadOnlySpan<byte> MailboxResponse(int length) => _syscalls.Memory.Slice(_mailboxResponse.Offset, Math.Max(0, length));

    private SpdmRequest? Accept(MctpReceiveResult result, AppSlice buffer, byte type)
    {
        // A refused receive (no grant memory, no buffer, no driver) would refuse again at once:
        // fault so the kernel's restart policy sees it instead of spinning.
        if (result.Error is { } error && error is not (ErrorCode.NoAck or ErrorCode.Size or ErrorCode.Cancel))
        {
            throw new InvalidOperationException("an MCTP SPDM driver refused a receive: " + error);
        }

        if (result.Error is not null || result.Length < 2 || result.Length > buffer.Length || _syscalls.Memory[buffer.Offset] != type)
        {
            return null;
        }

        _received = buffer with { Length = result.Length };
        return new SpdmRequest(type == MctpTypeSecuredSpdm, result.Length - 1, result.SourceEid, result.Tag);
    }
}
