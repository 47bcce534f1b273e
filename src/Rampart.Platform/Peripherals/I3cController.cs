using System.Globalization;
using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// The BMC-side I3C controller. Each private write or read takes exactly the virtual time of
/// <see cref="I3cTiming"/> from when the bus is free; the awaiting core resumes when the
/// transfer ends. One transfer is in flight at a time. IBIs from targets queue here.
/// </summary>
public sealed class I3cController : II3cController
{
    private readonly I3cBus _bus;
    private readonly byte[] _buffer;
    private readonly Queue<I3cIbi> _ibis = new();
    private readonly SimSignal _ibiSignal;
    private SimPromise<I3cTransferResult>? _promise;
    private Memory<byte> _readDestination;
    private byte _address;
    private int _length;

    /// <summary>Creates the controller of <paramref name="bus"/>.</summary>
    public I3cController(I3cBus bus, int maxTransferBytes = 4096)
    {
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTransferBytes);
        _buffer = new byte[maxTransferBytes];
        _ibiSignal = bus.Simulator.CreateSignal(bus.Name + ".ibi");
        bus.Controller = this;
    }

    /// <summary>Transfers refused (busy or too long).</summary>
    public long Refused { get; private set; }

    /// <summary>IBIs dropped because the queue was full.</summary>
    public long IbiOverflows { get; private set; }

    /// <summary>The most IBIs queued.</summary>
    public int IbiQueueCapacity { get; init; } = 16;

    /// <summary>Whether a transfer is in flight.</summary>
    public bool InFlight => _promise is not null;

    /// <summary>Private write of <paramref name="data"/> to <paramref name="address"/>.</summary>
    public ValueTask<I3cTransferResult> PrivateWriteAsync(byte address, ReadOnlySpan<byte> data)
    {
        if (_promise is not null || data.Length > _buffer.Length)
        {
            Refused++;
            return ValueTask.FromResult(new I3cTransferResult(I3cTransferStatus.Refused, 0));
        }

        data.CopyTo(_buffer);
        _address = address;
        _length = data.Length;
        _promise = _bus.Simulator.RentPromise<I3cTransferResult>();
        var task = _promise.Task;
        var duration = _bus.Timing.TransferNanoseconds(data.Length);
        var start = _bus.Reserve(duration);
        _bus.Simulator.ScheduleAt(start + duration, static s => ((I3cController)s!).EndWrite(), this);
        return task;
    }

    /// <summary>Private read from <paramref name="address"/> into <paramref name="destination"/>.</summary>
    public ValueTask<I3cTransferResult> PrivateReadAsync(byte address, Memory<byte> destination)
    {
        if (_promise is not null)
        {
            Refused++;
            return ValueTask.FromResult(new I3cTransferResult(I3cTransferStatus.Refused, 0));
        }

        _address = address;
        _readDestination = destination;
        _promise = _bus.Simulator.RentPromise<I3cTransferResult>();
        var task = _promise.Task;
        if (_bus.BusyUntil <= _bus.Simulator.Now)
        {
            BeginRead();
        }
        else
        {
            _bus.Simulator.ScheduleAt(_bus.BusyUntil, static s => ((I3cController)s!).BeginRead(), this);
        }

        return task;
    }

    /// <summary>Takes the oldest IBI; false if none.</summary>
    public bool TryTakeIbi(out I3cIbi ibi) => _ibis.TryDequeue(out ibi);

    /// <inheritdoc/>
    public bool TryTakeIbi(out byte address, out byte mandatoryDataByte)
    {
        var taken = _ibis.TryDequeue(out var ibi);
        address = ibi.Address;
        mandatoryDataByte = ibi.MandatoryDataByte;
        return taken;
    }

    /// <summary>Completes when an IBI arrives (at once if one is queued).</summary>
    public ValueTask WaitForIbi() => _ibis.Count > 0 ? ValueTask.CompletedTask : _ibiSignal.WaitAsync();

    internal void DeliverIbi(I3cIbi ibi)
    {
        if (_ibis.Count >= IbiQueueCapacity)
        {
            IbiOverflows++;
            return;
        }

        _ibis.Enqueue(ibi);
        _ibiSignal.Set();
    }

    private void EndWrite()
    {
        var data = _buffer.AsSpan(0, _length);
        var fault = _bus.Faults.Apply(data);
        var device = _bus.Find(_address);
        var acked = fault != FaultAction.Dropped && device is not null && device.OnPrivateWrite(data);
        Finish("write", acked, _length);
    }

    private void BeginRead()
    {
        var device = _bus.Find(_address);
        var span = _buffer.AsSpan(0, Math.Min(_buffer.Length, _readDestination.Length));
        var count = device is null ? -1 : device.OnPrivateRead(span);
        _length = Math.Clamp(count, 0, span.Length);
        var duration = _bus.Timing.TransferNanoseconds(_length);
        var start = _bus.Reserve(duration);
        _bus.Simulator.ScheduleAt(start + duration, static s =>
        {
            var (controller, acked) = ((I3cController, bool))s!;
            controller.EndRead(acked);
        }, (this, count >= 0));
    }

    private void EndRead(bool acked)
    {
        var data = _buffer.AsSpan(0, _length);
        if (acked && _bus.Faults.Apply(data) == FaultAction.Dropped)
        {
            acked = false;
        }

        if (acked)
        {
            data.CopyTo(_readDestination.Span);
        }

        _readDestination = default;
        Finish("read", acked, acked ? _length : 0);
    }

    private void Finish(string kind, bool acked, int length)
    {
        _bus.Count(acked);
        if (_bus.Simulator.Trace.Enabled)
        {
            _bus.Simulator.Trace.Record(_bus.Name, kind, string.Create(CultureInfo.InvariantCulture, $"addr=0x{_address:X2} len={length} {(acked ? "ack" : "nack")}"));
        }

        var promise = _promise!;
        _promise = null;
        promise.SetResult(new I3cTransferResult(acked ? I3cTransferStatus.Ack : I3cTransferStatus.Nack, length));
    }
}
