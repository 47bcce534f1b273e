namespace Rampart.Hal.Time;

/// <summary>
/// The chip's clock as firmware sees it: nanoseconds since power-on. In the simulator this is
/// virtual time, advanced only by events (bus transfers, timers), never by the wall clock.
/// </summary>
public interface IClock
{
    /// <summary>Nanoseconds since power-on.</summary>
    long Now { get; }
}

/// <summary>Virtual-time unit conversions (one tick is one nanosecond).</summary>
public static class TimeUnits
{
    /// <summary>Ticks in a microsecond.</summary>
    public const long Microsecond = 1_000;

    /// <summary>Ticks in a millisecond.</summary>
    public const long Millisecond = 1_000_000;

    /// <summary>Ticks in a second.</summary>
    public const long Second = 1_000_000_000;
}
