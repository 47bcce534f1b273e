using System.Buffers.Binary;
using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>Refusals of the DOE mailbox by reason.</summary>
public sealed class DoeCounters
{
    /// <summary>Writes while busy, or reads with no object ready.</summary>
    public long WrongState { get; internal set; }

    /// <summary>Objects longer than the mailbox (Error), or whose header length disagrees with the dwords written (discarded).</summary>
    public long BadLength { get; internal set; }

    /// <summary>Requests firmware discarded without an answer or Error (a length its header does not match).</summary>
    public long Discarded { get; internal set; }

    /// <summary>Requests firmware refused (unsupported type, malformed): Error set, no answer.</summary>
    public long Refused { get; internal set; }

    /// <summary>Aborts requested by the host.</summary>
    public long Aborts { get; internal set; }

    /// <summary>Unknown register offsets.</summary>
    public long UnknownRegister { get; internal set; }
}

/// <summary>
/// A PCIe Data Object Exchange mailbox (PCIe 6.x §6.30, DOE extended capability) at register
/// level. The host writes an object dword by dword into Write Data Mailbox and sets Go;
/// the header's length (dword 1 bits 17:0, in dwords, 0 meaning 2^18) must match the dwords
/// written, or the object is silently discarded (§6.30.1: no answer, no Error; the host times
/// out). More dwords than the mailbox holds set Error. Firmware takes the object through
/// <see cref="IDoeResponder"/> and answers; Data Object Ready rises and the host reads Read
/// Data Mailbox, writing it to advance. Abort clears everything.
/// </summary>
public sealed class DoeMailbox : IDoeResponder
{
    /// <summary>DOE Capabilities.</summary>
    public const uint CapabilitiesOffset = 0x04;

    /// <summary>DOE Control: bit 0 Abort, bit 31 Go.</summary>
    public const uint ControlOffset = 0x08;

    /// <summary>DOE Status: bit 0 Busy, bit 2 Error, bit 31 Data Object Ready.</summary>
    public const uint StatusOffset = 0x0C;

    /// <summary>DOE Write Data Mailbox.</summary>
    public const uint WriteMailboxOffset = 0x10;

    /// <summary>DOE Read Data Mailbox.</summary>
    public const uint ReadMailboxOffset = 0x14;

    /// <summary>Control: abort.</summary>
    public const uint AbortBit = 1u << 0;

    /// <summary>Control: go.</summary>
    public const uint GoBit = 1u << 31;

    /// <summary>Status: busy.</summary>
    public const uint BusyBit = 1u << 0;

    /// <summary>Status: error.</summary>
    public const uint ErrorBit = 1u << 2;

    /// <summary>Status: data object ready.</summary>
    public const uint ReadyBit = 1u << 31;

    private const int HeaderDwords = 2;
    private const uint LengthMask = 0x3_FFFF;

    private readonly Simulator _simulator;
    private readonly uint[] _request;
    private readonly uint[] _response;
    private readonly SimSignal _requestSignal;
    private int _requestDwords;
    private int _responseDwords;
    private int _readIndex;
    private bool _busy;
    private bool _error;
    private bool _requestPending;

