using System.Diagnostics;

using Rampart.Protocols.Spdm;

namespace Rampart.Host.SpdmEmu;

/// <summary>
/// Round trips a requester made (<see cref="ISpdmRoundTripObserver"/>), each as its request code
/// and the <see cref="Stopwatch"/> time from handing the request to the transport to having the
/// response back: the peer's work plus the transport's, none of the requester's own. A secured
/// request is logged under its plaintext code. Recording writes into arrays sized up front, so it
/// allocates nothing; a log that is full counts what it dropped. One log may serve the requesters
/// of successive connections (not of concurrent ones).
/// </summary>
public sealed class SpdmRoundTripLog : ISpdmRoundTripObserver
{
    private readonly byte[] _codes;
    private readonly long[] _ticks;

    /// <summary>Creates a log with room for <paramref name="capacity"/> round trips.</summary>
    public SpdmRoundTripLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _codes = new byte[capacity];
        _ticks = new long[capacity];
    }

    /// <summary>Round trips logged.</summary>
    public int Count { get; private set; }

    /// <summary>Round trips that did not fit.</summary>
    public int Dropped { get; private set; }

    /// <summary>The request code of round trip <paramref name="index"/>.</summary>
    public byte CodeAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _codes[index];
    }

    /// <summary>The duration of round trip <paramref name="index"/>.</summary>
    public TimeSpan DurationAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return Stopwatch.GetElapsedTime(0, _ticks[index]);
    }

    /// <inheritdoc/>
    public long Begin() => Stopwatch.GetTimestamp();

    /// <summary>Logs one round trip of <paramref name="requestCode"/> that began at <paramref name="begin"/> (<see cref="Stopwatch.GetTimestamp"/>) and ends now.</summary>
    public void End(byte requestCode, long begin)
    {
        var elapsed = Stopwatch.GetTimestamp() - begin;
        if (Count == _codes.Length)
        {
            Dropped++;
            return;
        }

        _codes[Count] = requestCode;
        _ticks[Count] = elapsed;
        Count++;
    }

    /// <summary>Forgets every round trip.</summary>
    public void Clear()
    {
        Count = 0;
        Dropped = 0;
    }
}
