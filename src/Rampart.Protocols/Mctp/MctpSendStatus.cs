namespace Rampart.Protocols.Mctp;

/// <summary>Why a send was or was not queued.</summary>
public enum MctpSendStatus
{
    /// <summary>Queued; packets follow as the binding takes them.</summary>
    Queued = 1,

    /// <summary>The transmit queue is full, or every tag towards that peer is outstanding; retry later.</summary>
    Busy = 2,

    /// <summary>The message is empty or larger than the maximum message size.</summary>
    InvalidSize = 3,

    /// <summary>A tag above 7 or a null/broadcast destination for a response.</summary>
    InvalidArgument = 4,
}
