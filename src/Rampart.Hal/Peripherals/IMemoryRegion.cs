namespace Rampart.Hal.Peripherals;

/// <summary>
/// A bounded region of chip memory (MCU SRAM, a SoC window). Out-of-range accesses are refused
/// (false), never clipped; the hardware counts them.
/// </summary>
public interface IMemoryRegion
{
    /// <summary>Bus address of the first byte.</summary>
    ulong BaseAddress { get; }

    /// <summary>Size in bytes.</summary>
    long Size { get; }

    /// <summary>Reads at a region offset; false if the range leaves the region.</summary>
    bool TryRead(long offset, Span<byte> destination);

    /// <summary>Writes at a region offset; false if the range leaves the region or it is read-only.</summary>
    bool TryWrite(long offset, ReadOnlySpan<byte> source);
}
