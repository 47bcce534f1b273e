using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Caliptra;
using Rampart.Wire;

namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>
/// The VDM app's kernel side: requests from the MCTP Caliptra VDM capsule (0xA0003) through
/// <see cref="MctpClient"/>, FW_INFO from the Caliptra mailbox (0x8000_0009) through
/// <see cref="CaliptraMailboxClient"/>. Buffers are fixed slices at the start of the app's
/// arena (under 1 KiB: receive 256, transmit 1 + <see cref="CaliptraVdmResponder.MaxResponseSize"/>,
/// mailbox request 4 and response <see cref="FwInfoResponse.Size"/>).
/// </summary>
internal sealed class KernelVdmPort : ICaliptraFirmwareInfo
{
    private const byte MctpTypeVendorIana = 0x7F;
    private const int ReceiveSize = 256;
    private readonly ISyscalls _syscalls;
    private readonly MctpClient _mctp;
    private readonly CaliptraMailboxClient _mailbox;
    private readonly AppSlice _rx = new(0, ReceiveSize);
    private readonly AppSlice _tx = new(ReceiveSize, 1 + CaliptraVdmResponder.MaxResponseSize);
    private readonly AppSlice _mailboxRequest = new(ReceiveSize + 1 + CaliptraVdmResponder.MaxResponseSize, MailboxHeaders.RequestHeaderSize);
    private readonly AppSlice _mailboxResponse = new(ReceiveSize + 1 + CaliptraVdmResponder.MaxResponseSize + MailboxHeaders.RequestHeaderSize, FwInfoResponse.Size);

    public KernelVdmPort(ISyscalls syscalls)
    {
        _syscalls = syscalls;
        _mctp = new MctpClient(syscalls, DriverNumbers.MctpCaliptraVdm);
        _mailbox = new CaliptraMailboxClient(syscalls);
        var end = _mailboxResponse.Offset + _mailboxResponse.Length;
        if (syscalls.Memory.Length < end)
        {
            syscalls.Memop(MemopOperation.Sbrk, (uint)(end - syscalls.Memory.Length));
        }
    }

    /// <summary>Waits for the next Caliptra VDM request; null when one was dropped (timed out, oversized, not type 0x7F).</summary>
    public async ValueTask<(byte[] Body, byte SourceEid, byte Tag)?> ReceiveAsync()
    {
        var result = await _mctp.ReceiveRequestAsync(_rx);

        // A refused receive (no grant memory, no buffer, no driver) would refuse again at once:
        // fault so the kernel's restart policy sees it instead of spinning.
        if (result.Error is { } error && error is not (ErrorCode.NoAck or ErrorCode.Size or ErrorCode.Cancel))
        {
            throw new InvalidOperationException("the MCTP Caliptra VDM driver refused a receive: " + error);
        }

        if (result.Error is not null || result.Length < 1 || result.Length > _rx.Length || _syscalls.Memory[_rx.Offset] != MctpTypeVendorIana)
        {
            return null;
        }

        return (_syscalls.Memory.Slice(_rx.Offset + 1, result.Length - 1).ToArray(), result.SourceEid, result.Tag);
    }

    /// <summary>Sends <paramref name="body"/> (after the type byte) as the response to the request with <paramref name="tag"/>.</summary>
    public async ValueTask<bool> SendResponseAsync(byte destinationEid, byte tag, ReadOnlyMemory<byte> body)
    {
        if (body.Length > _tx.Length - 1)
        {
            return false;
        }

        _syscalls.Memory[_tx.Offset] = MctpTypeVendorIana;
        body.Span.CopyTo(_syscalls.Memory.Slice(_tx.Offset + 1, body.Length));
        var result = await _mctp.SendResponseAsync(destinationEid, tag, _tx with { Length = body.Length + 1 });
        return result.Error is null;
    }

    /// <inheritdoc/>
    public async ValueTask<FwInfoResponse?> GetFwInfoAsync()
    {
        if (!MailboxHeaders.TryWriteEmptyRequest(CaliptraCommand.FwInfo, _syscalls.Memory.Slice(_mailboxRequest.Offset, _mailboxRequest.Length), out var written))
        {
            return null;
        }

        var result = await _mailbox.ExecuteAsync((uint)CaliptraCommand.FwInfo, _mailboxRequest with { Length = written }, _mailboxResponse);
        return result.Error is null
            && FwInfoResponse.TryRead(_syscalls.Memory.Slice(_mailboxResponse.Offset, Math.Min(result.ResponseLength, _mailboxResponse.Length)), out var info) == WireStatus.Done
            ? info
            : null;
    }
}
