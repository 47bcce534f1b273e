namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// A run of <see cref="Count"/> descriptors as they follow each other on the wire
/// (DSP0267 1.3 QueryDeviceIdentifiers response, downstream device records, FD identification
/// records). Reading checks every descriptor once; enumerating then slices without allocating.
/// </summary>
public readonly ref struct DescriptorList
{
    private DescriptorList(ReadOnlySpan<byte> bytes, int count)
    {
        Bytes = bytes;
        Count = count;
    }

    /// <summary>The encoded descriptors, back to back.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>How many descriptors there are.</summary>
    public int Count { get; }

    /// <summary>
    /// Reads <paramref name="count"/> descriptors from the start of <paramref name="source"/>.
    /// The status of the first bad descriptor is returned; on failure nothing is consumed.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, int count, out DescriptorList list, out int bytesConsumed)
    {
        list = default;
        bytesConsumed = 0;
        if (count < 0)
        {
            return WireStatus.Invalid;
        }

        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var status = Descriptor.TryRead(source[offset..], out _, out var used);
            if (status != WireStatus.Done)
            {
                return status;
            }

            offset += used;
        }

        list = new DescriptorList(source[..offset], count);
        bytesConsumed = offset;
        return WireStatus.Done;
    }

    /// <summary>The first descriptor (DSP0267: the initial descriptor), if any.</summary>
    public bool TryGetFirst(out Descriptor first)
    {
        first = default;
        return Count > 0 && Descriptor.TryRead(Bytes, out first, out _) == WireStatus.Done;
    }

    /// <summary>Enumerates the descriptors.</summary>
    public Enumerator GetEnumerator() => new(Bytes, Count);

    /// <summary>Walks a checked <see cref="DescriptorList"/>.</summary>
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

        /// <summary>The descriptor at the current position.</summary>
        public Descriptor Current { get; private set; }

        /// <summary>Moves to the next descriptor.</summary>
        public bool MoveNext()
        {
            if (_left == 0 || Descriptor.TryRead(_rest, out var next, out var used) != WireStatus.Done)
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
