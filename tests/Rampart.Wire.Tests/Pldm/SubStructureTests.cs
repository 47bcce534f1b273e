using CsCheck;
using Rampart.Wire.Pldm;
using Rampart.Wire.Pldm.Base;
using Rampart.Wire.Pldm.FirmwareUpdate;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

/// <summary>The nested records read inside messages: prefix reads that consume nothing on failure.</summary>
public sealed class SubStructureTests
{
    private const string ComponentEntry =
        "0A00 0100 00 01000000 01 03 3230323531323331 02000000 02 02 3230323630313031 0100 00000000 312E30 3276";

    private const string DownstreamEntry =
        "0200 05000000 01 03 3230323630313031 00000000 00 00 0000000000000000 0800 00000000 322E30";

    [Fact]
    public void Component_entry_reads_as_a_prefix_and_truncations_consume_nothing()
    {
        var bytes = Hex(ComponentEntry + " EE");
        Assert.Equal(WireStatus.Done, ComponentParameterEntry.TryRead(bytes, out var entry, out var consumed));
        Assert.Equal(bytes.Length - 1, consumed);
        Assert.Equal("2v"u8.ToArray(), entry.PendingVersion.ToArray());
        Assert.Equal(VersionStringType.Utf8, entry.PendingVersionType);
        Assert.Equal(2u, entry.PendingComparisonStamp);
        for (var length = 0; length < consumed; length++)
        {
            Assert.Equal(WireStatus.NeedMoreData, ComponentParameterEntry.TryRead(bytes.AsSpan(0, length), out var none, out var used));
            Assert.Equal(0, used);
            Assert.Equal(0, none.EncodedLength - ComponentParameterEntry.FixedLength);
        }
    }

    [Fact]
    public void Downstream_records_read_as_prefixes_and_truncations_consume_nothing()
    {
        var entry = Hex(DownstreamEntry);
        Assert.Equal(WireStatus.Done, DownstreamDeviceParameterEntry.TryRead(entry, out var parsed, out var consumed));
        Assert.Equal(entry.Length, consumed);
        Assert.Equal(5u, parsed.ActiveComparisonStamp);
        for (var length = 0; length < entry.Length; length++)
        {
            Assert.Equal(WireStatus.NeedMoreData, DownstreamDeviceParameterEntry.TryRead(entry.AsSpan(0, length), out _, out var used));
            Assert.Equal(0, used);
        }

        var device = Hex("0300 02 0000 0200 8680 0001 0200 3412");
        Assert.Equal(WireStatus.Done, DownstreamDevice.TryRead(device, out var record, out consumed));
        Assert.Equal(device.Length, consumed);
        Assert.Equal(3, record.Index);
        Assert.Equal(2, record.Descriptors.Count);
        for (var length = 0; length < device.Length; length++)
        {
            Assert.NotEqual(WireStatus.Done, DownstreamDevice.TryRead(device.AsSpan(0, length), out _, out var used));
            Assert.Equal(0, used);
        }

        Assert.Equal(WireStatus.Invalid, DownstreamDevice.TryRead(Hex("0300 00"), out _, out _));
    }

    [Theory]
    [InlineData("active string type 9", "0A00 0100 00 01000000 09 01 3230323531323331 00000000 00 00 0000000000000000 0100 00000000 31")]
    [InlineData("pending UTF-16BE of odd length", "0A00 0100 00 01000000 01 01 3230323531323331 00000000 05 01 0000000000000000 0100 00000000 31 32")]
    public void Component_entry_rejects(string name, string hex)
    {
        Assert.NotNull(name);
        Assert.Equal(WireStatus.Invalid, ComponentParameterEntry.TryRead(Hex(hex), out _, out var consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Writers_refuse_bodies_their_readers_would_reject()
    {
        Assert.False(new GetPldmVersionResponse(PldmCompletionCode.Success, 0, TransferFlag.StartAndEnd, default).TryWrite(new byte[16], out _));
        Assert.False(new QueryDeviceIdentifiersResponse(PldmCompletionCode.Success, default).TryWrite(new byte[16], out _));
        Assert.Throws<ArgumentException>(() => new RequestUpdateRequest(512, 1, 1, 0, (VersionStringType)6, "1"u8));
        Assert.Throws<ArgumentException>(() => new PassComponentTableRequest(TransferFlag.Start, 0, 0, 0, 0, VersionStringType.Ascii, new byte[256]));
        Assert.Throws<ArgumentException>(() => new Descriptor(DescriptorType.Uuid, new byte[15]));
    }

    [Fact]
    public void RequestFirmwareData_response_can_be_filled_in_place()
    {
        var buffer = new byte[8];
        Assert.True(RequestFirmwareDataResponse.TryReserveSuccess(buffer, 4, out var portion));
        Hex("DEADBEEF").CopyTo(portion);
        Assert.Equal(Hex("00 DEADBEEF"), buffer[..5]);
        Assert.Equal(WireStatus.Done, RequestFirmwareDataResponse.TryRead(buffer.AsSpan(0, 5), out var read, out _));
        Assert.Equal(Hex("DEADBEEF"), read.ComponentImagePortion.ToArray());
        Assert.False(RequestFirmwareDataResponse.TryReserveSuccess(buffer, 8, out var none));
        Assert.True(none.IsEmpty);
    }

    [Fact]
    public void Arbitrary_bytes_into_nested_readers_never_throw()
    {
        Gen.Byte.Array[0, 120].Sample(bytes =>
        {
            var status = ComponentParameterEntry.TryRead(bytes, out var entry, out var consumed);
            Assert.Equal(status == WireStatus.Done ? entry.EncodedLength : 0, consumed);
            status = DownstreamDeviceParameterEntry.TryRead(bytes, out var downstream, out consumed);
            Assert.Equal(status == WireStatus.Done ? downstream.EncodedLength : 0, consumed);
            status = DownstreamDevice.TryRead(bytes, out var device, out consumed);
            Assert.Equal(status == WireStatus.Done ? device.EncodedLength : 0, consumed);
            status = PldmVersionData.TryRead(bytes, out var versions);
            Assert.Equal(status == WireStatus.Done ? (bytes.Length / 4) - 1 : 0, versions.Count);
        }, iter: 3_000, threads: 1);
    }
}
