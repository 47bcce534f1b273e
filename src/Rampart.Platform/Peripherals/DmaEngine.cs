using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// The DMA engine: moves bytes between memory regions, the SoC mailbox memory and out of the
/// OCP recovery FIFO, in chunks of up to <see cref="ChunkBytes"/>, each costing
/// <c>ceil(bytes / 4) × NanosecondsPerDword</c> of virtual time. Reading the recovery FIFO,
/// it waits for the agent to push more data (streaming boot). One transfer at a time;
/// invalid or overlapping requests are refused and counted.
/// </summary>
public sealed class DmaEngine : IDmaEngine
{
    /// <summary>Bytes moved per step.</summary>
    public const int ChunkBytes = 256;

    private readonly Simulator _simulator;
    private readonly MemoryMap _memory;
    private readonly RecoveryRegisterBlock? _recovery;
    private readonly SocMailbox? _mailbox;
    private readonly SimSignal _done;
    private readonly byte[] _chunk = new byte[ChunkBytes];
    private DmaEndpoint _source;
    private DmaEndpoint _destination;
    private long _length;
    private long _generation;

    /// <summary>Creates an engine over <paramref name="memory"/> and, if present, the recovery block and the mailbox.</summary>
    public DmaEngine(Simulator simulator, MemoryMap memory, RecoveryRegisterBlock? recovery = null, SocMailbox? mailbox = null, long nanosecondsPerDword = 5)
    {
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        _memory = memory ?? throw new ArgumentNullException(nameof(memory));
        ArgumentOutOfRangeException.ThrowIfNegative(nanosecondsPerDword);
        _recovery = recovery;
        _mailbox = mailbox;
        NanosecondsPerDword = nanosecondsPerDword;
        _done = simulator.CreateSignal("dma.done");
        Faults = new FaultInjector(simulator.Random);
    }

    /// <summary>Virtual time per 4 bytes moved.</summary>
    public long NanosecondsPerDword { get; }

    /// <summary>Faults applied to each chunk in flight (a dropped chunk fails the transfer).</summary>
    public FaultInjector Faults { get; }

    /// <summary>Requests refused (busy, bad endpoint, bad range).</summary>
    public long Refused { get; private set; }

    /// <inheritdoc/>
    public DmaState State { get; private set; }

    /// <inheritdoc/>
    public long BytesTransferred { get; private set; }

    /// <inheritdoc/>
    public bool TryStart(DmaEndpoint source, DmaEndpoint destination, long length)
    {
        if (State == DmaState.Busy || length <= 0 || !SourceValid(source, length) || !DestinationValid(destination, length))
        {
            Refused++;
            return false;
        }

        _source = source;
        _destination = destination;
        _length = length;
        BytesTransferred = 0;
        State = DmaState.Busy;
        _done.Reset();
        var generation = ++_generation;
        Trace("start", string.Create(CultureInfo.InvariantCulture, $"{source.Kind}->{destination.Kind} len={length}"));
        _simulator.Schedule(0, static s => { var (dma, g) = ((DmaEngine, long))s!; dma.Step(g); }, (this, generation));
        return true;
    }

    /// <inheritdoc/>
    public void Abort()
    {
        if (State == DmaState.Busy)
        {
            _generation++;
            Finish(DmaState.Error, "aborted");
        }
    }

    /// <inheritdoc/>
    public ValueTask WaitForCompletion() => State == DmaState.Busy ? _done.WaitAsync() : ValueTask.CompletedTask;

    private bool SourceValid(DmaEndpoint e, long length) => e.Kind switch
    {
        DmaEndpointKind.Memory => _memory.TryResolve(e.Address, length, out _, out _),
        DmaEndpointKind.RecoveryFifo => _recovery is not null,
        DmaEndpointKind.Mailbox => _mailbox is not null && (long)e.Address <= _mailbox.Capacity - length,
        _ => false,
    };

    private bool DestinationValid(DmaEndpoint e, long length) => e.Kind switch
    {
        DmaEndpointKind.Memory => _memory.TryResolve(e.Address, length, out var region, out _) && region is not SramRegion { ReadOnly: true },
        DmaEndpointKind.Mailbox => _mailbox is not null && (long)e.Address <= _mailbox.Capacity - length,
        _ => false,
    };

    private void Step(long generation)
    {
        if (generation != _generation || State != DmaState.Busy)
        {
            return;
        }

        var n = (int)Math.Min(ChunkBytes, _length - BytesTransferred);
        var chunk = _chunk.AsSpan(0, n);
        if (_source.Kind == DmaEndpointKind.RecoveryFifo)
        {
            if (_recovery!.FifoCount == 0)
            {
                WaitForFifo(generation);
                return;
            }

            n = _recovery.ReadFifo(chunk);
            chunk = chunk[..n];
        }
        else if (!Read(_source, BytesTransferred, chunk))
        {
            Finish(DmaState.Error, "source");
            return;
        }

        if (Faults.Apply(chunk) == FaultAction.Dropped)
        {
            Finish(DmaState.Error, "lost");
            return;
        }

        if (!Write(_destination, BytesTransferred, chunk))
        {
            Finish(DmaState.Error, "destination");
            return;
        }

        BytesTransferred += n;
        var cost = (n + 3) / 4 * NanosecondsPerDword;
        if (BytesTransferred == _length)
        {
            _simulator.Schedule(cost, static s =>
            {
                var (dma, g) = ((DmaEngine, long))s!;
                if (g == dma._generation && dma.State == DmaState.Busy)
                {
                    dma.Finish(DmaState.Done, "done");
                }
            }, (this, generation));
            return;
        }

        _simulator.Schedule(cost, static s => { var (dma, g) = ((DmaEngine, long))s!; dma.Step(g); }, (this, generation));
    }

    private void WaitForFifo(long generation)
    {
        var change = _recovery!.WaitForChange();
        if (change.IsCompleted)
        {
            _simulator.Schedule(0, static s => { var (dma, g) = ((DmaEngine, long))s!; dma.Step(g); }, (this, generation));
            return;
        }

        var awaiter = change.ConfigureAwait(false).GetAwaiter();
        awaiter.OnCompleted(() =>
        {
            awaiter.GetResult();
            _simulator.Schedule(0, static s => { var (dma, g) = ((DmaEngine, long))s!; dma.Step(g); }, (this, generation));
        });
    }

    private bool Read(DmaEndpoint e, long progress, Span<byte> chunk) => e.Kind switch
    {
        DmaEndpointKind.Memory => _memory.TryResolve(e.Address + (ulong)progress, chunk.Length, out var r, out var o) && r.TryRead(o, chunk),
        DmaEndpointKind.Mailbox => _mailbox!.TryDmaRead((long)e.Address + progress, chunk),
        _ => false,
    };

    private bool Write(DmaEndpoint e, long progress, ReadOnlySpan<byte> chunk) => e.Kind switch
    {
        DmaEndpointKind.Memory => _memory.TryResolve(e.Address + (ulong)progress, chunk.Length, out var r, out var o) && r.TryWrite(o, chunk),
        DmaEndpointKind.Mailbox => _mailbox!.TryDmaWrite((long)e.Address + progress, chunk),
        _ => false,
    };

    private void Finish(DmaState state, string detail)
    {
        State = state;
        Trace(state == DmaState.Done ? "done" : "error", string.Create(CultureInfo.InvariantCulture, $"{detail} bytes={BytesTransferred}"));
        _done.Set();
    }

    private void Trace(string kind, string detail)
    {
        if (_simulator.Trace.Enabled)
        {
            _simulator.Trace.Record("dma", kind, detail);
        }
    }
}
