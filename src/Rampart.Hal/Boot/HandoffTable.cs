using System.Buffers.Binary;

namespace Rampart.Hal.Boot;

/// <summary>
/// The firmware handoff table: what one stage leaves for the next, as bytes (only bytes cross
/// between stages, ARCHITECTURE.md §2). A sequence of tag-length-value entries:
/// <code>
/// +0  magic "RFHT" (u32 LE 0x54484652)
/// +4  entry count (u16)
/// +6  entries: tag (u16) | length (u32) | value
/// </code>
/// Reading never throws: a malformed table is refused as a whole.
/// </summary>
public sealed class HandoffTable
{
    /// <summary>"RFHT" as a little-endian u32.</summary>
    public const uint Magic = 0x5448_4652;

    private const int HeaderSize = 6;
    private const int EntryHeaderSize = 6;
    private readonly SortedDictionary<ushort, byte[]> _entries = [];

    /// <summary>Tags present.</summary>
    public IEnumerable<ushort> Tags => _entries.Keys;

    /// <summary>Sets <paramref name="tag"/> to a copy of <paramref name="value"/>.</summary>
    public HandoffTable Set(ushort tag, ReadOnlySpan<byte> value)
    {
        _entries[tag] = value.ToArray();
        return this;
    }

    /// <summary>Sets <paramref name="tag"/> to a little-endian u32.</summary>
    public HandoffTable SetU32(ushort tag, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Set(tag, bytes);
    }

    /// <summary>The value of <paramref name="tag"/>; false when absent.</summary>
    public bool TryGet(ushort tag, out ReadOnlyMemory<byte> value)
    {
        if (_entries.TryGetValue(tag, out var bytes))
        {
            value = bytes;
            return true;
        }

        value = ReadOnlyMemory<byte>.Empty;
        return false;
    }

    /// <summary>The u32 value of <paramref name="tag"/>; false when absent or not four bytes.</summary>
    public bool TryGetU32(ushort tag, out uint value)
    {
        value = 0;
        if (!_entries.TryGetValue(tag, out var bytes) || bytes.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        return true;
    }

    /// <summary>Encodes the table (entries in tag order, so the bytes are deterministic).</summary>
    public byte[] ToArray()
    {
        var size = HeaderSize + _entries.Values.Sum(v => EntryHeaderSize + v.Length);
        var output = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(output, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(4), (ushort)_entries.Count);
        var offset = HeaderSize;
        foreach (var (tag, value) in _entries)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(offset), tag);
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(offset + 2), (uint)value.Length);
            value.CopyTo(output.AsSpan(offset + EntryHeaderSize));
            offset += EntryHeaderSize + value.Length;
        }

        return output;
    }

    /// <summary>Decodes <paramref name="source"/>; false (and a null table) if it is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out HandoffTable? table)
    {
        table = null;
        if (source.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]);
        var result = new HandoffTable();
        var offset = HeaderSize;
        for (var i = 0; i < count; i++)
        {
            if (source.Length - offset < EntryHeaderSize)
            {
                return false;
            }

            var tag = BinaryPrimitives.ReadUInt16LittleEndian(source[offset..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(source[(offset + 2)..]);
            offset += EntryHeaderSize;
            if (length > (uint)(source.Length - offset) || result._entries.ContainsKey(tag))
            {
                return false;
            }

            result._entries[tag] = source.Slice(offset, (int)length).ToArray();
            offset += (int)length;
        }

        if (offset != source.Length)
        {
            return false;
        }

        table = result;
        return true;
    }
}
