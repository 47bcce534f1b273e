namespace Rampart.Platform.Peripherals;

/// <summary>
/// The byte ring behind INDIRECT_FIFO_DATA. Pushes are all-or-nothing (hardware refuses a
/// write that does not fit); indices are reported in 4-byte units modulo the FIFO size, as
/// INDIRECT_FIFO_STATUS carries them.
/// </summary>
internal sealed class RecoveryFifo
{
    private readonly byte[] _ring;
    private int _head;
    private long _written;
    private long _read;

    internal RecoveryFifo(int capacityBytes)
    {
        if (capacityBytes <= 0 || capacityBytes % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacityBytes), "the FIFO size must be a positive multiple of 4");
        }

        _ring = new byte[capacityBytes];
    }

    internal int Capacity => _ring.Length;

    internal int Count => (int)(_written - _read);

    internal int Free => Capacity - Count;

    internal bool IsEmpty => Count == 0;

    internal bool IsFull => Count == Capacity;

    internal uint WriteIndexDwords => (uint)(_written / 4 % (Capacity / 4));

    internal uint ReadIndexDwords => (uint)(_read / 4 % (Capacity / 4));

    internal bool TryPush(ReadOnlySpan<byte> data)
    {
        if (data.Length > Free)
        {
            return false;
        }

        var tail = (_head + Count) % Capacity;
        var first = Math.Min(data.Length, Capacity - tail);
        data[..first].CopyTo(_ring.AsSpan(tail));
        data[first..].CopyTo(_ring);
        _written += data.Length;
        return true;
    }

    internal int Read(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, Count);
        var first = Math.Min(n, Capacity - _head);
        _ring.AsSpan(_head, first).CopyTo(destination);
        _ring.AsSpan(0, n - first).CopyTo(destination[first..]);
        _head = (_head + n) % Capacity;
        _read += n;
        return n;
    }

    internal void Reset()
    {
        _head = 0;
        _written = 0;
        _read = 0;
    }
}
