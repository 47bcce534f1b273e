using CsCheck;
using Rampart.Wire.Recovery;

namespace Rampart.Wire.Tests.Recovery;

public sealed class RecoveryMessageTests
{
    [Fact]
    public void Fixed_sizes_match_the_spec_table()
    {
        Assert.Equal(15, ProtCap.Size);
        Assert.Equal(24, DeviceId.MinSize);
        Assert.Equal(7, DeviceStatus.MinSize);
        Assert.Equal(3, ResetControl.Size);
        Assert.Equal(3, RecoveryCtrl.Size);
        Assert.Equal(2, RecoveryStatus.Size);
        Assert.Equal(4, HwStatus.MinSize);
        Assert.Equal(6, IndirectCtrl.Size);
        Assert.Equal(6, IndirectStatus.Size);
        Assert.Equal(6, IndirectFifoCtrl.Size);
        Assert.Equal(20, IndirectFifoStatus.Size);
        Assert.Equal(252, IndirectData.MaxSize);
        Assert.Equal(255, VendorCommand.MaxSize);
    }

    [Fact]
    public void Command_table_gives_every_code_a_direction_and_length()
    {
        for (var code = RecoveryCommands.First; code <= RecoveryCommands.Last; code++)
        {
            var cmd = (RecoveryCommand)code;
            Assert.NotEqual(RecoveryAccess.None, RecoveryCommands.Access(cmd));
            Assert.True(RecoveryCommands.MinLength(cmd) >= 1);
            Assert.True(RecoveryCommands.MaxLength(cmd) >= RecoveryCommands.MinLength(cmd));
        }

        Assert.False(RecoveryCommands.IsDefined(0x21));
        Assert.False(RecoveryCommands.IsDefined(0x30));
        Assert.Equal(RecoveryAccess.Write, RecoveryCommands.Access(RecoveryCommand.IndirectFifoData));
        Assert.Equal(RecoveryAccess.Read, RecoveryCommands.Access(RecoveryCommand.IndirectFifoStatus));
    }

