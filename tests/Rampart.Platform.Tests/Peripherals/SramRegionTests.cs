using CsCheck;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class SramRegionTests
{
    [Theory]
    [InlineData("past the end", 60, 8)]
    [InlineData("negative offset", -1, 4)]
    [InlineData("far past the end", long.MaxValue - 2, 4)]
    public void Out_of_range_accesses_are_refused_and_counted(string name, long offset, int length)
    {
        Assert.NotNull(name);
        var region = new SramRegion("sram", 0x100, 64, new FaultInjector(new SimRandom(1)));
        Assert.False(region.TryWrite(offset, new byte[length]));
        Assert.False(region.TryRead(offset, new byte[length]));
        Assert.Equal(2, region.Refused);
    }

    [Fact]
    public void Read_only_regions_refuse_writes_and_faults_apply_to_reads()
    {
        var faults = new FaultInjector(new SimRandom(1));
        var rom = new SramRegion("rom", 0, 16, faults, readOnly: true);
        rom.Load(0, [1, 2, 3, 4]);
        Assert.False(rom.TryWrite(0, [9]));
        faults.StuckLow = 0x01;
        var read = new byte[4];
        Assert.True(rom.TryRead(0, read));
        Assert.Equal([0, 2, 2, 4], read);
        Assert.Equal(1, rom.Refused);
    }

    [Fact]
    public void The_memory_map_resolves_whole_ranges_only_and_rejects_overlaps()
    {
        var faults = new FaultInjector(new SimRandom(1));
        var map = new MemoryMap();
        map.Add(new SramRegion("a", 0x1000, 0x100, faults));
        map.Add(new SramRegion("b", 0x2000, 0x100, faults));
        Assert.True(map.TryResolve(0x20F0, 0x10, out var region, out var offset));
        Assert.Equal(0x2000ul, region.BaseAddress);
        Assert.Equal(0xF0, offset);
        Assert.False(map.TryResolve(0x10F0, 0x20, out _, out _));
        Assert.False(map.TryResolve(0x1800, 1, out _, out _));
        Assert.Throws<InvalidOperationException>(() => map.Add(new SramRegion("c", 0x10FF, 2, faults)));
    }

    [Fact]
    public void A_dropped_write_leaves_memory_untouched()
    {
        var faults = new FaultInjector(new SimRandom(1)) { DropNext = 1 };
        var sram = new SramRegion("sram", 0, 8, faults);
        Assert.True(sram.TryWrite(0, [7, 7]));
        var read = new byte[2];
        Assert.True(sram.TryRead(0, read));
        Assert.Equal([0, 0], read);
        Assert.Equal(1, faults.Dropped);
    }

    [Fact]
    public void Paged_memory_reads_and_writes_like_one_flat_array()
    {
        // Pages are 128 KiB and made on first write: accesses that cross pages, touch the short
        // last page, or read pages never written must behave as one zeroed array would.
        const int size = (3 * 128 * 1024) + 1000;
        var access = Gen.Select(Gen.Bool, Gen.Int[0, size - 1], Gen.Int[0, 140_000]);
        access.Array[1, 12].Sample(accesses =>
        {
            var faults = new FaultInjector(new SimRandom(1));
            var sram = new SramRegion("sram", 0, size, faults);
            var model = new byte[size];
            var next = (byte)1;
            foreach (var (write, offset, wanted) in accesses)
            {
                var length = Math.Min(wanted, size - offset);
                if (write)
                {
                    var bytes = Enumerable.Range(0, length).Select(i => (byte)(next + i)).ToArray();
                    next++;
                    Assert.True(sram.TryWrite(offset, bytes));
                    bytes.CopyTo(model, offset);
                }
                else
                {
                    var read = Enumerable.Repeat((byte)0xEE, length).ToArray();
                    Assert.True(sram.TryRead(offset, read));
                    Assert.Equal(model.AsSpan(offset, length).ToArray(), read);
                }
            }

            var all = Enumerable.Repeat((byte)0xEE, size).ToArray();
            Assert.True(sram.TryRead(0, all));
            Assert.Equal(model, all);
            Assert.Equal(size, sram.Size);
            Assert.False(sram.TryRead(size - 10, new byte[11]));
        }, iter: 60);
    }
}
