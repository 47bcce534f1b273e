using Rampart.Hal.Time;
using Rampart.Host.Doe;

namespace Rampart.Host.Tests.Doe;

/// <summary>What a <see cref="ScriptedDoeFunction"/> does with one request object.</summary>
/// <param name="Answer">The answer's dwords, exactly as the function presents them; null for no answer.</param>
/// <param name="Error">Set Error instead of answering.</param>
/// <param name="BusyPolls">Status reads that show Busy before the outcome shows.</param>
/// <param name="Readable">Dwords readable before Data Object Ready drops (default: all of <paramref name="Answer"/>).</param>
internal sealed record DoeReply(uint[]? Answer = null, bool Error = false, int BusyPolls = 0, int? Readable = null)
{
    /// <summary>Busy for ever: the function took the object and never answers.</summary>
    public static DoeReply Never { get; } = new(BusyPolls: int.MaxValue);
}

/// <summary>
/// A DOE capability's registers (<see cref="DoeRegisterMap"/>) over a scripted function: the request
/// written before Go goes to <see cref="Respond"/>, whose <see cref="DoeReply"/> decides what Status
/// and Read Data Mailbox show. Abort clears everything, as PCIe 6.x §6.30.2 says.
/// </summary>
internal sealed class ScriptedDoeFunction : IDoeMailboxRegisters
{
    private readonly List<uint> _written = [];
    private DoeReply? _reply;
    private int _busyPolls;
    private int _readIndex;
    private bool _error;

    public Func<uint[], DoeReply> Respond { get; set; } = _ => DoeReply.Never;

    /// <summary>Status reads that show Busy before the function is idle (another agent's object).</summary>
    public int BusyAtStart { get; set; }

    /// <summary>Error left set by an earlier exchange.</summary>
    public bool StaleError { set => _error = value; }

    /// <summary>Dwords written to Write Data Mailbox are refused (the function ignores them).</summary>
    public bool RefuseWrites { get; set; }

    public List<uint[]> Requests { get; } = [];

    /// <summary>An answer nobody read, left by an earlier exchange.</summary>
    public void LeaveAnswer(uint[] answer)
    {
        _reply = new DoeReply(answer);
        _busyPolls = 0;
        _readIndex = 0;
    }

    public int Aborts { get; private set; }

    public int StatusReads { get; private set; }

    public uint Read(uint offset)
    {
        switch (offset)
        {
            case DoeRegisterMap.Status:
                StatusReads++;
                if (BusyAtStart > 0)
                {
                    BusyAtStart--;
                    return DoeRegisterMap.Busy;
                }

                if (_reply is not null && _busyPolls > 0)
                {
                    _busyPolls = _busyPolls == int.MaxValue ? _busyPolls : _busyPolls - 1;
                    return DoeRegisterMap.Busy;
                }

                return (_error ? DoeRegisterMap.Error : 0) | (_readIndex < Readable ? DoeRegisterMap.Ready : 0);
            case DoeRegisterMap.ReadMailbox:
                return _reply?.Answer is { } answer && _readIndex < answer.Length ? answer[_readIndex] : 0;
            default:
                return 0;
        }
    }

    public bool Write(uint offset, uint value)
    {
        switch (offset)
        {
            case DoeRegisterMap.Control when (value & DoeRegisterMap.Abort) != 0:
                Aborts++;
                _written.Clear();
                _reply = null;
                _error = false;
                BusyAtStart = 0;
                return true;
            case DoeRegisterMap.Control when (value & DoeRegisterMap.Go) != 0:
                Requests.Add([.. _written]);
                _written.Clear();
                _reply = Respond(Requests[^1]);
                _busyPolls = _reply.BusyPolls;
                _readIndex = 0;
                _error = _reply.Error;
                return true;
            case DoeRegisterMap.WriteMailbox when !RefuseWrites:
                _written.Add(value);
                return true;
            case DoeRegisterMap.ReadMailbox when _readIndex < Readable:
                _readIndex++;
                return true;
            default:
                return false;
        }
    }

    private int Readable => _reply is null || _busyPolls > 0 || _error ? 0 : _reply.Readable ?? _reply.Answer?.Length ?? 0;
}

/// <summary>Chip time that passes only when waited on: every delay completes at once and is counted.</summary>
internal sealed class CountingTimer : IChipTimer
{
    public long Now { get; private set; }

    public int Delays { get; private set; }

    public ValueTask Delay(long nanoseconds)
    {
        Delays++;
        Now += nanoseconds;
        return ValueTask.CompletedTask;
    }

    public ValueTask DelayUntil(long deadline) => Delay(Math.Max(0, deadline - Now));
}
