using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>One record the debug port carried, stamped with virtual time.</summary>
/// <param name="TimeNanoseconds">When firmware wrote it (chip ns).</param>
/// <param name="Channel">What it carries.</param>
/// <param name="Data">Its bytes (a copy).</param>
public sealed record DebugRecord(long TimeNanoseconds, DebugChannel Channel, byte[] Data);

/// <summary>
/// The chip's debug output port (decision 0276): a UART or trace port on silicon, here a queue of
/// whole records. The host sets the straps before power-on and reads records through
/// <see cref="Received"/> (called on the simulator's thread as firmware writes) or
/// <see cref="Records"/> (the last <see cref="MaxKeptRecords"/>). A record on a channel whose strap
/// is off, or larger than <see cref="MaxRecordBytes"/>, is refused and counted: the port never
/// carries what the host did not ask for.
/// </summary>
public sealed class DebugPort(Simulator simulator, DebugStraps straps) : IDebugPort
{
    /// <summary>The largest record the port takes.</summary>
    public const int MaxRecordBytes = 256;

    /// <summary>Records kept for <see cref="Records"/> (older ones are dropped; <see cref="Received"/> sees every one).</summary>
    public const int MaxKeptRecords = 256;

    private readonly List<DebugRecord> _records = [];

    /// <inheritdoc/>
    public DebugStraps Straps { get; } = straps;

    /// <summary>The host's probe: called with every record as it is written.</summary>
    public Action<DebugRecord>? Received { get; set; }

    /// <summary>The last records written, oldest first.</summary>
    public IReadOnlyList<DebugRecord> Records => _records;

    /// <summary>Records refused (channel not strapped on, or too large).</summary>
    public long Refused { get; private set; }

    /// <inheritdoc/>
    public bool TryWrite(DebugChannel channel, ReadOnlySpan<byte> record)
    {
        if (!StrappedOn(channel) || record.Length > MaxRecordBytes)
        {
            Refused++;
            return false;
        }

        var written = new DebugRecord(simulator.Now, channel, record.ToArray());
        if (_records.Count == MaxKeptRecords)
        {
            _records.RemoveAt(0);
        }

        _records.Add(written);
        Received?.Invoke(written);
        return true;
    }

    private bool StrappedOn(DebugChannel channel) => channel switch
    {
        DebugChannel.SpdmSessionSecret => (Straps & DebugStraps.SpdmSessionSecrets) != 0,
        _ => false,
    };
}
