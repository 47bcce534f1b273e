using System.Buffers.Binary;
using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>States of the mailbox FSM (Caliptra mbox_csr STATUS.mbox_fsm_ps).</summary>
public enum MailboxFsmState
{
    /// <summary>Unlocked.</summary>
    Idle = 0,

    /// <summary>Locked, waiting for CMD.</summary>
    ReadyForCommand = 1,

    /// <summary>Waiting for DLEN.</summary>
    ReadyForLength = 2,

    /// <summary>Taking DATAIN.</summary>
    ReadyForData = 3,

    /// <summary>Executed; Caliptra works on it.</summary>
    ExecuteUc = 4,

    /// <summary>Caliptra answered; the SoC reads the response.</summary>
    ExecuteSoc = 6,
}

/// <summary>Why a mailbox access was refused.</summary>
public sealed class MailboxCounters
{
    /// <summary>Accesses that needed the lock from a requester that does not hold it.</summary>
    public long WithoutLock { get; internal set; }

    /// <summary>Accesses from a requester id that is not allowed at all.</summary>
    public long WrongRequester { get; internal set; }

    /// <summary>Accesses in a state that does not take them.</summary>
    public long WrongState { get; internal set; }

    /// <summary>Data lengths or writes beyond the mailbox size.</summary>
    public long Oversized { get; internal set; }

    /// <summary>LOCK reads that found the mailbox taken.</summary>
    public long LockContended { get; internal set; }

    /// <summary>Unknown register offsets.</summary>
    public long UnknownRegister { get; internal set; }
}

/// <summary>
/// The Caliptra SoC mailbox at register level (offsets of Caliptra's mbox_csr). A SoC
/// requester reads LOCK to acquire (0 = acquired), writes CMD, DLEN, DATAIN…, sets EXECUTE;
/// Caliptra (requester <see cref="CaliptraRequester"/>) reads CMD/DLEN/DATAOUT, writes its
/// answer and STATUS; the SoC reads the response and clears EXECUTE, which unlocks. Every
/// access carries the requester id (AXI user); misuse is refused, as the hardware refuses it,
/// and counted in <see cref="Counters"/>.
/// </summary>
public sealed class SocMailbox
{
    /// <summary>LOCK: a read acquires.</summary>
    public const uint LockOffset = 0x00;

    /// <summary>USER: the lock holder's requester id.</summary>
    public const uint UserOffset = 0x04;

    /// <summary>CMD.</summary>
    public const uint CommandOffset = 0x08;

    /// <summary>DLEN in bytes.</summary>
    public const uint DataLengthOffset = 0x0C;

    /// <summary>DATAIN: a write appends a dword.</summary>
    public const uint DataInOffset = 0x10;

    /// <summary>DATAOUT: a read returns the next dword.</summary>
    public const uint DataOutOffset = 0x14;

    /// <summary>EXECUTE.</summary>
    public const uint ExecuteOffset = 0x18;

    /// <summary>STATUS: bits 3:0 status, 8:6 FSM state, bit 9 SoC has lock.</summary>
    public const uint StatusOffset = 0x1C;

    /// <summary>UNLOCK: Caliptra writes 1 to force-release.</summary>
    public const uint UnlockOffset = 0x20;

    /// <summary>The requester id of the Caliptra core itself.</summary>
    public const uint CaliptraRequester = 0xFFFF_FFFF;

    private const int FsmShift = 6;
    private const int SocHasLockBit = 9;

    private readonly Simulator _simulator;
    private readonly byte[] _memory;
    private readonly HashSet<uint> _validRequesters;
    private readonly SimSignal _toCaliptra;
    private readonly SimSignal _toSoc;
    private uint _owner;
    private uint _command;
    private int _dataLength;
    private int _writePointer;
    private int _readPointer;
    private MailboxCommandStatus _status;

