namespace Rampart.Hal.Time;

/// <summary>
/// A one-shot timer firmware awaits (named apart from System.Threading.ITimer, which implicit usings bring in). The returned task completes on the caller's own core
/// when the clock reaches now + <c>nanoseconds</c>; nothing blocks a thread.
/// </summary>
public interface IChipTimer
{
    /// <summary>Waits <paramref name="nanoseconds"/> (zero or more) of chip time.</summary>
    ValueTask Delay(long nanoseconds);

    /// <summary>Waits until the clock reads at least <paramref name="deadline"/>.</summary>
    ValueTask DelayUntil(long deadline);
}