    /// <summary>Creates a mailbox holding objects of up to <paramref name="maxObjectDwords"/> dwords.</summary>
    public DoeMailbox(Simulator simulator, int maxObjectDwords = 1024)
    {
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObjectDwords, HeaderDwords);
        _request = new uint[maxObjectDwords];
        _response = new uint[maxObjectDwords];
        _requestSignal = simulator.CreateSignal("doe.request");
        Faults = new FaultInjector(simulator.Random);
    }

    /// <summary>Refusals by reason.</summary>
    public DoeCounters Counters { get; } = new();

    /// <summary>Stuck bits on register reads; drop/corrupt on mailbox dwords.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Host-side register read.</summary>
    public uint Read(uint offset)
    {
        uint value;
        switch (offset)
        {
            case CapabilitiesOffset:
                value = 0;
                break;
            case ControlOffset:
                value = 0;
                break;
            case StatusOffset:
                value = (_busy ? BusyBit : 0) | (_error ? ErrorBit : 0) | (_readIndex < _responseDwords ? ReadyBit : 0);
                break;
            case ReadMailboxOffset:
                if (_readIndex >= _responseDwords)
                {
                    Counters.WrongState++;
                    return 0;
                }

                value = DataFault(_response[_readIndex]);
                break;
            default:
                Counters.UnknownRegister++;
                return 0;
        }

        return Faults.ApplyToRegister(value);
    }

    /// <summary>Host-side register write; false if ignored.</summary>
    public bool Write(uint offset, uint value)
    {
        switch (offset)
        {
            case ControlOffset when (value & AbortBit) != 0:
                Counters.Aborts++;
                ClearAll();
                Trace("abort", 0);
                _requestSignal.Set();
                return true;
            case ControlOffset when (value & GoBit) != 0:
                return Go();
            case ControlOffset:
                return true;
            case WriteMailboxOffset:
                if (_busy || _requestPending || _readIndex < _responseDwords)
                {
                    Counters.WrongState++;
                    return false;
                }

                if (_requestDwords >= _request.Length)
                {
                    Counters.BadLength++;
                    _error = true;
                    return false;
                }

                _request[_requestDwords++] = DataFault(value);
                return true;
            case ReadMailboxOffset:
                if (_readIndex >= _responseDwords)
                {
                    Counters.WrongState++;
                    return false;
                }

                _readIndex++;
                return true;
            default:
                Counters.UnknownRegister++;
                return false;
        }
    }

    /// <inheritdoc/>
    public bool TryReceive(Span<byte> destination, out int length)
    {
        length = 0;
        if (!_requestPending || destination.Length < _requestDwords * 4)
        {
            return false;
        }

        for (var i = 0; i < _requestDwords; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(i * 4)..], _request[i]);
        }

        length = _requestDwords * 4;
        _requestPending = false;
        _requestDwords = 0;
        return true;
    }

    /// <inheritdoc/>
    public bool TryRespond(ReadOnlySpan<byte> dataObject)
    {
        var dwords = dataObject.Length / 4;
        if (!_busy || _requestPending || dataObject.Length % 4 != 0 || dwords < HeaderDwords || dwords > _response.Length
            || ObjectLength(BinaryPrimitives.ReadUInt32LittleEndian(dataObject[4..])) != dwords)
        {
            Counters.BadLength++;
            return false;
        }

        for (var i = 0; i < dwords; i++)
        {
            _response[i] = BinaryPrimitives.ReadUInt32LittleEndian(dataObject[(i * 4)..]);
        }

        _responseDwords = dwords;
        _readIndex = 0;
        _busy = false;
        Trace("response", (uint)dwords);
        return true;
    }

    /// <inheritdoc/>
    public bool TryRefuse()
    {
        if (!_busy || _requestPending)
        {
            return false;
        }

        _busy = false;
        _error = true;
        Counters.Refused++;
        Trace("refused", 0);
        return true;
    }

    /// <inheritdoc/>
    public bool TryDiscard()
    {
        if (!_busy || _requestPending)
        {
            return false;
        }

        _busy = false;
        Counters.Discarded++;
        Trace("discarded", 0);
        return true;
    }

    /// <inheritdoc/>
    public ValueTask WaitForRequest() => _requestPending ? ValueTask.CompletedTask : _requestSignal.WaitAsync();

    /// <summary>Wires this mailbox's request signal (Go or Abort) into <paramref name="line"/>.</summary>
    public void RouteRequestsTo(InterruptLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Connect(_requestSignal);
    }

    private static long ObjectLength(uint dword1)
    {
        var length = dword1 & LengthMask;
        return length == 0 ? LengthMask + 1 : length;
    }

    private bool Go()
    {
        if (_busy || _requestPending)
        {
            Counters.BadLength++;
            _error = true;
            _requestDwords = 0;
            return false;
        }

        // PCIe 6.x §6.30.1: "If the number of DW transferred does not match the indicated Length
        // for a data object, then the data object must be silently discarded."
        if (_requestDwords < HeaderDwords || ObjectLength(_request[1]) != _requestDwords)
        {
            Counters.BadLength++;
            _requestDwords = 0;
            Trace("discarded", 0);
            return false;
        }

        _busy = true;
        _requestPending = true;
        _error = false;
        _responseDwords = 0;
        _readIndex = 0;
        Trace("request", (uint)_requestDwords);
        _requestSignal.Set();
        return true;
    }

    private uint DataFault(uint value)
    {
        if (Faults.IsQuiet)
        {
            return value;
        }

        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, value);
        Faults.Apply(word);
        return BinaryPrimitives.ReadUInt32LittleEndian(word);
    }

    private void ClearAll()
    {
        _busy = false;
        _error = false;
        _requestPending = false;
        _requestDwords = 0;
        _responseDwords = 0;
        _readIndex = 0;
    }

    private void Trace(string kind, uint value)
    {
        if (_simulator.Trace.Enabled)
        {
            _simulator.Trace.Record("doe", kind, value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
