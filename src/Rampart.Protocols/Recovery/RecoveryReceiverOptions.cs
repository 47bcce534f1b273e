using Rampart.Hal.Time;

namespace Rampart.Protocols.Recovery;

/// <summary>Settings of a <see cref="RecoveryImageReceiver"/>.</summary>
public sealed record RecoveryReceiverOptions
{
    /// <summary>
    /// The silence that ends a receive with <see cref="RecoveryReceiveStatus.TimedOut"/>: the receive
    /// gives up once one whole period of this length passes with no agent write (so after between
    /// one and two periods of silence). Chip time; must be positive. Default 10 s.
    /// </summary>
    public long TimeoutNanoseconds { get; init; } = 10 * TimeUnits.Second;
}
