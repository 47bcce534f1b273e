using System.Buffers.Binary;

namespace Rampart.Wire;

/// <summary>
/// A forward-only writer into a caller's buffer. A <c>TryWrite</c> that does not fit writes
/// nothing and returns <see langword="false"/>; <see cref="Overflowed"/> then stays set so a
/// sequence of writes can be checked once at the end.
/// </summary>
/// <remarks>Multi-byte writes are little-endian unless the name says <c>BigEndian</c>.</remarks>
public ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Creates a writer at the start of <paramref name="buffer"/>.</summary>
    public WireWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        Overflowed = false;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>Room left.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>True once any write did not fit.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    private bool Reserve(int length)
    {
        if (Remaining < length)
        {
            Overflowed = true;
            return false;
        }

        return true;
    }

    /// <summary>Writes one byte.</summary>
    public bool TryWriteU8(byte value)
    {
        if (!Reserve(1))
        {
            return false;
        }

        _buffer[_position++] = value;
        return true;
    }

    /// <summary>Writes a little-endian 16-bit value.</summary>
    public bool TryWriteU16(ushort value)
    {
        if (!Reserve(2))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.Slice(_position, 2), value);
        _position += 2;
        return true;
    }

    /// <summary>Writes a big-endian 16-bit value.</summary>
    public bool TryWriteU16BigEndian(ushort value)
    {
        if (!Reserve(2))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_position, 2), value);
        _position += 2;
        return true;
    }

    /// <summary>Writes a little-endian 24-bit value (the top byte of <paramref name="value"/> must be zero).</summary>
    public bool TryWriteU24(uint value)
    {
        if (value > 0xFF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        if (!Reserve(3))
        {
            return false;
        }

        _buffer[_position] = (byte)value;
        _buffer[_position + 1] = (byte)(value >> 8);
        _buffer[_position + 2] = (byte)(value >> 16);
        _position += 3;
        return true;
    }

    /// <summary>Writes a little-endian 32-bit value.</summary>
    public bool TryWriteU32(uint value)
    {
        if (!Reserve(4))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.Slice(_position, 4), value);
        _position += 4;
        return true;
    }

    /// <summary>Writes a big-endian 32-bit value.</summary>
    public bool TryWriteU32BigEndian(uint value)
    {
        if (!Reserve(4))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(_position, 4), value);
        _position += 4;
        return true;
    }

    /// <summary>Writes a little-endian 64-bit value.</summary>
    public bool TryWriteU64(ulong value)
    {
        if (!Reserve(8))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.Slice(_position, 8), value);
        _position += 8;
        return true;
    }

    /// <summary>Copies <paramref name="value"/> in.</summary>
    public bool TryWriteBytes(ReadOnlySpan<byte> value)
    {
        if (!Reserve(value.Length))
        {
            return false;
        }

        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
        return true;
    }

    /// <summary>Writes <paramref name="count"/> zero bytes (reserved or padding fields).</summary>
    public bool TryWriteZeros(int count)
    {
        if (count < 0 || !Reserve(count))
        {
            return false;
        }

        _buffer.Slice(_position, count).Clear();
        _position += count;
        return true;
    }
}
