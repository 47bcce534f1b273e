using System.Globalization;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>A device attached to the I3C bus at one address (target side).</summary>
public interface II3cBusDevice
{
    /// <summary>The device's (dynamic) address, 7 bits.</summary>
    byte Address { get; }

    /// <summary>A private write arrived; false to NACK it.</summary>
    bool OnPrivateWrite(ReadOnlySpan<byte> data);

    /// <summary>A private read begins: fill <paramref name="buffer"/>; return the count, or -1 to NACK.</summary>
    int OnPrivateRead(Span<byte> buffer);
}

/// <summary>An in-band interrupt as the controller receives it.</summary>
public readonly record struct I3cIbi(byte Address, byte MandatoryDataByte, long Time);

/// <summary>
/// The I3C bus: one controller, targets by address, the SDR timing model
/// (<see cref="I3cTiming"/>) and a fault hook applied to every transfer. One transfer holds
/// the bus at a time; a transfer requested while the bus is busy starts when it frees.
/// </summary>
public sealed class I3cBus
{
    private readonly Dictionary<byte, II3cBusDevice> _devices = [];

    /// <summary>Creates a bus on <paramref name="simulator"/>.</summary>
    public I3cBus(Simulator simulator, I3cTiming? timing = null, string name = "i3c")
    {
        Simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        Timing = timing ?? new I3cTiming();
        Name = name;
        Faults = new FaultInjector(simulator.Random);
    }

    /// <summary>The simulator.</summary>
    public Simulator Simulator { get; }

    /// <summary>The timing model.</summary>
    public I3cTiming Timing { get; }

    /// <summary>Trace source name.</summary>
    public string Name { get; }

    /// <summary>Faults applied to transfer data.</summary>
    public FaultInjector Faults { get; }

    /// <summary>The time the current transfer ends (the bus is free from then).</summary>
    public long BusyUntil { get; private set; }

    /// <summary>Transfers completed (ACKed or NACKed).</summary>
    public long Transfers { get; private set; }

    /// <summary>Transfers NACKed (no device, device refused, or dropped by a fault).</summary>
    public long Nacks { get; private set; }

    /// <summary>IBIs delivered.</summary>
    public long Ibis { get; private set; }

    internal I3cController? Controller { get; set; }

    /// <summary>Attaches <paramref name="device"/>; throws if its address is taken (a wiring bug).</summary>
    public void Attach(II3cBusDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Address > 0x7F || !_devices.TryAdd(device.Address, device))
        {
            throw new InvalidOperationException($"I3C address 0x{device.Address:X2} is invalid or already in use");
        }
    }

    /// <summary>Reserves the bus for a transfer of <paramref name="durationNs"/>; returns its start time.</summary>
    internal long Reserve(long durationNs)
    {
        var start = Math.Max(Simulator.Now, BusyUntil);
        BusyUntil = start + durationNs;
        return start;
    }

    internal II3cBusDevice? Find(byte address) => _devices.GetValueOrDefault(address);

    internal void Count(bool acked)
    {
        Transfers++;
        if (!acked)
        {
            Nacks++;
        }
    }

    /// <summary>A target requests an IBI: it holds the bus for the IBI's time, then reaches the controller; returns when.</summary>
    internal long RaiseIbi(byte address, byte mandatoryDataByte)
    {
        var start = Reserve(Timing.IbiNanoseconds);
        var end = start + Timing.IbiNanoseconds;
        Simulator.ScheduleAt(end, static s =>
        {
            var (bus, address, data) = ((I3cBus, byte, byte))s!;
            bus.Ibis++;
            if (bus.Simulator.Trace.Enabled)
            {
                bus.Simulator.Trace.Record(bus.Name, "ibi", string.Create(CultureInfo.InvariantCulture, $"addr=0x{address:X2} mdb=0x{data:X2}"));
            }

            bus.Controller?.DeliverIbi(new I3cIbi(address, data, bus.Simulator.Now));
        }, (this, address, mandatoryDataByte));
        return end;
    }
}
