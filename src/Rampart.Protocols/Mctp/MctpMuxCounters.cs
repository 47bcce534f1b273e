using Rampart.Wire.Mctp;

namespace Rampart.Protocols.Mctp;

/// <summary>What an <see cref="MctpMux"/> has seen: everything dropped is counted here by reason.</summary>
public readonly record struct MctpMuxCounters
{
    /// <summary>Transfers dropped for a wrong PEC (DSP0233).</summary>
    public long BadPec { get; init; }

    /// <summary>Transfers dropped as too short for a header and PEC.</summary>
    public long ShortTransfers { get; init; }

    /// <summary>Reassembly counters (malformed headers, sequence errors, timeouts...).</summary>
    public MctpReassemblyCounters Reassembly { get; init; }

    /// <summary>Whole messages addressed to another EID (dropped).</summary>
    public long WrongDestination { get; init; }

    /// <summary>Requests handed to a sink that took them.</summary>
    public long RequestsRouted { get; init; }

    /// <summary>Requests with no sink for their type, or refused by it (dropped).</summary>
    public long RequestsUnrouted { get; init; }

    /// <summary>Control requests answered in place.</summary>
    public long ControlRequests { get; init; }

    /// <summary>Control messages dropped (malformed header, or a response with no control responder).</summary>
    public long ControlDropped { get; init; }

    /// <summary>Responses matched to an outstanding request.</summary>
    public long ResponsesMatched { get; init; }

    /// <summary>Responses with no outstanding request for (source EID, tag) (dropped).</summary>
    public long ResponsesUnexpected { get; init; }

    /// <summary>Outstanding requests that timed out.</summary>
    public long RequestsTimedOut { get; init; }

    /// <summary>Messages whose last packet has left.</summary>
    public long MessagesSent { get; init; }

    /// <summary>Packets handed to the binding.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Every message or transfer dropped, whatever the reason.</summary>
    public long TotalDropped =>
        BadPec + ShortTransfers + Reassembly.TotalDropped + WrongDestination + RequestsUnrouted + ControlDropped + ResponsesUnexpected;
}
