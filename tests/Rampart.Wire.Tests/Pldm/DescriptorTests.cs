using CsCheck;
using Rampart.Wire.Pldm.FirmwareUpdate;
using static Rampart.Wire.Tests.Pldm.PldmCodecAssert;

namespace Rampart.Wire.Tests.Pldm;

public sealed class DescriptorTests
{
    [Theory]
    [InlineData("0000 0200 8680", DescriptorType.PciVendorId, "8680")]
    [InlineData("0100 0400 78563412", DescriptorType.IanaEnterpriseId, "78563412")]
    [InlineData("0200 1000 00112233445566778899AABBCCDDEEFF", DescriptorType.Uuid, "00112233445566778899AABBCCDDEEFF")]
    [InlineData("0300 0300 414243", DescriptorType.PnpVendorId, "414243")]
    [InlineData("0400 0400 41424344", DescriptorType.AcpiVendorId, "41424344")]
    [InlineData("0500 0300 001B21", DescriptorType.IeeeAssignedCompanyId, "001B21")]
    [InlineData("0600 0800 4142434445464748", DescriptorType.ScsiVendorId, "4142434445464748")]
    [InlineData("0001 0200 3412", DescriptorType.PciDeviceId, "3412")]
    [InlineData("0301 0100 01", DescriptorType.PciRevisionId, "01")]
    [InlineData("0701 0A00 41424344454647484950", DescriptorType.AsciiModelNumberShort, "41424344454647484950")]
    [InlineData("0901 0400 01020304", DescriptorType.UbmControllerDeviceCode, "01020304")]
    [InlineData("0080 0300 010203", (DescriptorType)0x8000, "010203")]
    public void Reads_the_descriptor_table_layout(string hex, DescriptorType type, string data)
    {
        var bytes = Hex(hex);
        Assert.Equal(WireStatus.Done, Descriptor.TryRead(bytes, out var descriptor, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(type, descriptor.Type);
        Assert.Equal(Hex(data), descriptor.Data.ToArray());
        var written = new byte[descriptor.EncodedLength];
        Assert.True(descriptor.TryWrite(written, out _));
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData(DescriptorType.PciVendorId, 2)]
    [InlineData(DescriptorType.IanaEnterpriseId, 4)]
    [InlineData(DescriptorType.Uuid, 16)]
    [InlineData(DescriptorType.PnpVendorId, 3)]
    [InlineData(DescriptorType.AcpiVendorId, 4)]
    [InlineData(DescriptorType.IeeeAssignedCompanyId, 3)]
    [InlineData(DescriptorType.ScsiVendorId, 8)]
    [InlineData(DescriptorType.PciDeviceId, 2)]
    [InlineData(DescriptorType.PciSubsystemVendorId, 2)]
    [InlineData(DescriptorType.PciSubsystemId, 2)]
    [InlineData(DescriptorType.PciRevisionId, 1)]
    [InlineData(DescriptorType.PnpProductIdentifier, 4)]
    [InlineData(DescriptorType.AcpiProductIdentifier, 4)]
    [InlineData(DescriptorType.AsciiModelNumberLong, 40)]
    [InlineData(DescriptorType.AsciiModelNumberShort, 10)]
    [InlineData(DescriptorType.ScsiProductId, 16)]
    [InlineData(DescriptorType.UbmControllerDeviceCode, 4)]
    public void Data_lengths_match_the_spec_table(DescriptorType type, int length)
    {
        Assert.Equal(length, DescriptorTypes.ExpectedDataLength(type));
        Assert.True(DescriptorTypes.IsDefined(type));
        var tooLong = new byte[length + 1];
        Assert.Throws<ArgumentException>(() => new Descriptor(type, tooLong));
        var encoded = new byte[4 + length + 1];
        encoded[0] = (byte)type;
        encoded[1] = (byte)((ushort)type >> 8);
        encoded[2] = (byte)(length + 1);
        FailsCleanly(encoded, WireStatus.Invalid);
    }

    [Fact]
    public void Vendor_defined_descriptor_has_a_title_and_data()
    {
        // Type FFFF, length 8: title type ASCII, title length 3 "ACM", data 01 02 03.
        var bytes = Hex("FFFF 0800 01 03 41434D 010203");
        Assert.Equal(WireStatus.Done, Descriptor.TryRead(bytes, out var descriptor, out _));
        Assert.True(descriptor.TryGetVendorDefined(out var titleType, out var title, out var data));
        Assert.Equal(VersionStringType.Ascii, titleType);
        Assert.Equal("ACM"u8.ToArray(), title.ToArray());
        Assert.Equal(Hex("010203"), data.ToArray());
        var written = new byte[Descriptor.VendorDefinedEncodedLength(3, 3)];
        Assert.True(Descriptor.TryWriteVendorDefined(VersionStringType.Ascii, "ACM"u8, Hex("010203"), written, out var length));
        Assert.Equal(bytes, written[..length]);
    }

    [Theory]
    [InlineData("empty", "", WireStatus.NeedMoreData)]
    [InlineData("truncated header", "0000 02", WireStatus.NeedMoreData)]
    [InlineData("truncated data", "0000 0200 86", WireStatus.NeedMoreData)]
    [InlineData("PCI vendor ID of 3 bytes", "0000 0300 868000", WireStatus.Invalid)]
    [InlineData("UUID of 15 bytes", "0200 0F00 00112233445566778899AABBCCDDEE", WireStatus.Invalid)]
    [InlineData("vendor defined without title fields", "FFFF 0100 01", WireStatus.Invalid)]
    [InlineData("vendor title longer than the data", "FFFF 0400 01 05 4142", WireStatus.Invalid)]
    [InlineData("vendor title of unknown string type 6", "FFFF 0300 06 01 41", WireStatus.Invalid)]
    [InlineData("vendor ASCII title with a high byte", "FFFF 0300 01 01 C1", WireStatus.Invalid)]
    public void Rejects_bad_descriptors(string name, string hex, WireStatus expected)
    {
        Assert.NotNull(name);
        FailsCleanly(Hex(hex), expected);
    }

    [Fact]
    public void A_list_reads_and_enumerates_without_copying()
    {
        var bytes = Hex("0000 0200 8680 0001 0200 3412 FFFF 0300 01 01 41 EE");
        Assert.Equal(WireStatus.Done, DescriptorList.TryRead(bytes, 3, out var list, out var consumed));
        Assert.Equal(bytes.Length - 1, consumed);
        var types = new List<DescriptorType>();
        foreach (var descriptor in list)
        {
            types.Add(descriptor.Type);
        }

        Assert.Equal([DescriptorType.PciVendorId, DescriptorType.PciDeviceId, DescriptorType.VendorDefined], types);
        Assert.Equal(WireStatus.NeedMoreData, DescriptorList.TryRead(bytes, 4, out var none, out consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(0, none.Count);
    }

    [Fact]
    public void Round_trips_every_defined_type_and_vendor_defined()
    {
        var types = Enum.GetValues<DescriptorType>().Where(t => t != DescriptorType.VendorDefined).ToArray();
        Gen.Select(Gen.OneOfConst(types), Gen.Byte.Array[40]).Sample((type, pool) =>
        {
            var descriptor = new Descriptor(type, pool.AsSpan(0, DescriptorTypes.ExpectedDataLength(type)));
            var bytes = new byte[descriptor.EncodedLength];
            Assert.True(descriptor.TryWrite(bytes, out _));
            Assert.Equal(WireStatus.Done, Descriptor.TryRead(bytes, out var read, out var consumed));
            Assert.Equal(bytes.Length, consumed);
            Assert.Equal(type, read.Type);
            Assert.Equal(descriptor.Data.ToArray(), read.Data.ToArray());
        });
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 30], Gen.Byte.Array[0, 30]).Sample((title, data) =>
        {
            var titleBytes = VersionStrings.Encode(VersionStringType.Utf8, title);
            var bytes = new byte[Descriptor.VendorDefinedEncodedLength(titleBytes.Length, data.Length)];
            Assert.True(Descriptor.TryWriteVendorDefined(VersionStringType.Utf8, titleBytes, data, bytes, out _));
            Assert.Equal(WireStatus.Done, Descriptor.TryRead(bytes, out var read, out _));
            Assert.True(read.TryGetVendorDefined(out var type, out var readTitle, out var readData));
            Assert.Equal(VersionStringType.Utf8, type);
            Assert.Equal(titleBytes, readTitle.ToArray());
            Assert.Equal(data, readData.ToArray());
        });
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        Gen.Select(Gen.Byte.Array[0, 48], Gen.Byte[0, 4]).Sample((bytes, count) =>
        {
            var status = Descriptor.TryRead(bytes, out var descriptor, out var consumed);
            Assert.Equal(status == WireStatus.Done ? descriptor.EncodedLength : 0, consumed);
            status = DescriptorList.TryRead(bytes, count, out var list, out consumed);
            Assert.Equal(status == WireStatus.Done ? list.Bytes.Length : 0, consumed);
        });
    }

    private static void FailsCleanly(byte[] bytes, WireStatus expected)
    {
        Assert.Equal(expected, Descriptor.TryRead(bytes, out var descriptor, out var consumed));
        Assert.Equal(0, consumed);
        Assert.Equal((DescriptorType)0, descriptor.Type);
        Assert.True(descriptor.Data.IsEmpty);
    }
}
