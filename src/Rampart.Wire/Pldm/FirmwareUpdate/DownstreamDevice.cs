using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// One downstream device record of the QueryDownstreamIdentifiers response (DSP0267 1.3
/// Table "Downstream device format"): its index and its descriptors.
/// </summary>
public readonly ref struct DownstreamDevice
{
    // +0 DownstreamDeviceIndex     u16 LE
    // +2 DownstreamDescriptorCount u8 (≥ 1)
    // +3 DownstreamDescriptors     descriptor TLVs

    /// <summary>The fixed part.</summary>
    public const int FixedLength = 3;

    private const int IndexOffset = 0;
    private const int CountOffset = 2;

    /// <summary>A record.</summary>
    public DownstreamDevice(ushort index, DescriptorList descriptors)
    {
        Index = index;
        Descriptors = descriptors;
    }

    /// <summary>The device index.</summary>
    public ushort Index { get; }

    /// <summary>Its descriptors.</summary>
    public DescriptorList Descriptors { get; }

    /// <summary>The encoded size.</summary>
    public int EncodedLength => FixedLength + Descriptors.Bytes.Length;

    /// <summary>Reads one record from the start of <paramref name="source"/>; consumes nothing on failure.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out DownstreamDevice device, out int bytesConsumed)
    {
        device = default;
        bytesConsumed = 0;
        if (source.Length < FixedLength)
        {
            return WireStatus.NeedMoreData;
        }

        int count = source[CountOffset];
        if (count == 0)
        {
            return WireStatus.Invalid;
        }

        var status = DescriptorList.TryRead(source[FixedLength..], count, out var list, out var used);
        if (status != WireStatus.Done)
        {
            return status;
        }

        device = new DownstreamDevice(BinaryPrimitives.ReadUInt16LittleEndian(source[IndexOffset..]), list);
        bytesConsumed = FixedLength + used;
        return WireStatus.Done;
    }

    /// <summary>Writes the record; false if it does not fit or has no descriptors.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < EncodedLength || Descriptors.Count is 0 or > byte.MaxValue)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[IndexOffset..], Index);
        destination[CountOffset] = (byte)Descriptors.Count;
        Descriptors.Bytes.CopyTo(destination[FixedLength..]);
        bytesWritten = EncodedLength;
        return true;
    }
}

/// <summary>A checked run of <see cref="DownstreamDevice"/> records, enumerated without allocation.</summary>
public readonly ref struct DownstreamDeviceList
{
    private DownstreamDeviceList(ReadOnlySpan<byte> bytes, int count)
    {
        Bytes = bytes;
        Count = count;
    }

    /// <summary>The encoded records.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>How many records there are.</summary>
    public int Count { get; }

    /// <summary>Reads exactly <paramref name="count"/> records filling <paramref name="source"/>; Invalid on leftovers.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, int count, out DownstreamDeviceList list)
    {
        list = default;
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var status = DownstreamDevice.TryRead(source[offset..], out _, out var used);
            if (status != WireStatus.Done)
            {
                return status;
            }

            offset += used;
        }

        if (offset != source.Length)
        {
            return WireStatus.Invalid;
        }

        list = new DownstreamDeviceList(source, count);
        return WireStatus.Done;
    }

    /// <summary>Enumerates the records.</summary>
    public Enumerator GetEnumerator() => new(Bytes, Count);

    /// <summary>Walks a checked list.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;
        private int _left;

        internal Enumerator(ReadOnlySpan<byte> bytes, int count)
        {
            _rest = bytes;
            _left = count;
            Current = default;
        }

        /// <summary>The current record.</summary>
        public DownstreamDevice Current { get; private set; }

        /// <summary>Moves to the next record.</summary>
        public bool MoveNext()
        {
            if (_left == 0 || DownstreamDevice.TryRead(_rest, out var next, out var used) != WireStatus.Done)
            {
                return false;
            }

            Current = next;
            _rest = _rest[used..];
            _left--;
            return true;
        }
    }
}
