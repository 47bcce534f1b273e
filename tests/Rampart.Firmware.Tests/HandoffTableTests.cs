using Rampart.Hal.Boot;

namespace Rampart.Firmware.Tests;

public sealed class HandoffTableTests
{
    [Fact]
    public void A_table_round_trips_in_tag_order()
    {
        var table = new HandoffTable().Set(7, [1, 2, 3]).SetU32(2, 0xA1B2C3D4);
        var bytes = table.ToArray();
        Assert.True(HandoffTable.TryRead(bytes, out var read));
        Assert.Equal([(ushort)2, (ushort)7], read!.Tags);
        Assert.True(read.TryGetU32(2, out var value));
        Assert.Equal(0xA1B2C3D4u, value);
        Assert.True(read.TryGet(7, out var bytes7));
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes7.ToArray());
        Assert.False(read.TryGet(9, out _));
    }

    [Fact]
    public void Every_truncation_and_trailing_byte_is_refused()
    {
        var bytes = new HandoffTable().Set(1, [9, 9]).Set(3, new byte[10]).ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(HandoffTable.TryRead(bytes.AsSpan(0, length), out var table));
            Assert.Null(table);
        }

        Assert.False(HandoffTable.TryRead([.. bytes, 0], out _));
    }

    [Fact]
    public void A_duplicate_tag_or_a_wrong_magic_is_refused()
    {
        var bytes = new HandoffTable().Set(1, [1]).Set(2, [2]).ToArray();
        bytes[13] = 1; // the second entry's tag (at 6 + 7) becomes 1
        Assert.False(HandoffTable.TryRead(bytes, out _));
        var other = new HandoffTable().ToArray();
        other[0] ^= 1;
        Assert.False(HandoffTable.TryRead(other, out _));
    }
}
