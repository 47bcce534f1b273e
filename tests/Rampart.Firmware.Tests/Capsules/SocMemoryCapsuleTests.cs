using Rampart.Kernel.Abi;
using Rampart.Kernel.Abi.Sdk;

namespace Rampart.Firmware.Tests.Capsules;

public sealed class SocMemoryCapsuleTests
{
    [Fact]
    public void Writes_the_allowed_buffer_at_a_64_bit_address()
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("pldm", app);
        var s = app.Syscalls!;
        new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }.CopyTo(s.Memory);
        Assert.True(s.Command(DriverNumbers.SocMemory, 0, 0, 0).IsSuccess);
        Assert.True(s.AllowReadOnly(DriverNumbers.SocMemory, 0, new AppSlice(0, 4)).IsSuccess);
        Assert.Equal(SyscallReturn.Success(), s.Command(DriverNumbers.SocMemory, 1, 0x100, 0x1));
        Assert.Equal([0xDE, 0xAD, 0xBE, 0xEF], board.Memory.Ram[0x100..0x104]);
        Assert.Equal(4, board.SocMemory.BytesWritten);
    }

    [Theory]
    [InlineData("below the region", 0xFFFF_FFFFu, 0u)]
    [InlineData("past its end", 0xFFFEu, 1u)]
    [InlineData("another high word", 0x100u, 2u)]
    public void Refused_writes_are_inval(string name, uint low, uint high)
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("pldm", app);
        var s = app.Syscalls!;
        s.AllowReadOnly(DriverNumbers.SocMemory, 0, new AppSlice(0, 4));
        Assert.True(s.Command(DriverNumbers.SocMemory, 1, low, high).Error == ErrorCode.Invalid, name);
        Assert.Equal(0, board.SocMemory.Writes);
    }

    [Fact]
    public void No_buffer_is_reserve_and_unknown_commands_are_nosupport()
    {
        var board = new CapsuleBoard();
        var app = new HolderApp();
        board.Load("pldm", app);
        var s = app.Syscalls!;
        Assert.Equal(ErrorCode.Reserve, s.Command(DriverNumbers.SocMemory, 1, 0, 1).Error);
        Assert.Equal(ErrorCode.NoSupport, s.Command(DriverNumbers.SocMemory, 2, 0, 1).Error);
    }
}
