using CsCheck;
using Rampart.Wire.Doe;

namespace Rampart.Wire.Tests.Doe;

public sealed class DoeTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("01 00 00 00 03 00 00 00 00 00 00 00", DoeDataObjectType.Discovery, 3)]
    [InlineData("01 00 01 00 04 00 00 00 10 84 00 00 00 00 00 00", DoeDataObjectType.Spdm, 4)]
    [InlineData("01 00 02 00 02 00 00 00", DoeDataObjectType.SecuredSpdm, 2)]
    public void Header_vectors(string hex, DoeDataObjectType type, int dwords)
    {
        var bytes = Hex(hex);
        Assert.Equal(WireStatus.Done, DoeDataObject.TryRead(bytes, out var header, out var data, out var consumed));
        Assert.Equal(new DoeDataObjectHeader(DoeDataObjectHeader.PciSigVendorId, type, dwords), header);
        Assert.Equal(dwords * 4 - 8, data.Length);
        Assert.Equal(bytes.Length, consumed);
    }

    [Fact]
    public void Length_zero_means_2_to_the_18_dwords()
    {
        Assert.Equal(WireStatus.Done, DoeDataObjectHeader.TryRead(Hex("01 00 01 00 00 00 00 00"), out var header));
        Assert.Equal(1 << 18, header.LengthDwords);
        var buffer = new byte[8];
        Assert.True(header.TryWrite(buffer));
        Assert.Equal(Hex("01 00 01 00 00 00 00 00"), buffer);
    }

    [Theory]
    [InlineData("truncated header", "01 00 01 00 04 00 00")]
    [InlineData("reserved byte", "01 00 01 01 02 00 00 00")]
    [InlineData("reserved length bits", "01 00 01 00 02 00 04 00")]
    [InlineData("length below header", "01 00 01 00 01 00 00 00")]
    [InlineData("truncated data", "01 00 01 00 04 00 00 00 10 84 00 00")]
    public void Rejects_bad_objects(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.NotEqual(WireStatus.Done, DoeDataObject.TryRead(Hex(hex), out var header, out var data, out var consumed));
        Assert.Equal(default, header);
        Assert.True(data.IsEmpty);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Writer_pads_data_to_a_dword_with_zeros()
    {
        var buffer = Enumerable.Repeat((byte)0xCC, 16).ToArray();
        Assert.True(DoeDataObject.TryWrite(DoeDataObjectType.Spdm, Hex("10 84 00"), buffer, out var written));
        Assert.Equal(12, written);
        Assert.Equal(Hex("01 00 01 00 03 00 00 00 10 84 00 00"), buffer[..12]);
    }

    [Fact]
    public void Discovery_vectors_follow_the_spdm_emu_sequence()
    {
        Assert.Equal(WireStatus.Done, DoeDiscoveryRequest.TryRead(Hex("01 00 00 00"), out var request));
        Assert.Equal(1, request.Index);
        Assert.Equal(WireStatus.Invalid, DoeDiscoveryRequest.TryRead(Hex("01 00 01 00"), out var bad));
        Assert.Equal(default, bad);
        var buffer = new byte[4];
        Assert.True(new DoeDiscoveryResponse(0x0001, DoeDataObjectType.Spdm, 2).TryWrite(buffer));
        Assert.Equal(Hex("01 00 01 02"), buffer);
        Assert.Equal(WireStatus.Done, DoeDiscoveryResponse.TryRead(Hex("01 00 02 00"), out var last));
        Assert.Equal(new DoeDiscoveryResponse(1, DoeDataObjectType.SecuredSpdm, 0), last);
        Assert.Equal(WireStatus.NeedMoreData, DoeDiscoveryResponse.TryRead(Hex("01 00 02"), out _));
        Assert.Equal(4, DoeDiscoveryRequest.Size);
        Assert.Equal(4, DoeDiscoveryResponse.Size);
        Assert.Equal(8, DoeDataObjectHeader.Size);
    }

    [Fact]
    public void Round_trips_and_arbitrary_bytes_never_throw()
    {
        Gen.Select(Gen.Byte[0, 2], Gen.Byte.Array[0, 64]).Sample((type, data) =>
        {
            var buffer = new byte[DoeDataObject.GetEncodedSize(data.Length)];
            Assert.True(DoeDataObject.TryWrite((DoeDataObjectType)type, data, buffer, out var written));
            Assert.Equal(0, written % 4);
            Assert.Equal(WireStatus.Done, DoeDataObject.TryRead(buffer, out var header, out var back, out var consumed));
            Assert.Equal(written, consumed);
            Assert.Equal((DoeDataObjectType)type, header.Type);
            Assert.True(back[..data.Length].SequenceEqual(data));
        });
        Gen.Select(Gen.Byte, Gen.Byte).Sample((index, version) =>
        {
            var buffer = new byte[4];
            new DoeDiscoveryRequest(index, version).TryWrite(buffer);
            Assert.Equal(WireStatus.Done, DoeDiscoveryRequest.TryRead(buffer, out var back));
            Assert.Equal(new DoeDiscoveryRequest(index, version), back);
        });
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            DoeDataObject.TryRead(bytes, out _, out _, out _);
            DoeDiscoveryRequest.TryRead(bytes, out _);
            DoeDiscoveryResponse.TryRead(bytes, out _);
        });
    }
}
