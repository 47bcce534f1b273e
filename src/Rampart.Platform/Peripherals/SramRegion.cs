using Rampart.Hal.Peripherals;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// A block of on-chip memory (MCU SRAM, a SoC memory window) at a bus address. Accesses that
/// leave the region, and writes to a read-only region, are refused and counted; faults
/// (corrupt, stuck bits) apply to the bytes moved.
/// </summary>
public sealed class SramRegion : IMemoryRegion
{
    private readonly byte[] _bytes;

    /// <summary>Creates a zeroed region.</summary>
    public SramRegion(string name, ulong baseAddress, int size, FaultInjector faults, bool readOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Name = name;
        BaseAddress = baseAddress;
        _bytes = new byte[size];
        Faults = faults ?? throw new ArgumentNullException(nameof(faults));
        ReadOnly = readOnly;
    }

    /// <summary>The region's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public ulong BaseAddress { get; }

    /// <inheritdoc/>
    public long Size => _bytes.Length;

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

        _bytes.AsSpan((int)offset, destination.Length).CopyTo(destination);
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

        var target = _bytes.AsSpan((int)offset, source.Length);
        if (Faults.IsQuiet)
        {
            source.CopyTo(target);
            return true;
        }

        // Under fault injection the bytes travel through a copy, so a dropped write leaves memory untouched.
        var copy = source.ToArray();
        if (Faults.Apply(copy) != FaultAction.Dropped)
        {
            copy.CopyTo(target);
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

        source.CopyTo(_bytes.AsSpan((int)offset));
    }

    private bool InRange(long offset, int length) => offset >= 0 && length >= 0 && offset <= _bytes.Length - (long)length;
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
