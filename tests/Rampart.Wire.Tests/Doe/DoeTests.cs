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
        Assert.Equal(WireStatus.NeedMoreData, DoeDiscoveryRequest.TryRead(Hex("01 02 00"), out var shortRequest));
        Assert.Equal(default, shortRequest);
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

    // PCIe 6.1 §6.30.1.1: byte 1 is the DOE Discovery Version (Linux sends 02h to a version-2 DOE
    // capability, 00h otherwise); bytes 2–3 are reserved and a receiver ignores them.
    [Theory]
    [InlineData("spdm-emu, version 0", "01 00 00 00", 1, 0)]
    [InlineData("Linux to a version-2 capability", "00 02 00 00", 0, 2)]
    [InlineData("version 1, defined by no revision", "02 01 00 00", 2, 1)]
    [InlineData("reserved bytes set", "01 00 AA 55", 1, 0)]
    [InlineData("every bit set", "FF FF FF FF", 255, 255)]
    public void Discovery_request_takes_any_version_and_ignores_reserved_bytes(string name, string hex, byte index, byte version)
    {
        Assert.True(DoeDiscoveryRequest.TryRead(Hex(hex), out var request) == WireStatus.Done, name);
        Assert.Equal(new DoeDiscoveryRequest(index, version), request);
        var buffer = Enumerable.Repeat((byte)0xCC, 4).ToArray();
        Assert.True(request.TryWrite(buffer));
        Assert.Equal([index, version, 0, 0], buffer);
    }

    // A CMA/SPDM responder (0 Discovery, 1 CMA/SPDM, 2 Secured CMA/SPDM): request data -> whole answer object.
    [Theory]
    [InlineData("index 0", "00 00 00 00", "01 00 00 00 03 00 00 00 01 00 00 01")]
    [InlineData("Linux version 2, index 0", "00 02 00 00", "01 00 00 00 03 00 00 00 01 00 00 01")]
    [InlineData("Linux version 2, index 1", "01 02 00 00", "01 00 00 00 03 00 00 00 01 00 01 02")]
    [InlineData("Linux version 2, the last index", "02 02 00 00", "01 00 00 00 03 00 00 00 01 00 02 00")]
    [InlineData("Linux version 2, past the last", "03 02 00 00", "01 00 00 00 03 00 00 00 FF FF 00 00")]
    [InlineData("index 255", "FF 00 00 00", "01 00 00 00 03 00 00 00 FF FF 00 00")]
    [InlineData("version 1", "01 01 00 00", "01 00 00 00 03 00 00 00 01 00 01 02")]
    [InlineData("reserved bytes set", "02 00 5A A5", "01 00 00 00 03 00 00 00 01 00 02 00")]
    public void Discovery_answers_name_the_protocol_and_next_index_and_vendor_ffff_past_the_last(string name, string request, string answer)
    {
        var buffer = Enumerable.Repeat((byte)0xCC, 16).ToArray();
        Assert.True(DoeDiscovery.TryAnswer(Hex(request), DoeDiscovery.CmaSpdmProtocols, buffer, out var written) == WireStatus.Done, name);
        Assert.Equal(DoeDiscovery.AnswerSize, written);
        Assert.Equal(Hex(answer), buffer[..written]);
        Assert.All(buffer[written..], b => Assert.Equal(0xCC, b));
    }

    [Fact]
    public void Discovery_answer_to_a_short_request_writes_nothing_and_a_responder_must_list_discovery_first()
    {
        var buffer = Enumerable.Repeat((byte)0xCC, DoeDiscovery.AnswerSize).ToArray();
        Assert.Equal(WireStatus.NeedMoreData, DoeDiscovery.TryAnswer(Hex("01 02 00"), DoeDiscovery.CmaSpdmProtocols, buffer, out var written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0xCC, b));
        Assert.Throws<ArgumentOutOfRangeException>(() => DoeDiscovery.TryAnswer(Hex("00 00 00 00"), DoeDiscovery.CmaSpdmProtocols, new byte[DoeDiscovery.AnswerSize - 1], out _));
        Assert.Throws<ArgumentException>(() => DoeDiscovery.Answer(default, []));
        Assert.Throws<ArgumentException>(() => DoeDiscovery.Answer(default, [DoeDataObjectType.Spdm]));

        // A responder with one protocol besides Discovery ends its list at index 1.
        DoeDataObjectType[] spdmOnly = [DoeDataObjectType.Discovery, DoeDataObjectType.Spdm];
        Assert.Equal(new DoeDiscoveryResponse(1, DoeDataObjectType.Spdm, 0), DoeDiscovery.Answer(new DoeDiscoveryRequest(1, 2), spdmOnly));
        Assert.Equal(new DoeDiscoveryResponse(0xFFFF, DoeDataObjectType.Discovery, 0), DoeDiscovery.Answer(new DoeDiscoveryRequest(2), spdmOnly));
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
            var status = DoeDiscovery.TryAnswer(bytes, DoeDiscovery.CmaSpdmProtocols, new byte[DoeDiscovery.AnswerSize], out var written);
            Assert.Equal(bytes.Length >= DoeDiscoveryRequest.Size ? WireStatus.Done : WireStatus.NeedMoreData, status);
            Assert.Equal(status == WireStatus.Done ? DoeDiscovery.AnswerSize : 0, written);
        });
    }
}
