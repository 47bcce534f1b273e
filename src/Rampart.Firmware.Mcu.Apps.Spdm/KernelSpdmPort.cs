using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Doe;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>
/// A request the SPDM app received: the bytes after the MCTP message type (or the DOE data object
/// header), and where it came from.
/// </summary>
/// <param name="Secured">True for MCTP type 6 or DOE type 2 (a DSP0277 secured record), false for MCTP type 5 or DOE type 1.</param>
/// <param name="Length">Bytes of the body, in <see cref="KernelSpdmPort.Received"/>.</param>
/// <param name="SourceEid">The requester's EID.</param>
/// <param name="Tag">The MCTP tag to answer with.</param>
/// <param name="Doe">True when it came over PCIe DOE (the body is the object's data, dword padding included).</param>
internal sealed record SpdmRequest(bool Secured, int Length, byte SourceEid, byte Tag, bool Doe = false);

/// <summary>
/// The SPDM app's kernel side: requests from the MCTP SPDM capsule (0xA0000, message type 5), the
/// secured-SPDM capsule (0xA0001, type 6) and the DOE capsule (0xA000_0010, whole CMA/SPDM and
/// secured CMA/SPDM data objects) through <see cref="MctpClient"/>, and the Caliptra mailbox
/// (0x8000_0009) through <see cref="CaliptraMailboxClient"/>. Buffers are fixed slices of the
/// app's arena: two MCTP receive buffers and one transmit buffer of <see cref="MaxMessage"/>, a DOE
/// receive and a DOE transmit buffer of <see cref="MaxDoeObject"/>, a mailbox request of <see cref="MailboxRequestSize"/> (the largest
/// transcript the responder hashes in one CM_SHA), a response of <see cref="MailboxResponseSize"/>
/// and one session-secret record (decision 0276).
/// </summary>
internal sealed class KernelSpdmPort : ISpdmMailbox
{
    /// <summary>The largest MCTP message, type byte included (the mux's limit).</summary>
    public const int MaxMessage = 4096;

    /// <summary>The largest DOE data object: a message of <see cref="MaxMessage"/> and the object header.</summary>
    public const int MaxDoeObject = MaxMessage + DoeHeader;

    /// <summary>Room for a mailbox request.</summary>
    public const int MailboxRequestSize = 12 * 1024;

    /// <summary>Room for a mailbox response (a QUOTE_PCRS_ECC384 answer is 1848 bytes, a certificate about 700).</summary>
    public const int MailboxResponseSize = 4 * 1024;

    private const byte MctpTypeSpdm = 0x05;
    private const byte MctpTypeSecuredSpdm = 0x06;
    private const int DoeHeader = 8;
    private const byte DoeTypeSpdm = (byte)DoeDataObjectType.Spdm;
    private const byte DoeTypeSecuredSpdm = (byte)DoeDataObjectType.SecuredSpdm;
    private const uint DoeCommandRefuse = 6;
    private readonly ISyscalls _syscalls;
    private readonly MctpClient _plain;
    private readonly MctpClient _secured;
    private readonly MctpClient _doe;
    private readonly CaliptraMailboxClient _mailbox;
    private readonly AppSlice _rxPlain = new(0, MaxMessage);
    private readonly AppSlice _rxSecured = new(MaxMessage, MaxMessage);
    private readonly AppSlice _tx = new(2 * MaxMessage, MaxMessage);
    private readonly AppSlice _mailboxRequest = new(3 * MaxMessage, MailboxRequestSize);
    private readonly AppSlice _mailboxResponse = new((3 * MaxMessage) + MailboxRequestSize, MailboxResponseSize);
    private readonly AppSlice _rxDoe = new((3 * MaxMessage) + MailboxRequestSize + MailboxResponseSize, MaxDoeObject);
    private readonly AppSlice _txDoe = new((3 * MaxMessage) + MailboxRequestSize + MailboxResponseSize + MaxDoeObject, MaxDoeObject);
    private readonly AppSlice _secretRecord = new((3 * MaxMessage) + MailboxRequestSize + MailboxResponseSize + (2 * MaxDoeObject), SessionSecretsPort.BufferSize);
    private Task<MctpReceiveResult>? _pendingPlain;
    private Task<MctpReceiveResult>? _pendingSecured;
    private Task<MctpReceiveResult>? _pendingDoe;
    private readonly Task<MctpReceiveResult>[] _waits = new Task<MctpReceiveResult>[3];
    private AppSlice _received;
    private int _receivedHeader = 1;

    public KernelSpdmPort(ISyscalls syscalls)
    {
        _syscalls = syscalls;
        _plain = new MctpClient(syscalls, DriverNumbers.MctpSpdm);
        _secured = new MctpClient(syscalls, DriverNumbers.MctpSecuredSpdm);
        _doe = new MctpClient(syscalls, DriverNumbers.DoeSpdm);
        _mailbox = new CaliptraMailboxClient(syscalls);
        var end = _secretRecord.Offset + _secretRecord.Length;
        if (syscalls.Memory.Length < end)
        {
            syscalls.Memop(MemopOperation.Sbrk, (uint)(end - syscalls.Memory.Length));
        }
    }

