using Rampart.Hal.Boot;
using Rampart.Platform.Simulation;

namespace Rampart.Chip.Hardware;

/// <summary>Firmware's trace records go into the simulator's event trace (stamped with virtual time).</summary>
internal sealed class TraceSink(EventTrace trace) : ITraceSink
{
    public void Record(string source, string kind, string message) => trace.Record(source, kind, message);
}
