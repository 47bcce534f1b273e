using CsCheck;
using Rampart.Wire.Bindings;

namespace Rampart.Wire.Tests.Bindings;

public sealed class SpdmEmuFrameTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void Test_hello_frame_matches_the_spdm_emu_layout()
    {
        var payload = "Client Hello!\0"u8.ToArray();
        var buffer = new byte[12 + payload.Length];
        Assert.True(SpdmEmuFrameHeader.TryWriteFrame(SpdmEmuCommand.Test, SpdmEmuTransport.Mctp, payload, buffer, out var written));
        Assert.Equal(26, written);
        Assert.Equal(Hex("00 00 DE AD 00 00 00 01 00 00 00 0E"), buffer[..12]);
        Assert.Equal(WireStatus.Done, SpdmEmuFrameHeader.TryReadFrame(buffer, out var header, out var back, out var consumed));
        Assert.Equal(new SpdmEmuFrameHeader(SpdmEmuCommand.Test, SpdmEmuTransport.Mctp, 14), header);
        Assert.Equal(payload, back.ToArray());
        Assert.Equal(26, consumed);
    }

    [Theory]
    [InlineData("truncated header", "00 00 00 01 00 00 00 01 00 00 00", WireStatus.NeedMoreData)]
    [InlineData("truncated payload", "00 00 00 01 00 00 00 01 00 00 00 02 05", WireStatus.NeedMoreData)]
    [InlineData("payload too large", "00 00 00 01 00 00 00 01 7F 00 00 00", WireStatus.Invalid)]
    public void Rejects_bad_frames(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, SpdmEmuFrameHeader.TryReadFrame(Hex(hex), out var header, out var payload, out var consumed));
        Assert.Equal(default, header);
        Assert.True(payload.IsEmpty);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Round_trips_and_arbitrary_bytes_never_throw()
    {
        Gen.Select(Gen.UInt, Gen.UInt[0, 3], Gen.Byte.Array[0, 64]).Sample((command, transport, payload) =>
        {
            var buffer = new byte[12 + payload.Length];
            Assert.True(SpdmEmuFrameHeader.TryWriteFrame((SpdmEmuCommand)command, (SpdmEmuTransport)transport, payload, buffer, out _));
            Assert.Equal(WireStatus.Done, SpdmEmuFrameHeader.TryReadFrame(buffer, out var header, out var back, out _));
            Assert.Equal((SpdmEmuCommand)command, header.Command);
            Assert.True(back.SequenceEqual(payload));
        });
        Gen.Byte.Array[0, 40].Sample(bytes => SpdmEmuFrameHeader.TryReadFrame(bytes, out _, out _, out _));
    }
}
