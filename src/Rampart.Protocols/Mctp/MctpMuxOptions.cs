using Rampart.Wire.Mctp;

namespace Rampart.Protocols.Mctp;

/// <summary>Sizes and timing of an <see cref="MctpMux"/>; every buffer is allocated once from these.</summary>
public sealed record MctpMuxOptions
{
    /// <summary>The target's I3C dynamic address (the PEC's address byte on both ends).</summary>
    public byte I3cAddress { get; init; } = 0x3A;

    /// <summary>Which end of the binding this mux is.</summary>
    public MctpBindingRole Role { get; init; } = MctpBindingRole.Target;

    /// <summary>The EID before any assignment (0 = null: a device waiting for Set Endpoint ID).</summary>
    public byte LocalEid { get; init; }

    /// <summary>Transmission unit: payload bytes per packet (DSP0236 baseline 64; larger if the link agreed).</summary>
    public int TransmissionUnit { get; init; } = MctpPacketizer.BaselineTransmissionUnit;

    /// <summary>Largest message sent or accepted, type byte included.</summary>
    public int MaxMessageSize { get; init; } = 4096;

    /// <summary>Messages that may be reassembled at once.</summary>
    public int ReassemblySlots { get; init; } = 4;

    /// <summary>Reassembly timeout in nanoseconds (DSP0236 §8: a receiver drops a stalled message).</summary>
    public long ReassemblyTimeoutNs { get; init; } = 100_000_000;

    /// <summary>Messages that may wait to be sent.</summary>
    public int TransmitSlots { get; init; } = 4;

    /// <summary>Outstanding requests tracked at once.</summary>
    public int MaxOutstandingRequests { get; init; } = 16;

    /// <summary>How long after its last packet left a request waits for its response, in nanoseconds.</summary>
    public long RequestTimeoutNs { get; init; } = 1_000_000_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TransmissionUnit, MctpPacketizer.BaselineTransmissionUnit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TransmissionUnit, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxMessageSize, 1 << 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReassemblySlots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReassemblyTimeoutNs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(TransmitSlots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutstandingRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RequestTimeoutNs, 1);
    }

    /// <summary>The largest binding transfer: header, one unit of payload, PEC.</summary>
    public int MaxTransferSize => MctpTransportHeader.Size + TransmissionUnit + MctpI3cBinding.Overhead;
}
