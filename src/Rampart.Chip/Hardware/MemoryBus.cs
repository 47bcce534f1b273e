using Rampart.Hal.Boot;
using Rampart.Platform.Peripherals;

namespace Rampart.Chip.Hardware;

/// <summary>A bus master's view of the chip's <see cref="MemoryMap"/> by bus address.</summary>
internal sealed class MemoryBus(MemoryMap map) : IMemoryBus
{
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source) =>
        map.TryResolve(address, source.Length, out var region, out var offset) && region.TryWrite(offset, source);

    public bool TryRead(ulong address, Span<byte> destination) =>
        map.TryResolve(address, destination.Length, out var region, out var offset) && region.TryRead(offset, destination);
}
