using CsCheck;
using Rampart.Wire.Recovery;

namespace Rampart.Wire.Tests.Recovery;

public sealed class RecoveryFrameTests
{
    private const byte Address = 0x5A;

    [Fact]
    public void Write_frame_matches_the_vector()
    {
        // RECOVERY_CTRL: CMS 0, image from CMS, activate; PEC over B4 26 03 00 00 01 0F.
        var buffer = new byte[16];
        Assert.True(RecoveryFrame.TryWriteWrite(Address, 0x26, [0x00, 0x01, 0x0F], buffer, out var n));
        Assert.Equal("26030000010FDE", Convert.ToHexString(buffer, 0, n));

        Assert.Equal(WireStatus.Done, RecoveryFrame.TryReadWrite(Address, buffer.AsSpan(0, n), out var cmd, out var payload, out var fault));
        Assert.Equal(0x26, cmd);
        Assert.Equal("00010F", Convert.ToHexString(payload));
        Assert.Equal(RecoveryFrameFault.None, fault);
    }

    [Fact]
    public void Read_request_and_response_match_the_vectors()
    {
        var buffer = new byte[16];
        Assert.True(RecoveryFrame.TryWriteReadRequest(Address, 0x22, buffer, out var n));
        Assert.Equal("22F5", Convert.ToHexString(buffer, 0, n));
        Assert.Equal(WireStatus.Done, RecoveryFrame.TryReadReadRequest(Address, buffer.AsSpan(0, n), out var cmd, out _));
        Assert.Equal(0x22, cmd);

        // RECOVERY_STATUS answer 03 01, PEC over B5 02 00 03 01.
        Assert.True(RecoveryFrame.TryWriteReadResponse(Address, [0x03, 0x01], buffer, out n));
        Assert.Equal("0200030138", Convert.ToHexString(buffer, 0, n));
        Assert.Equal(WireStatus.Done, RecoveryFrame.TryReadReadResponse(Address, buffer.AsSpan(0, n), out var payload, out _));
        Assert.Equal("0301", Convert.ToHexString(payload));
    }

    [Theory]
    [InlineData("PEC off by one", "26030000010FDF", RecoveryFrameFault.BadPec, WireStatus.Invalid)]
    [InlineData("length says 4, carries 3", "2604000001 0F12", RecoveryFrameFault.BadPec, WireStatus.Invalid)]
    [InlineData("three bytes", "260300", RecoveryFrameFault.Truncated, WireStatus.NeedMoreData)]
    [InlineData("wrong target address", "26030000010F00", RecoveryFrameFault.BadPec, WireStatus.Invalid)]
    public void Write_frame_faults_are_named(string name, string hex, RecoveryFrameFault expectedFault, WireStatus expected)
    {
        Assert.NotNull(name);
        var frame = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(expected, RecoveryFrame.TryReadWrite(Address, frame, out var cmd, out var payload, out var fault));
        Assert.Equal(expectedFault, fault);
        Assert.Equal(0, cmd);
        Assert.True(payload.IsEmpty);
    }

    [Fact]
    public void Length_mismatch_with_a_good_PEC_is_a_length_fault()
    {
        // Length field 4 but three data bytes, PEC recomputed over what was sent.
        var frame = new byte[] { 0x26, 0x04, 0x00, 0x00, 0x01, 0x0F, 0x00 };
        frame[^1] = RecoveryFrame.Pec(RecoveryFrame.WriteAddressByte(Address), frame.AsSpan(0, frame.Length - 1));
        Assert.Equal(WireStatus.Invalid, RecoveryFrame.TryReadWrite(Address, frame, out _, out _, out var fault));
        Assert.Equal(RecoveryFrameFault.BadLength, fault);
    }

    [Fact]
    public void Every_single_bit_flip_of_a_write_frame_is_rejected()
    {
        var buffer = new byte[32];
        Assert.True(RecoveryFrame.TryWriteWrite(Address, 0x2D, [0x00, 0x01, 0x00, 0x01, 0x00, 0x00], buffer, out var n));
        Assert.Equal("2D0600000100010000AF", Convert.ToHexString(buffer, 0, n));
        for (var bit = 0; bit < n * 8; bit++)
        {
            var copy = buffer.AsSpan(0, n).ToArray();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotEqual(WireStatus.Done, RecoveryFrame.TryReadWrite(Address, copy, out _, out _, out _));
        }
    }

    [Fact]
    public void Frames_round_trip_for_any_payload()
    {
        Gen.Select(Gen.Byte[0, 0x7F], Gen.Byte, Gen.Byte.Array[0, 300]).Sample((address, command, payload) =>
        {
            var buffer = new byte[payload.Length + RecoveryFrame.WriteOverhead];
            Assert.True(RecoveryFrame.TryWriteWrite(address, command, payload, buffer, out var n));
            Assert.Equal(WireStatus.Done, RecoveryFrame.TryReadWrite(address, buffer.AsSpan(0, n), out var cmd, out var back, out _));
            Assert.Equal(command, cmd);
            Assert.Equal(payload, back.ToArray());

            Assert.True(RecoveryFrame.TryWriteReadResponse(address, payload, buffer, out n));
            Assert.Equal(WireStatus.Done, RecoveryFrame.TryReadReadResponse(address, buffer.AsSpan(0, n), out back, out _));
            Assert.Equal(payload, back.ToArray());
        });
    }

    [Fact]
    public void Writers_refuse_small_buffers_and_write_nothing()
    {
        var buffer = new byte[5];
        Assert.False(RecoveryFrame.TryWriteWrite(Address, 0x26, [1, 2], buffer, out var n));
        Assert.Equal(0, n);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Parsers_never_throw_on_random_bytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            _ = RecoveryFrame.TryReadWrite(Address, bytes, out _, out _, out _);
            _ = RecoveryFrame.TryReadReadRequest(Address, bytes, out _, out _);
            _ = RecoveryFrame.TryReadReadResponse(Address, bytes, out _, out _);
        });
    }
}