    [Fact]
    public void ProtCap_decodes_a_spec_vector()
    {
        var bytes = Convert.FromHexString("4F43502052454356" + "01" + "01" + "9F1A" + "01" + "14" + "0A");
        Assert.Equal(WireStatus.Done, ProtCap.TryRead(bytes, out var cap));
        Assert.Equal(1, cap.MajorVersion);
        Assert.Equal(1, cap.MinorVersion);
        Assert.True(cap.Capabilities.HasFlag(RecoveryCapabilities.FlashlessBoot));
        Assert.True(cap.Capabilities.HasFlag(RecoveryCapabilities.FifoCms));
        Assert.True(cap.Capabilities.HasFlag(RecoveryCapabilities.PushCImage));
        Assert.False(cap.Capabilities.HasFlag(RecoveryCapabilities.IndirectMemory));
        Assert.Equal(20, cap.MaxResponseTimeExponent);
        Assert.Equal(10, cap.HeartbeatPeriodExponent);

        var written = new byte[ProtCap.Size];
        Assert.True(cap.TryWrite(written, out var n));
        Assert.Equal(ProtCap.Size, n);
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("wrong magic", "4F43502052454357010100000114 0A", WireStatus.Invalid)]
    [InlineData("one byte short", "4F43502052454356010100000114", WireStatus.NeedMoreData)]
    [InlineData("one byte long", "4F4350205245435601010000011 40A00", WireStatus.Invalid)]
    [InlineData("empty", "", WireStatus.NeedMoreData)]
    public void ProtCap_refuses_bad_payloads(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, ProtCap.TryRead(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), out var cap));
        Assert.Equal(default, cap);
    }

    [Fact]
    public void DeviceStatus_decodes_vendor_bytes_and_reason()
    {
        var bytes = Convert.FromHexString("03" + "04" + "1200" + "3412" + "02" + "AABB");
        Assert.Equal(WireStatus.Done, DeviceStatus.TryRead(bytes, out var status));
        Assert.Equal(DeviceStatusCode.RecoveryMode, status.Status);
        Assert.Equal(RecoveryProtocolError.CrcError, status.ProtocolError);
        Assert.Equal(RecoveryReason.FlashlessBoot, status.Reason);
        Assert.Equal(0x1234, status.Heartbeat);
        Assert.Equal([0xAA, 0xBB], status.VendorStatus.ToArray());

        var written = new byte[status.Size];
        Assert.True(status.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("vendor length beyond the bytes", "03001200341203AABB", WireStatus.NeedMoreData)]
    [InlineData("bytes beyond the vendor length", "030012003412 01AABB", WireStatus.Invalid)]
    [InlineData("vendor length above 248", "03001200341 2F9", WireStatus.Invalid)]
    [InlineData("six bytes", "030012003412", WireStatus.NeedMoreData)]
    public void DeviceStatus_refuses_inconsistent_lengths(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, DeviceStatus.TryRead(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), out var status));
        Assert.Equal(0, status.VendorStatus.Length);
        Assert.Equal(default, status.Status);
    }

    [Fact]
    public void DeviceId_pads_the_descriptor_and_round_trips()
    {
        var id = new DeviceId(DeviceIdType.PciVendor, [0x00, 0x1D, 0x01, 0x00], "Rampart"u8);
        var buffer = new byte[id.Size];
        Assert.True(id.TryWrite(buffer, out var n));
        Assert.Equal(24 + 7, n);
        Assert.Equal("00" + "07" + "001D0100" + new string('0', 36) + "52616D70617274", Convert.ToHexString(buffer));
        Assert.Equal(WireStatus.Done, DeviceId.TryRead(buffer, out var back));
        Assert.Equal(DeviceIdType.PciVendor, back.Type);
        Assert.Equal("Rampart"u8.ToArray(), back.VendorString.ToArray());
        Assert.Equal(WireStatus.Invalid, DeviceId.TryRead(buffer.AsSpan(0, 30).ToArray().Concat(new byte[] { 0x74, 0x00 }).ToArray(), out _));
    }

    [Theory]
    [InlineData("21", RecoveryStatusCode.AwaitingImage, 2)]
    [InlineData("D0", RecoveryStatusCode.NotInRecovery, 13)]
    [InlineData("0D", RecoveryStatusCode.AuthenticationError, 0)]
    [InlineData("13", RecoveryStatusCode.Success, 1)]
    public void RecoveryStatus_packs_status_and_index_in_one_byte(string first, RecoveryStatusCode status, byte index)
    {
        var bytes = Convert.FromHexString(first + "5A");
        Assert.Equal(WireStatus.Done, RecoveryStatus.TryRead(bytes, out var value));
        Assert.Equal(status, value.Status);
        Assert.Equal(index, value.ImageIndex);
        Assert.Equal(0x5A, value.VendorStatus);
        var written = new byte[2];
        Assert.True(value.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void RecoveryStatus_refuses_an_index_above_15()
    {
        Assert.False(new RecoveryStatus(RecoveryStatusCode.Booting, 16, 0).TryWrite(new byte[2], out var n));
        Assert.Equal(0, n);
    }

    [Fact]
    public void IndirectFifoStatus_decodes_a_vector_with_reserved_bytes()
    {
        var bytes = Convert.FromHexString("01" + "00" + "0000" + "10000000" + "04000000" + "00010000" + "40000000");
        Assert.Equal(WireStatus.Done, IndirectFifoStatus.TryRead(bytes, out var s));
        Assert.Equal(FifoStatusFlags.Empty, s.Flags);
        Assert.Equal(CmsRegionType.CodeSpace, s.RegionType);
        Assert.Equal(0x10u, s.WriteIndex);
        Assert.Equal(0x04u, s.ReadIndex);
        Assert.Equal(0x100u, s.FifoSizeInDwords);
        Assert.Equal(0x40u, s.MaxTransferInDwords);
        var written = new byte[IndirectFifoStatus.Size];
        Assert.True(s.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void HwStatus_uses_a_one_byte_temperature()
    {
        var bytes = Convert.FromHexString("05" + "F0" + "F6" + "03" + "DEADBE");
        Assert.Equal(WireStatus.Done, HwStatus.TryRead(bytes, out var hw));
        Assert.Equal(HwStatusFlags.TemperatureCritical | HwStatusFlags.FatalError, hw.Flags);
        Assert.Equal(unchecked((byte)-10), hw.Temperature);
        Assert.Equal(3, hw.VendorData.Length);
        Assert.Equal(WireStatus.Invalid, HwStatus.TryRead(Convert.FromHexString("0000800100AA"), out _));
    }

    [Fact]
    public void Fixed_messages_round_trip()
    {
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Gen.UInt).Sample((a, b, c, d) =>
        {
            Span<byte> buffer = stackalloc byte[32];
            var reset = new ResetControl((DeviceResetControl)a, (ForcedRecoveryMode)b, (InterfaceControl)c);
            Assert.True(reset.TryWrite(buffer, out var n));
            Assert.Equal(WireStatus.Done, ResetControl.TryRead(buffer[..n], out var reset2));
            Assert.Equal(reset, reset2);

            var ctrl = new RecoveryCtrl(a, (RecoveryImageSelection)b, (RecoveryActivation)c);
            Assert.True(ctrl.TryWrite(buffer, out n));
            Assert.Equal(WireStatus.Done, RecoveryCtrl.TryRead(buffer[..n], out var ctrl2));
            Assert.Equal(ctrl, ctrl2);

            var fifo = new IndirectFifoCtrl(a, (FifoReset)b, d);
            Assert.True(fifo.TryWrite(buffer, out n));
            Assert.Equal(WireStatus.Done, IndirectFifoCtrl.TryRead(buffer[..n], out var fifo2));
            Assert.Equal(fifo, fifo2);

            var indirect = new IndirectCtrl(a, d);
            Assert.True(indirect.TryWrite(buffer, out n));
            Assert.Equal(WireStatus.Done, IndirectCtrl.TryRead(buffer[..n], out var indirect2));
            Assert.Equal(indirect, indirect2);

            var status = new IndirectFifoStatus((FifoStatusFlags)a, (CmsRegionType)b, d, ~d, d ^ 0x55, (uint)c);
            Assert.True(status.TryWrite(buffer, out n));
            Assert.Equal(WireStatus.Done, IndirectFifoStatus.TryRead(buffer[..n], out var status2));
            Assert.Equal(status, status2);
        });
    }

    [Fact]
    public void Decoders_never_throw_on_random_bytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            _ = ProtCap.TryRead(bytes, out _);
            _ = DeviceId.TryRead(bytes, out _);
            _ = DeviceStatus.TryRead(bytes, out _);
            _ = ResetControl.TryRead(bytes, out _);
            _ = RecoveryCtrl.TryRead(bytes, out _);
            _ = RecoveryStatus.TryRead(bytes, out _);
            _ = HwStatus.TryRead(bytes, out _);
            _ = IndirectCtrl.TryRead(bytes, out _);
            _ = IndirectStatus.TryRead(bytes, out _);
            _ = IndirectFifoCtrl.TryRead(bytes, out _);
            _ = IndirectFifoStatus.TryRead(bytes, out _);
            _ = IndirectData.Validate(bytes);
            _ = VendorCommand.Validate(bytes);
            _ = IndirectFifoData.Validate(bytes, 256);
        });
    }
}
