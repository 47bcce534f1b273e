using System.Buffers.Binary;
using Rampart.Hal.Time;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Doe;

namespace Rampart.Host.Doe;

/// <summary>How one DOE exchange ended.</summary>
public enum DoeExchangeStatus
{
    /// <summary>An answer object was read.</summary>
    Ok,

    /// <summary>The function set Error (it cannot answer that object, or the length was wrong); Abort cleared it.</summary>
    Error,

    /// <summary>No Data Object Ready before the timeout; Abort cleared the mailbox.</summary>
    Timeout,

    /// <summary>
    /// The answer object was malformed (bad header, length past the mailbox, Ready dropped early or
    /// still set after the last dword) or of another vendor or type than the request; Abort cleared it.
    /// </summary>
    Malformed,

    /// <summary>The request object, or the answer, does not fit (the mailbox or the caller's buffer).</summary>
    TooLarge,
}

/// <summary>One DOE exchange's result: the answer's type and data length (padding included) in the caller's buffer.</summary>
public readonly record struct DoeExchange(DoeExchangeStatus Status, DoeDataObjectType Type, int Length)
{
    /// <summary>True when an answer was read.</summary>
    public bool IsOk => Status == DoeExchangeStatus.Ok;
}

/// <summary>Timing and limits of <see cref="DoeSpdmTransport"/> (chip time).</summary>
public sealed record DoeTransportOptions
{
    /// <summary>How long to wait for Data Object Ready after Go (1 s of chip time).</summary>
    public long TimeoutNs { get; init; } = 1_000_000_000;

    /// <summary>How often Status is polled while waiting.</summary>
    public long PollIntervalNs { get; init; } = 10_000;

    /// <summary>The largest object, header included, in dwords (the mailbox's size).</summary>
    public int MaxObjectDwords { get; init; } = 1040;
}

/// <summary>
/// SPDM over PCIe DOE for a host requester (PCIe 6.x §6.30 and §6.31, DSP0274 over CMA/SPDM data
/// objects): each SPDM message is a type 1 object, each DSP0277 secured record a type 2 object,
/// with no sequence number or random padding inside (<see cref="SecuredTransportProfile.Doe"/>).
/// One exchange drives the registers as the spec's host flow says: Busy (the instance cannot take
/// an object yet) is waited on for up to the timeout; a stale Error, an unread answer or a Busy
/// that outlasted the wait is then cleared with Abort; the object is written dword by dword into
/// Write Data Mailbox and Go set; Status is polled (chip time) until Data Object Ready or Error;
/// the answer is read dword by dword, each read acknowledged by a write to Read Data Mailbox.
/// Error, a timeout and a malformed answer end in Abort, so the next exchange starts clean, and
/// are reported as a status and counted — nothing a device answers throws. Runs on a simulated
/// core (its waits are chip timers); one exchange at a time.
/// </summary>
public sealed class DoeSpdmTransport : ISpdmRequesterTransport
{
    private readonly IDoeMailboxRegisters _registers;
    private readonly IChipTimer _timer;
    private readonly DoeTransportOptions _options;
    private readonly byte[] _object;

