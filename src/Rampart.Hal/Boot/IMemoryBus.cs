namespace Rampart.Hal.Boot;

/// <summary>
/// The SoC address space as a bus master sees it: reads and writes by bus address into whatever
/// region is mapped there. Unmapped or out-of-range accesses are refused (false), never clipped.
/// </summary>
public interface IMemoryBus
{
    /// <summary>Writes <paramref name="source"/> at <paramref name="address"/>.</summary>
    bool TryWrite(ulong address, ReadOnlySpan<byte> source);

    /// <summary>Reads into <paramref name="destination"/> from <paramref name="address"/>.</summary>
    bool TryRead(ulong address, Span<byte> destination);
}
