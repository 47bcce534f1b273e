using System.Globalization;
using System.Text;

namespace Rampart.Platform.Simulation;

/// <summary>One entry of the event trace: when, who, what kind, and a detail string.</summary>
public readonly record struct TraceEvent(long Time, string Source, string Kind, string Detail);

/// <summary>
/// The simulator's event trace. Entries are appended in execution order, so for the same
/// seed and inputs the trace, and its bytes (<see cref="ToBytes"/>), are identical. The trace
/// is bounded; entries past <see cref="Capacity"/> are counted in <see cref="Dropped"/>.
/// </summary>
public sealed class EventTrace
{
    private readonly List<TraceEvent> _events = [];
    private readonly Func<long> _now;

    internal EventTrace(Func<long> now, int capacity)
    {
        _now = now;
        Capacity = capacity;
    }

    /// <summary>Whether entries are recorded (callers check it before formatting details).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The most entries kept.</summary>
    public int Capacity { get; }

    /// <summary>Entries not kept because the trace was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>The entries so far.</summary>
    public IReadOnlyList<TraceEvent> Events => _events;

    /// <summary>Appends an entry stamped with the current virtual time.</summary>
    public void Record(string source, string kind, string detail)
    {
        if (!Enabled)
        {
            return;
        }

        if (_events.Count >= Capacity)
        {
            Dropped++;
            return;
        }

        _events.Add(new TraceEvent(_now(), source, kind, detail));
    }

    /// <summary>One line per entry: time in ns (12 digits), source, kind, detail.</summary>
    public static string Format(TraceEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.Time:D12} {e.Source} {e.Kind} {e.Detail}");

    /// <summary>Writes every entry, one line each, with "\n" line ends.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var e in _events)
        {
            writer.Write(Format(e));
            writer.Write('\n');
        }
    }

    /// <summary>The trace as UTF-8 bytes (the form compared across runs).</summary>
    public byte[] ToBytes()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return Encoding.UTF8.GetBytes(writer.ToString());
    }
}
