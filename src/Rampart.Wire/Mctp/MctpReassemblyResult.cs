namespace Rampart.Wire.Mctp;

/// <summary>What <see cref="MctpReassembler.Accept"/> did with one packet.</summary>
public enum MctpReassemblyResult
{
    /// <summary>The packet was stored; its message is not complete yet.</summary>
    InProgress = 1,

    /// <summary>The packet completed a message, which is returned.</summary>
    Complete = 2,

    /// <summary>The transport header did not decode; the packet was dropped.</summary>
    DroppedMalformed = 3,

    /// <summary>The sequence number was not the expected one; the message in progress was dropped.</summary>
    DroppedOutOfSequence = 4,

    /// <summary>A packet without SOM and no message in progress for its key; dropped.</summary>
    DroppedMissingStartOfMessage = 5,

    /// <summary>The message would exceed the maximum size; it was dropped.</summary>
    DroppedOversize = 6,

    /// <summary>Every slot is busy with another message; the new message was dropped.</summary>
    DroppedNoFreeSlot = 7,
}