    /// <summary>
    /// The session-secret sink when the host asked for DHE secrets (the driver exists only then,
    /// decision 0276); null otherwise.
    /// </summary>
    public SessionSecretsPort? OpenSessionSecrets() => SessionSecretsPort.TryOpen(_syscalls, _secretRecord);

    /// <summary>
    /// The provisioned requester the responder must authenticate (decision 0277), or null. Read
    /// through the mailbox request slice, so only before the first mailbox command.
    /// </summary>
    public SpdmRequesterTrust? ReadRequesterTrust() => RequesterTrustPort.Read(_syscalls, _mailboxRequest);

    /// <summary>The body of the last request <see cref="ReceiveAsync"/> returned.</summary>
    public ReadOnlySpan<byte> Received => _syscalls.Memory.Slice(_received.Offset + _receivedHeader, Math.Max(0, _received.Length - _receivedHeader));

    /// <summary>Where an MCTP response body goes before <see cref="SendResponseAsync"/> (after the type byte).</summary>
    public Span<byte> Transmit => _syscalls.Memory.Slice(_tx.Offset + 1, _tx.Length - 1);

    /// <summary>Where the response body to <paramref name="request"/> goes (after the MCTP type byte or the DOE header).</summary>
    public Span<byte> TransmitFor(SpdmRequest request) =>
        request.Doe ? _syscalls.Memory.Slice(_txDoe.Offset + DoeHeader, _txDoe.Length - DoeHeader - 3) : Transmit;

    /// <summary>Where a mailbox request is written before <see cref="ExecuteAsync"/>.</summary>
    public Span<byte> MailboxRequest => _syscalls.Memory.Slice(_mailboxRequest.Offset, _mailboxRequest.Length);

    /// <summary>Waits for the next request on any driver; null when one was dropped (timed out, oversized, wrong type).</summary>
    public async ValueTask<SpdmRequest?> ReceiveAsync()
    {
        _pendingPlain ??= _plain.ReceiveRequestAsync(_rxPlain).AsTask();
        _pendingSecured ??= _secured.ReceiveRequestAsync(_rxSecured).AsTask();
        _pendingDoe ??= _doe.ReceiveRequestAsync(_rxDoe).AsTask();
        _waits[0] = _pendingPlain;
        _waits[1] = _pendingSecured;
        _waits[2] = _pendingDoe;
        var first = await Task.WhenAny(_waits);
        if (first == _pendingDoe)
        {
            var doe = await _pendingDoe;
            _pendingDoe = null;
            return AcceptDoe(doe);
        }

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
        if (request.Doe)
        {
            return await SendDoeAsync(request, length);
        }

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

    /// <summary>
    /// Answers a DOE request with the first <paramref name="length"/> bytes of its
    /// <see cref="TransmitFor"/> as one data object (header, body, zero padding to a dword); a
    /// length of 0 or less refuses it instead (the host sees the DOE Error bit).
    /// </summary>
    private async ValueTask<bool> SendDoeAsync(SpdmRequest request, int length)
    {
        if (length <= 0 || length > _txDoe.Length - DoeHeader - 3)
        {
            RefuseDoe();
            return false;
        }

        var header = DoeDataObjectHeader.ForData(request.Secured ? DoeDataObjectType.SecuredSpdm : DoeDataObjectType.Spdm, length);
        var memory = _syscalls.Memory;
        header.TryWrite(memory.Slice(_txDoe.Offset, DoeHeader));
        memory.Slice(_txDoe.Offset + DoeHeader + length, header.TotalBytes - DoeHeader - length).Clear();
        var result = await _doe.SendResponseAsync(0, 0, _txDoe with { Length = header.TotalBytes });
        return result.Error is null;
    }

    /// <summary>Tells the DOE capsule the request being served gets no answer (a dropped secured record).</summary>
    public void RefuseDoe() => _ = _syscalls.Command(DriverNumbers.DoeSpdm, DoeCommandRefuse, 0, 0);

    // A whole DOE data object: the capsule checked its header; the body starts after it.
    private SpdmRequest? AcceptDoe(MctpReceiveResult result)
    {
        if (result.Error is { } error && error is not (ErrorCode.Size or ErrorCode.Cancel))
        {
            throw new InvalidOperationException("the DOE SPDM driver refused a receive: " + error);
        }

        var type = _syscalls.Memory[_rxDoe.Offset + 2];
        if (result.Error is not null || result.Length <= DoeHeader || result.Length > _rxDoe.Length || type is not (DoeTypeSpdm or DoeTypeSecuredSpdm))
        {
            return null;
        }

        _received = _rxDoe with { Length = result.Length };
        _receivedHeader = DoeHeader;
        return new SpdmRequest(type == DoeTypeSecuredSpdm, result.Length - DoeHeader, 0, 0, Doe: true);
    }

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
        _receivedHeader = 1;
        return new SpdmRequest(type == MctpTypeSecuredSpdm, result.Length - 1, result.SourceEid, result.Tag);
    }
}
