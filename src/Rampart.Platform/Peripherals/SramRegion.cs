using Rampart.Hal.Peripherals;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// A block of on-chip memory (MCU SRAM, a SoC memory window) at a bus address. Accesses that
/// leave the region, and writes to a read-only region, are refused and counted; faults
/// (corrupt, stuck bits) apply to the bytes moved. The bytes live in 128 KiB pages made on the
/// first write to them: a page never written reads as zeros, so a chip holds only the memory its
/// boot fills (its images: the benchmark's reference boot writes ~4.3 MiB of the 16 MiB SoC window
/// and under 1 MiB of the 4 MiB MCU SRAM), not whole windows zeroed afresh every boot.
/// </summary>
public sealed class SramRegion : IMemoryRegion
{
    // 128 KiB: above the large-object threshold, so a filled page is allocated once and never
    // copied by a young-generation collection.
    private const int PageShift = 17;
    private const int PageSize = 1 << PageShift;
    private readonly byte[]?[] _pages;
    private readonly int _size;

    /// <summary>Creates a zeroed region.</summary>
    public SramRegion(string name, ulong baseAddress, int size, FaultInjector faults, bool readOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Name = name;
        BaseAddress = baseAddress;
        _size = size;
        _pages = new byte[]?[(size + PageSize - 1) >> PageShift];
        Faults = faults ?? throw new ArgumentNullException(nameof(faults));
        ReadOnly = readOnly;
    }

    /// <summary>The region's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public ulong BaseAddress { get; }

    /// <inheritdoc/>
    public long Size => _size;

    /// <summary>True if firmware may not write it.</summary>
    public bool ReadOnly { get; }

    /// <summary>Fault hook on accesses.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Refused accesses (out of range or read-only).</summary>
    public long Refused { get; private set; }

    /// <inheritdoc/>
    public bool TryRead(long offset, Span<byte> destination)
    {
        if (!InRange(offset, destination.Length))
        {
            Refused++;
            return false;
        }

        Read((int)offset, destination);
        Faults.Apply(destination);
        return true;
    }

    /// <inheritdoc/>
    public bool TryWrite(long offset, ReadOnlySpan<byte> source)
    {
        if (ReadOnly || !InRange(offset, source.Length))
        {
            Refused++;
            return false;
        }

        if (Faults.IsQuiet)
        {
            Write((int)offset, source);
            return true;
        }

        // Under fault injection the bytes travel through a copy, so a dropped write leaves memory untouched.
        var copy = source.ToArray();
        if (Faults.Apply(copy) != FaultAction.Dropped)
        {
            Write((int)offset, copy);
        }

        return true;
    }

    /// <summary>Loads bytes regardless of <see cref="ReadOnly"/> (the chip filling ROM or a window at build time).</summary>
    public void Load(long offset, ReadOnlySpan<byte> source)
    {
        if (!InRange(offset, source.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }

        Write((int)offset, source);
    }

    private bool InRange(long offset, int length) => offset >= 0 && length >= 0 && offset <= _size - (long)length;

    private void Read(int offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var within = offset & (PageSize - 1);
            var n = Math.Min(destination.Length, PageSize - within);
            if (_pages[offset >> PageShift] is { } page)
            {
                page.AsSpan(within, n).CopyTo(destination);
            }
            else
            {
                destination[..n].Clear();
            }

            offset += n;
            destination = destination[n..];
        }
    }

    private void Write(int offset, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            var within = offset & (PageSize - 1);
            var n = Math.Min(source.Length, PageSize - within);
            var index = offset >> PageShift;
            var page = _pages[index] ??= new byte[Math.Min(PageSize, _size - (index << PageShift))];
            source[..n].CopyTo(page.AsSpan(within));
            offset += n;
            source = source[n..];
        }
    }
}

/// <summary>The bus address map: which region holds an address.</summary>
public sealed class MemoryMap
{
    private readonly List<IMemoryRegion> _regions = [];

    /// <summary>The regions.</summary>
    public IReadOnlyList<IMemoryRegion> Regions => _regions;

    /// <summary>Adds a region; throws if it overlaps another (a wiring bug).</summary>
    public void Add(IMemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        foreach (var r in _regions)
        {
            if (region.BaseAddress < r.BaseAddress + (ulong)r.Size && r.BaseAddress < region.BaseAddress + (ulong)region.Size)
            {
                throw new InvalidOperationException("memory regions overlap");
            }
        }

        _regions.Add(region);
    }

    /// <summary>Finds the region holding [address, address + length); false if none holds it whole.</summary>
    public bool TryResolve(ulong address, long length, out IMemoryRegion region, out long offset)
    {
        foreach (var r in _regions)
        {
            if (address >= r.BaseAddress && address - r.BaseAddress <= (ulong)r.Size && length >= 0
                && (long)(address - r.BaseAddress) <= r.Size - length)
            {
                region = r;
                offset = (long)(address - r.BaseAddress);
                return true;
            }
        }

        region = null!;
        offset = 0;
        return false;
    }
}
