using Rampart.Protocols.Mctp;
using Rampart.Wire.Bindings;

namespace Rampart.Protocols.Tests.Mctp;

public sealed class MctpI3cBindingTests
{
    private static readonly byte[] Packet = [0x01, 0x1D, 0x08, 0xC8, 0x05, 0x10, 0x84, 0x00, 0x00];

    [Fact]
    public void A_sealed_write_decodes_on_the_target_and_the_pec_covers_the_write_address()
    {
        var controller = new MctpI3cBinding(0x3A, MctpBindingRole.Controller);
        var target = new MctpI3cBinding(0x3A, MctpBindingRole.Target);
        var transfer = new byte[Packet.Length + 1];
        Packet.CopyTo(transfer, 0);
        Assert.Equal(transfer.Length, controller.SealInPlace(transfer, Packet.Length));
        Assert.Equal(I3cMctpPacket.ComputePec(0x3A, read: false, Packet), transfer[^1]);

        Assert.True(target.TryDecode(transfer, out var packet));
        Assert.Equal(Packet, packet.ToArray());
        Assert.Equal(1, target.Accepted);
    }

    [Fact]
    public void A_target_reply_is_sealed_with_the_read_address()
    {
        var target = new MctpI3cBinding(0x3A, MctpBindingRole.Target);
        var controller = new MctpI3cBinding(0x3A, MctpBindingRole.Controller);
        var transfer = new byte[Packet.Length + 1];
        Packet.CopyTo(transfer, 0);
        target.SealInPlace(transfer, Packet.Length);
        Assert.Equal(I3cMctpPacket.ComputePec(0x3A, read: true, Packet), transfer[^1]);
        Assert.True(controller.TryDecode(transfer, out _));
        Assert.False(target.TryDecode(transfer, out _));
        Assert.Equal(1, target.BadPec);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(9)]
    public void Any_flipped_bit_is_dropped_and_counted(int byteIndex)
    {
        var controller = new MctpI3cBinding(0x3A, MctpBindingRole.Controller);
        var target = new MctpI3cBinding(0x3A, MctpBindingRole.Target);
        for (var bit = 0; bit < 8; bit++)
        {
            var transfer = new byte[Packet.Length + 1];
            Packet.CopyTo(transfer, 0);
            controller.SealInPlace(transfer, Packet.Length);
            transfer[byteIndex] ^= (byte)(1 << bit);
            Assert.False(target.TryDecode(transfer, out _));
        }

        Assert.Equal(8, target.BadPec);
    }

    [Fact]
    public void A_pec_for_another_address_is_dropped()
    {
        var other = new MctpI3cBinding(0x3B, MctpBindingRole.Controller);
        var target = new MctpI3cBinding(0x3A, MctpBindingRole.Target);
        var transfer = new byte[Packet.Length + 1];
        Packet.CopyTo(transfer, 0);
        other.SealInPlace(transfer, Packet.Length);
        Assert.False(target.TryDecode(transfer, out _));
        Assert.Equal(1, target.BadPec);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Short_transfers_are_dropped_and_counted(int length)
    {
        var target = new MctpI3cBinding(0x3A, MctpBindingRole.Target);
        Assert.False(target.TryDecode(new byte[length], out _));
        Assert.Equal(1, target.Short);
    }
}