    /// <summary>Creates a transport over <paramref name="registers"/>, waiting with <paramref name="timer"/>.</summary>
    public DoeSpdmTransport(IDoeMailboxRegisters registers, IChipTimer timer, DoeTransportOptions? options = null)
    {
        _registers = registers ?? throw new ArgumentNullException(nameof(registers));
        _timer = timer ?? throw new ArgumentNullException(nameof(timer));
        _options = options ?? new DoeTransportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxObjectDwords, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PollIntervalNs, 1);
        _object = new byte[_options.MaxObjectDwords * 4];
    }

    /// <inheritdoc/>
    public SecuredTransportProfile Profile => SecuredTransportProfile.Doe;

    /// <summary>Exchanges that ended with an answer.</summary>
    public long Exchanges { get; private set; }

    /// <summary>Exchanges the function refused with Error.</summary>
    public long Errors { get; private set; }

    /// <summary>Exchanges that timed out.</summary>
    public long Timeouts { get; private set; }

    /// <summary>Malformed or oversized answers, and answers of another vendor or type than the request.</summary>
    public long Malformed { get; private set; }

    /// <summary>Aborts written.</summary>
    public long Aborts { get; private set; }

    /// <inheritdoc/>
    public async ValueTask<int> SendReceiveAsync(ReadOnlyMemory<byte> message, Memory<byte> response, bool secured, CancellationToken cancellationToken)
    {
        var type = secured ? DoeDataObjectType.SecuredSpdm : DoeDataObjectType.Spdm;
        var answer = await ExchangeAsync(type, message, response, cancellationToken);
        return answer.IsOk ? answer.Length : 0;
    }

    /// <summary>DOE Discovery (§6.30.1.1): which protocol sits at <paramref name="index"/>; null when the function did not answer.</summary>
    public async ValueTask<DoeDiscoveryResponse?> DiscoverAsync(byte index, CancellationToken cancellationToken = default)
    {
        var request = new byte[DoeDiscoveryRequest.Size];
        new DoeDiscoveryRequest(index).TryWrite(request);
        var response = new byte[16];
        var answer = await ExchangeAsync(DoeDataObjectType.Discovery, request, response, cancellationToken);
        if (!answer.IsOk || DoeDiscoveryResponse.TryRead(response.AsSpan(0, answer.Length), out var value) != WireStatus.Done)
        {
            return null;
        }

        return value;
    }

    /// <summary>
    /// Sends one PCI-SIG object of <paramref name="type"/> carrying <paramref name="data"/> and reads
    /// the answer's data into <paramref name="response"/>; the answer must be a PCI-SIG object of the
    /// same type.
    /// </summary>
    public async ValueTask<DoeExchange> ExchangeAsync(DoeDataObjectType type, ReadOnlyMemory<byte> data, Memory<byte> response, CancellationToken cancellationToken = default)
    {
        if (data.Length > _object.Length - DoeDataObjectHeader.Size || !DoeDataObject.TryWrite(type, data.Span, _object, out var written))
        {
            return new DoeExchange(DoeExchangeStatus.TooLarge, type, 0);
        }

        // Busy: the instance cannot take an object yet (§7.9.24.4, DOE Status); wait for it, within the timeout.
        long waited = 0;
        var status = _registers.Read(DoeRegisterMap.Status);
        while ((status & (DoeRegisterMap.Busy | DoeRegisterMap.Error | DoeRegisterMap.Ready)) == DoeRegisterMap.Busy
            && waited < _options.TimeoutNs && !cancellationToken.IsCancellationRequested)
        {
            await _timer.Delay(_options.PollIntervalNs);
            waited += _options.PollIntervalNs;
            status = _registers.Read(DoeRegisterMap.Status);
        }

        // A previous exchange left something behind (Error, an unread answer, a Busy that did not clear): start clean.
        if ((status & (DoeRegisterMap.Error | DoeRegisterMap.Busy | DoeRegisterMap.Ready)) != 0)
        {
            Abort();
        }

        for (var i = 0; i < written; i += 4)
        {
            if (!_registers.Write(DoeRegisterMap.WriteMailbox, BinaryPrimitives.ReadUInt32LittleEndian(_object.AsSpan(i))))
            {
                return Fail(DoeExchangeStatus.Error, type);
            }
        }

        if (!_registers.Write(DoeRegisterMap.Control, DoeRegisterMap.Go))
        {
            return Fail(DoeExchangeStatus.Error, type);
        }

        waited = 0;
        while (true)
        {
            status = _registers.Read(DoeRegisterMap.Status);
            if ((status & DoeRegisterMap.Error) != 0)
            {
                return Fail(DoeExchangeStatus.Error, type);
            }

            if ((status & DoeRegisterMap.Ready) != 0)
            {
                return ReadAnswer(type, response.Span);
            }

            if (cancellationToken.IsCancellationRequested || waited >= _options.TimeoutNs)
            {
                return Fail(DoeExchangeStatus.Timeout, type);
            }

            await _timer.Delay(_options.PollIntervalNs);
            waited += _options.PollIntervalNs;
        }
    }

    /// <summary>Writes Abort to DOE Control: the function drops any object in flight and clears Error.</summary>
    public void Abort()
    {
        Aborts++;
        _registers.Write(DoeRegisterMap.Control, DoeRegisterMap.Abort);
    }

    // The answer, dword by dword: dword 0 vendor ID and type, dword 1 the length in dwords (bits
    // 17:0, 0 meaning 2^18), header included; each read is acknowledged by a write.
    private DoeExchange ReadAnswer(DoeDataObjectType requested, Span<byte> response)
    {
        var count = 0;
        var length = DoeDataObjectHeader.Size / 4;
        while (count < length)
        {
            if ((_registers.Read(DoeRegisterMap.Status) & DoeRegisterMap.Ready) == 0)
            {
                return Fail(DoeExchangeStatus.Malformed, requested);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(_object.AsSpan(count * 4), _registers.Read(DoeRegisterMap.ReadMailbox));
            _registers.Write(DoeRegisterMap.ReadMailbox, 0);
            count++;
            if (count == 2)
            {
                var dwords = BinaryPrimitives.ReadUInt32LittleEndian(_object.AsSpan(4)) & 0x3_FFFF;
                length = dwords == 0 ? DoeDataObjectHeader.MaxLengthDwords : (int)dwords;
                if (length < 2 || length > _options.MaxObjectDwords)
                {
                    return Fail(DoeExchangeStatus.Malformed, requested);
                }
            }
        }

        // Ready still set: the function has more than its header said.
        if ((_registers.Read(DoeRegisterMap.Status) & DoeRegisterMap.Ready) != 0
            || DoeDataObject.TryRead(_object.AsSpan(0, length * 4), out var header, out var data, out _) != WireStatus.Done
            || header.VendorId != DoeDataObjectHeader.PciSigVendorId || header.Type != requested)
        {
            return Fail(DoeExchangeStatus.Malformed, requested);
        }

        if (data.Length > response.Length)
        {
            Malformed++;
            return new DoeExchange(DoeExchangeStatus.TooLarge, header.Type, 0);
        }

        data.CopyTo(response);
        Exchanges++;
        return new DoeExchange(DoeExchangeStatus.Ok, header.Type, data.Length);
    }

    private DoeExchange Fail(DoeExchangeStatus status, DoeDataObjectType type)
    {
        switch (status)
        {
            case DoeExchangeStatus.Error:
                Errors++;
                break;
            case DoeExchangeStatus.Timeout:
                Timeouts++;
                break;
            default:
                Malformed++;
                break;
        }

        Abort();
        return new DoeExchange(status, type, 0);
    }
}
