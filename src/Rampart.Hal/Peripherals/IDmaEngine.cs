namespace Rampart.Hal.Peripherals;

/// <summary>Where a DMA transfer reads or writes.</summary>
public enum DmaEndpointKind
{
    /// <summary>A bus address inside a mapped memory region.</summary>
    Memory = 1,

    /// <summary>The OCP recovery INDIRECT_FIFO (source only).</summary>
    RecoveryFifo = 2,

    /// <summary>The SoC mailbox data (destination: DATAIN side of the responder).</summary>
    Mailbox = 3,
}

/// <summary>One side of a DMA transfer.</summary>
public readonly record struct DmaEndpoint(DmaEndpointKind Kind, ulong Address)
{
    /// <summary>A memory address.</summary>
    public static DmaEndpoint Memory(ulong address) => new(DmaEndpointKind.Memory, address);

    /// <summary>The recovery FIFO.</summary>
    public static DmaEndpoint RecoveryFifo => new(DmaEndpointKind.RecoveryFifo, 0);

    /// <summary>The mailbox.</summary>
    public static DmaEndpoint Mailbox => new(DmaEndpointKind.Mailbox, 0);
}

/// <summary>State of the DMA engine.</summary>
public enum DmaState
{
    /// <summary>No transfer started since reset.</summary>
    Idle = 0,

    /// <summary>A transfer is in progress.</summary>
    Busy = 1,

    /// <summary>The last transfer completed.</summary>
    Done = 2,

    /// <summary>The last transfer failed (bad address, aborted).</summary>
    Error = 3,
}

/// <summary>
/// The DMA engine: one transfer at a time between the recovery FIFO, the mailbox and memory.
/// Start it, then poll <see cref="State"/> or await <see cref="WaitForCompletion"/>.
/// </summary>
public interface IDmaEngine
{
    /// <summary>Starts a transfer of <paramref name="length"/> bytes; false (refused and counted) if busy or invalid.</summary>
    bool TryStart(DmaEndpoint source, DmaEndpoint destination, long length);

    /// <summary>The engine state.</summary>
    DmaState State { get; }

    /// <summary>Bytes moved by the current or last transfer.</summary>
    long BytesTransferred { get; }

    /// <summary>Aborts a running transfer (state becomes <see cref="DmaState.Error"/>).</summary>
    void Abort();

    /// <summary>Completes when the current transfer ends (at once if none runs).</summary>
    ValueTask WaitForCompletion();
}
