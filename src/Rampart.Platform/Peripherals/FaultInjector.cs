using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>What a fault injector did to one transfer.</summary>
public enum FaultAction
{
    /// <summary>Delivered unchanged (stuck bits may still apply).</summary>
    None = 0,

    /// <summary>Lost: the receiver never sees it.</summary>
    Dropped = 1,

    /// <summary>Delivered with one bit flipped.</summary>
    Corrupted = 2,
}

/// <summary>
/// The fault-injection hook every peripheral carries: drop or corrupt the next transfers
/// (counted down), drop or corrupt at random rates (dice from the simulator's seeded
/// <see cref="SimRandom"/>, so runs stay repeatable), and stuck-at bits applied to every byte
/// moved and every register read.
/// </summary>
public sealed class FaultInjector
{
    private readonly SimRandom _random;

    /// <summary>Creates an injector that draws from <paramref name="random"/>.</summary>
    public FaultInjector(SimRandom random) => _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>Transfers still to drop.</summary>
    public int DropNext { get; set; }

    /// <summary>Transfers still to corrupt (one random bit flipped).</summary>
    public int CorruptNext { get; set; }

    /// <summary>Probability in [0, 1] that a transfer is dropped.</summary>
    public double DropRate { get; set; }

    /// <summary>Probability in [0, 1] that a transfer is corrupted.</summary>
    public double CorruptRate { get; set; }

    /// <summary>Bits forced to one (low 8 bits on bytes, all 32 on registers).</summary>
    public uint StuckHigh { get; set; }

    /// <summary>Bits forced to zero (low 8 bits on bytes, all 32 on registers).</summary>
    public uint StuckLow { get; set; }

    /// <summary>Transfers dropped so far.</summary>
    public long Dropped { get; private set; }

    /// <summary>Transfers corrupted so far.</summary>
    public long Corrupted { get; private set; }

    /// <summary>True when nothing is configured (the fast path).</summary>
    public bool IsQuiet => DropNext == 0 && CorruptNext == 0 && DropRate == 0 && CorruptRate == 0 && StuckHigh == 0 && StuckLow == 0;

    /// <summary>Applies the configured faults to a transfer in place.</summary>
    public FaultAction Apply(Span<byte> data)
    {
        if (IsQuiet)
        {
            return FaultAction.None;
        }

        if (DropNext > 0 || (DropRate > 0 && _random.NextDouble() < DropRate))
        {
            if (DropNext > 0)
            {
                DropNext--;
            }

            Dropped++;
            return FaultAction.Dropped;
        }

        var action = FaultAction.None;
        if (data.Length > 0 && (CorruptNext > 0 || (CorruptRate > 0 && _random.NextDouble() < CorruptRate)))
        {
            if (CorruptNext > 0)
            {
                CorruptNext--;
            }

            var bit = _random.NextInt(data.Length * 8);
            data[bit >> 3] ^= (byte)(1 << (bit & 7));
            Corrupted++;
            action = FaultAction.Corrupted;
        }

        if ((StuckHigh | StuckLow) != 0)
        {
            var high = (byte)StuckHigh;
            var low = (byte)~StuckLow;
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (byte)((data[i] | high) & low);
            }
        }

        return action;
    }

    /// <summary>Applies stuck-at bits to a register value read by software.</summary>
    public uint ApplyToRegister(uint value) => (value | StuckHigh) & ~StuckLow;
}
