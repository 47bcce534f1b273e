using Rampart.Hal.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// A device-side I3C target port (the MCTP endpoint of the I3C core): private writes land in
/// a bounded receive ring (full ring or oversized write: NACK, counted), the next private
/// read returns a response firmware staged (none staged: NACK), and firmware may raise an
/// IBI with its mandatory data byte (DSP0233: 0xAE for MCTP).
/// </summary>
public sealed class I3cTargetPort : II3cTarget, II3cBusDevice
{
    private readonly I3cBus _bus;
    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly byte[] _response;
    private readonly SimSignal _activity;
    private int _head;
    private int _count;
    private int _responseLength = -1;
    private long _ibiDoneAt = -1;

    /// <summary>Creates a port at <paramref name="address"/> and attaches it to <paramref name="bus"/>.</summary>
    public I3cTargetPort(I3cBus bus, byte address, int queueDepth = 8, int maxWriteBytes = 1024)
    {
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queueDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWriteBytes);
        Address = address;
        _slots = new byte[queueDepth][];
        for (var i = 0; i < queueDepth; i++)
        {
            _slots[i] = new byte[maxWriteBytes];
        }

        _lengths = new int[queueDepth];
        _response = new byte[maxWriteBytes];
        _activity = bus.Simulator.CreateSignal($"i3c-target-{address:X2}");
        bus.Attach(this);
    }

    /// <inheritdoc/>
    public byte Address { get; }

    /// <summary>Private writes NACKed because the ring was full or the write too long.</summary>
    public long RefusedWrites { get; private set; }

    /// <summary>Private reads NACKed because nothing was staged.</summary>
    public long RefusedReads { get; private set; }

    /// <summary>Firmware requests refused (response already staged, IBI pending, buffer too small).</summary>
    public long RefusedRequests { get; private set; }

    /// <inheritdoc/>
    public bool TryReceive(Span<byte> destination, out int length)
    {
        length = 0;
        if (_count == 0 || destination.Length < _lengths[_head])
        {
            if (_count != 0)
            {
                RefusedRequests++;
            }

            return false;
        }

        length = _lengths[_head];
        _slots[_head].AsSpan(0, length).CopyTo(destination);
        _head = (_head + 1) % _slots.Length;
        _count--;
        return true;
    }

    /// <inheritdoc/>
    public bool TryStageResponse(ReadOnlySpan<byte> data)
    {
        if (_responseLength >= 0 || data.Length > _response.Length)
        {
            RefusedRequests++;
            return false;
        }

        data.CopyTo(_response);
        _responseLength = data.Length;
        return true;
    }

    /// <inheritdoc/>
    public bool TryRaiseIbi(byte mandatoryDataByte)
    {
        if (_bus.Simulator.Now < _ibiDoneAt)
        {
            RefusedRequests++;
            return false;
        }

        _ibiDoneAt = _bus.RaiseIbi(Address, mandatoryDataByte);
        return true;
    }

    /// <inheritdoc/>
    public ValueTask WaitForActivity() => _activity.WaitAsync();

    /// <summary>Wires this port's activity (a packet arrived, a read finished) into <paramref name="line"/>.</summary>
    public void RouteActivityTo(InterruptLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Connect(_activity);
    }

    bool II3cBusDevice.OnPrivateWrite(ReadOnlySpan<byte> data)
    {
        if (_count == _slots.Length || data.Length > _slots[0].Length)
        {
            RefusedWrites++;
            return false;
        }

        var tail = (_head + _count) % _slots.Length;
        data.CopyTo(_slots[tail]);
        _lengths[tail] = data.Length;
        _count++;
        _activity.Set();
        return true;
    }

    int II3cBusDevice.OnPrivateRead(Span<byte> buffer)
    {
        if (_responseLength < 0)
        {
            RefusedReads++;
            return -1;
        }

        var n = Math.Min(buffer.Length, _responseLength);
        _response.AsSpan(0, n).CopyTo(buffer);
        _responseLength = -1;
        _activity.Set();
        return n;
    }
}
