using System.Buffers.Binary;

namespace Rampart.Wire;

/// <summary>
/// A forward-only reader over untrusted bytes. Every <c>TryRead</c> either reads the whole
/// field and advances, or returns <see langword="false"/>, leaves the position where it was
/// and sets its output to default. It never throws on short input.
/// </summary>
/// <remarks>Multi-byte reads are little-endian unless the name says <c>BigEndian</c>.</remarks>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    /// <summary>Creates a reader at the start of <paramref name="buffer"/>.</summary>
    public WireReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes read so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The unread bytes.</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer[_position..];

    /// <summary>Reads one byte.</summary>
    public bool TryReadU8(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }

        value = _buffer[_position++];
        return true;
    }

    /// <summary>Reads a little-endian 16-bit value.</summary>
    public bool TryReadU16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Slice(_position, 2));
        _position += 2;
        return true;
    }

    /// <summary>Reads a big-endian 16-bit value.</summary>
    public bool TryReadU16BigEndian(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(_position, 2));
        _position += 2;
        return true;
    }

    /// <summary>Reads a little-endian 24-bit value.</summary>
    public bool TryReadU24(out uint value)
    {
        if (Remaining < 3)
        {
            value = 0;
            return false;
        }

        value = (uint)(_buffer[_position] | (_buffer[_position + 1] << 8) | (_buffer[_position + 2] << 16));
        _position += 3;
        return true;
    }

    /// <summary>Reads a little-endian 32-bit value.</summary>
    public bool TryReadU32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return true;
    }

    /// <summary>Reads a big-endian 32-bit value.</summary>
    public bool TryReadU32BigEndian(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return true;
    }

    /// <summary>Reads a little-endian 64-bit value.</summary>
    public bool TryReadU64(out ulong value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return true;
    }

    /// <summary>Takes the next <paramref name="length"/> bytes as a slice (no copy).</summary>
    public bool TryReadBytes(int length, out ReadOnlySpan<byte> value)
    {
        if (length < 0 || Remaining < length)
        {
            value = default;
            return false;
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Copies the next <c>destination.Length</c> bytes.</summary>
    public bool TryCopyTo(Span<byte> destination)
    {
        if (Remaining < destination.Length)
        {
            return false;
        }

        _buffer.Slice(_position, destination.Length).CopyTo(destination);
        _position += destination.Length;
        return true;
    }

    /// <summary>Skips <paramref name="length"/> bytes.</summary>
    public bool TrySkip(int length)
    {
        if (length < 0 || Remaining < length)
        {
            return false;
        }

        _position += length;
        return true;
    }
}
