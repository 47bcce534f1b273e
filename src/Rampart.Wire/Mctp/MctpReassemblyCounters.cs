namespace Rampart.Wire.Mctp;

/// <summary>
/// What an <see cref="MctpReassembler"/> has seen since it was made: delivered messages and every
/// kind of packet or message it dropped (DSP0236 §8 lists the conditions under which a
/// receiver discards a message being assembled).
/// </summary>
public readonly record struct MctpReassemblyCounters
{
    /// <summary>Packets offered.</summary>
    public long Packets { get; init; }

    /// <summary>Complete messages delivered.</summary>
    public long Messages { get; init; }

    /// <summary>Packets whose transport header did not decode (short, reserved bits, version).</summary>
    public long Malformed { get; init; }

    /// <summary>Messages dropped because a packet arrived with an unexpected sequence number.</summary>
    public long OutOfSequence { get; init; }

    /// <summary>Middle or end packets with no message in progress for their key.</summary>
    public long MissingStartOfMessage { get; init; }

    /// <summary>Messages dropped because they grew past the maximum message size.</summary>
    public long Oversize { get; init; }

    /// <summary>A SOM arrived for a key whose message was still in progress; the old one was dropped.</summary>
    public long Duplicate { get; init; }

    /// <summary>Messages dropped because no packet came within the reassembly timeout.</summary>
    public long TimedOut { get; init; }

    /// <summary>A new message was dropped because every slot was busy.</summary>
    public long NoFreeSlot { get; init; }

    /// <summary>Every dropped packet or message, whatever the reason.</summary>
    public long TotalDropped => Malformed + OutOfSequence + MissingStartOfMessage + Oversize + Duplicate + TimedOut + NoFreeSlot;
}