    /// <summary>Creates a mailbox of <paramref name="capacityBytes"/> that accepts the given SoC requester ids.</summary>
    public SocMailbox(Simulator simulator, IEnumerable<uint> validRequesters, int capacityBytes = 256 * 1024)
    {
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        ArgumentNullException.ThrowIfNull(validRequesters);
        if (capacityBytes <= 0 || capacityBytes % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityBytes));
        }

        _memory = new byte[capacityBytes];
        _validRequesters = [.. validRequesters];
        _validRequesters.Remove(CaliptraRequester);
        _toCaliptra = simulator.CreateSignal("mbox.execute");
        _toSoc = simulator.CreateSignal("mbox.status");
        Faults = new FaultInjector(simulator.Random);
    }

    /// <summary>Mailbox size in bytes.</summary>
    public int Capacity => _memory.Length;

    /// <summary>The FSM state.</summary>
    public MailboxFsmState State { get; private set; }

    /// <summary>Refusals by reason.</summary>
    public MailboxCounters Counters { get; } = new();

    /// <summary>Faults on DATAIN writes (drop, corrupt, stuck) and on register reads (stuck).</summary>
    public FaultInjector Faults { get; }

    internal SimSignal ToCaliptra => _toCaliptra;

    internal SimSignal ToSoc => _toSoc;

    /// <summary>Wires the SoC-side status signal (what a requester waits on) into <paramref name="line"/>.</summary>
    public void RouteSocStatusTo(InterruptLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Connect(_toSoc);
    }

    /// <summary>A register read by <paramref name="requester"/>. Refused reads return 0 (LOCK: 1).</summary>
    public uint Read(uint requester, uint offset)
    {
        var caliptra = requester == CaliptraRequester;
        if (!caliptra && !_validRequesters.Contains(requester))
        {
            Counters.WrongRequester++;
            return offset == LockOffset ? 1u : 0u;
        }

        uint value;
        switch (offset)
        {
            case LockOffset:
                if (State != MailboxFsmState.Idle || caliptra)
                {
                    Counters.LockContended++;
                    return 1;
                }

                _owner = requester;
                State = MailboxFsmState.ReadyForCommand;
                _status = MailboxCommandStatus.Busy;
                Trace("lock", requester);
                return 0;
            case UserOffset:
                value = _owner;
                break;
            case CommandOffset:
                value = CanSee(requester, caliptra) ? _command : 0;
                break;
            case DataLengthOffset:
                value = CanSee(requester, caliptra) ? (uint)_dataLength : 0;
                break;
            case DataOutOffset:
                value = ReadDataOut(requester, caliptra);
                break;
            case ExecuteOffset:
                value = State is MailboxFsmState.ExecuteUc or MailboxFsmState.ExecuteSoc ? 1u : 0u;
                break;
            case StatusOffset:
                value = (uint)_status | ((uint)State << FsmShift) | (State != MailboxFsmState.Idle ? 1u << SocHasLockBit : 0);
                break;
            default:
                Counters.UnknownRegister++;
                return 0;
        }

        return Faults.ApplyToRegister(value);
    }

    /// <summary>A register write by <paramref name="requester"/>; false if the hardware ignores it.</summary>
    public bool Write(uint requester, uint offset, uint value)
    {
        var caliptra = requester == CaliptraRequester;
        if (!caliptra && !_validRequesters.Contains(requester))
        {
            Counters.WrongRequester++;
            return false;
        }

        return offset switch
        {
            CommandOffset => SocMay(requester, caliptra, MailboxFsmState.ReadyForCommand) && SetCommand(value),
            DataLengthOffset when caliptra => CaliptraSetLength(value),
            DataLengthOffset => SocMay(requester, caliptra, MailboxFsmState.ReadyForLength) && SetLength(value, MailboxFsmState.ReadyForData),
            DataInOffset when caliptra => State == MailboxFsmState.ExecuteUc ? AppendData(value) : WrongState(),
            DataInOffset => SocMay(requester, caliptra, MailboxFsmState.ReadyForData) && AppendData(value),
            ExecuteOffset when caliptra => WrongState(),
            ExecuteOffset => value != 0 ? SocMay(requester, caliptra, MailboxFsmState.ReadyForData) && Execute() : Release(requester),
            StatusOffset when caliptra => CaliptraSetStatus(value),
            UnlockOffset when caliptra && (value & 1) != 0 => ForceUnlock(),
            StatusOffset or UnlockOffset or LockOffset or UserOffset or DataOutOffset => WrongState(),
            _ => Unknown(),
        };
    }

    /// <summary>The SoC-side port of <paramref name="requester"/> (Hal view).</summary>
    public IMailboxRequester RequesterPort(uint requester) => new MailboxRequesterPort(this, requester);

    /// <summary>The Caliptra-side port (Hal view).</summary>
    public IMailboxResponder ResponderPort() => new MailboxResponderPort(this);

    /// <summary>DMA access into the mailbox memory (Caliptra's DMA engine); false if out of range.</summary>
    internal bool TryDmaWrite(long offset, ReadOnlySpan<byte> data)
    {
        if (offset < 0 || offset > _memory.Length - data.Length)
        {
            Counters.Oversized++;
            return false;
        }

        data.CopyTo(_memory.AsSpan((int)offset));
        return true;
    }

    /// <summary>DMA read out of the mailbox memory; false if out of range.</summary>
    internal bool TryDmaRead(long offset, Span<byte> data)
    {
        if (offset < 0 || offset > _memory.Length - data.Length)
        {
            Counters.Oversized++;
            return false;
        }

        _memory.AsSpan((int)offset, data.Length).CopyTo(data);
        return true;
    }

    private bool CanSee(uint requester, bool caliptra) =>
        caliptra ? State is MailboxFsmState.ExecuteUc : State != MailboxFsmState.Idle && requester == _owner;

    private bool SocMay(uint requester, bool caliptra, MailboxFsmState expected)
    {
        if (caliptra || State == MailboxFsmState.Idle)
        {
            Counters.WithoutLock++;
            return false;
        }

        if (requester != _owner)
        {
            Counters.WrongRequester++;
            return false;
        }

        return State == expected || WrongState();
    }

    private bool SetCommand(uint value)
    {
        _command = value;
        State = MailboxFsmState.ReadyForLength;
        return true;
    }

    private bool SetLength(uint value, MailboxFsmState next)
    {
        if (value > (uint)_memory.Length)
        {
            Counters.Oversized++;
            return false;
        }

        _dataLength = (int)value;
        _writePointer = 0;
        State = next;
        return true;
    }

    private bool CaliptraSetLength(uint value)
    {
        if (State != MailboxFsmState.ExecuteUc)
        {
            return WrongState();
        }

        if (value > (uint)_memory.Length)
        {
            Counters.Oversized++;
            return false;
        }

        _dataLength = (int)value;
        _writePointer = 0;
        return true;
    }

    private bool AppendData(uint value)
    {
        if (_writePointer + 4 > _memory.Length || _writePointer >= ((_dataLength + 3) & ~3))
        {
            Counters.Oversized++;
            return false;
        }

        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, value);
        if (Faults.Apply(word) == FaultAction.Dropped)
        {
            return true;
        }

        word.CopyTo(_memory.AsSpan(_writePointer));
        _writePointer += 4;
        return true;
    }

    private uint ReadDataOut(uint requester, bool caliptra)
    {
        var allowed = caliptra ? State == MailboxFsmState.ExecuteUc : State == MailboxFsmState.ExecuteSoc && requester == _owner;
        if (!allowed)
        {
            WrongState();
            return 0;
        }

        if (_readPointer + 4 > _memory.Length)
        {
            Counters.Oversized++;
            return 0;
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(_memory.AsSpan(_readPointer));
        _readPointer += 4;
        return value;
    }

    private bool Execute()
    {
        State = MailboxFsmState.ExecuteUc;
        _status = MailboxCommandStatus.Busy;
        _readPointer = 0;
        Trace("execute", _command);
        _toCaliptra.Set();
        return true;
    }

    private bool CaliptraSetStatus(uint value)
    {
        var status = (MailboxCommandStatus)(value & 0xF);
        if (State != MailboxFsmState.ExecuteUc || status is not (MailboxCommandStatus.DataReady or MailboxCommandStatus.Complete or MailboxCommandStatus.Failure))
        {
            return WrongState();
        }

        _status = status;
        State = MailboxFsmState.ExecuteSoc;
        _readPointer = 0;
        if (status != MailboxCommandStatus.DataReady)
        {
            _dataLength = 0;
        }

        Trace("status", (uint)status);
        _toSoc.Set();
        return true;
    }

    private bool Release(uint requester)
    {
        if (State != MailboxFsmState.ExecuteSoc || requester != _owner)
        {
            return State == MailboxFsmState.Idle ? WithoutLock() : WrongState();
        }

        Unlock();
        return true;
    }

    private bool ForceUnlock()
    {
        Unlock();
        _toSoc.Set();
        return true;
    }

    private void Unlock()
    {
        State = MailboxFsmState.Idle;
        _owner = 0;
        _command = 0;
        _dataLength = 0;
        _writePointer = 0;
        _readPointer = 0;
        _status = MailboxCommandStatus.Busy;
        Trace("unlock", 0);
    }

    private bool WithoutLock()
    {
        Counters.WithoutLock++;
        return false;
    }

    private bool WrongState()
    {
        Counters.WrongState++;
        return false;
    }

    private bool Unknown()
    {
        Counters.UnknownRegister++;
        return false;
    }

    private void Trace(string kind, uint value)
    {
        if (_simulator.Trace.Enabled)
        {
            _simulator.Trace.Record("mbox", kind, value.ToString("X8", CultureInfo.InvariantCulture));
        }
    }
}
