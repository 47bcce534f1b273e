using System.Buffers.Binary;
using Rampart.Images.Package;
using Rampart.Wire.Checksums;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Images.Tests;

public sealed class PldmPackageTests
{
    public static TheoryData<PackageFormatRevision> Revisions => new()
    {
        PackageFormatRevision.V1_0, PackageFormatRevision.V1_1, PackageFormatRevision.V1_2, PackageFormatRevision.V1_3,
    };

    public static PldmPackage Sample(PackageFormatRevision revision)
    {
        var later = revision >= PackageFormatRevision.V1_1;
        return new PldmPackage
        {
            Revision = revision,
            ReleaseDateTime = Timestamp104.Encode(new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero)),
            ComponentBitmapBitLength = 16,
            Version = PackageString.FromText(VersionStringType.Ascii, "rampart-1.0"),
            FirmwareDevices =
            [
                new FirmwareDeviceIdRecord
                {
                    UpdateOptionFlags = 1,
                    ImageSetVersion = PackageString.FromText(VersionStringType.Utf8, "set-\u00e9"),
                    ApplicableComponents = PldmPackage.Bitmap(16, [0, 1]),
                    Descriptors =
                    [
                        new PackageDescriptor(DescriptorType.IanaEnterpriseId, new byte[] { 0x7F, 0xA6, 0, 0 }),
                        new PackageDescriptor(DescriptorType.Uuid, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()),
                        PackageDescriptor.VendorDefined(PackageString.FromText(VersionStringType.Utf16LittleEndian, "t"), new byte[] { 9, 8 }),
                    ],
                    PackageData = new byte[] { 1, 2, 3 },
                    ReferenceManifest = revision >= PackageFormatRevision.V1_3 ? new byte[] { 0xAB, 0xCD } : ReadOnlyMemory<byte>.Empty,
                },
            ],
            DownstreamDevices = later
                ?
                [
                    new DownstreamDeviceIdRecord
                    {
                        UpdateOptionFlags = 0,
                        ApplicableComponents = PldmPackage.Bitmap(16, [1]),
                        Descriptors = [new PackageDescriptor(DescriptorType.PciVendorId, new byte[] { 0x86, 0x80 })],
                    },
                    new DownstreamDeviceIdRecord
                    {
                        UpdateOptionFlags = 1,
                        SelfContainedActivationMinVersion = PackageString.FromText(VersionStringType.Utf16BigEndian, "2"),
                        SelfContainedActivationMinVersionComparisonStamp = 0x0102_0304,
                        ApplicableComponents = PldmPackage.Bitmap(16, [0]),
                        Descriptors = [new PackageDescriptor(DescriptorType.PciDeviceId, new byte[] { 0x34, 0x12 })],
                    },
                ]
                : [],
            Components =
            [
                new ComponentImage
                {
                    Classification = 0x000A, Identifier = 1, ComparisonStamp = 7, Options = 2,
                    Version = PackageString.FromText(VersionStringType.Utf16, "v1"),
                    OpaqueData = revision >= PackageFormatRevision.V1_2 ? new byte[] { 0xEE } : ReadOnlyMemory<byte>.Empty,
                    Image = TestKeys.Pattern(33, 5),
                },
                new ComponentImage
                {
                    Classification = 0xFFFF, Identifier = 2, RequestedActivationMethod = 0x10,
                    Version = PackageString.FromText(VersionStringType.Ascii, "dd"),
                    Image = TestKeys.Pattern(7, 6),
                },
            ],
        };
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public void Every_revision_round_trips(PackageFormatRevision revision)
    {
        var bytes = PldmPackageWriter.Write(Sample(revision));
        Assert.Equal(ImageVerdict.Verified, PldmPackageReader.TryRead(bytes, out var package));
        Assert.Equal(bytes, PldmPackageWriter.Write(package!));
        Assert.Equal(revision, package!.Revision);
        Assert.Equal("set-\u00e9", package.FirmwareDevices[0].ImageSetVersion.Text);
        Assert.Equal(3, package.FirmwareDevices[0].Descriptors.Count);
        Assert.Equal(TestKeys.Pattern(7, 6), package.Components[1].Image.ToArray());
        Assert.Equal(revision >= PackageFormatRevision.V1_1 ? 2 : 0, package.DownstreamDevices.Count);
        Assert.Equal(new[] { 0, 1 }, PldmPackage.Indices(package.FirmwareDevices[0].ApplicableComponents.Span));
    }

    [Fact]
    public void A_format_1_0_package_laid_out_from_the_spec_parses()
    {
        // DSP0267 1.3 "Package header information", format revision 1, one FD record, one component.
        var header = new List<byte>();
        header.AddRange(new byte[] { 0xF0, 0x18, 0x87, 0x8C, 0xCB, 0x7D, 0x49, 0x43, 0x98, 0x00, 0xA0, 0x2F, 0x05, 0x9A, 0xCA, 0x02 });
        header.Add(0x01);                                   // PackageHeaderFormatRevision
        header.AddRange(new byte[] { 0, 0 });               // PackageHeaderSize, patched below
        header.AddRange(new byte[13]);                      // PackageReleaseDateTime (unspecified)
        header.AddRange(new byte[] { 0x08, 0x00 });         // ComponentBitmapBitLength = 8
        header.AddRange(new byte[] { 0x01, 0x03, (byte)'1', (byte)'.', (byte)'0' }); // ASCII "1.0"
        header.Add(0x01);                                   // DeviceIDRecordCount
        var record = new List<byte>
        {
            0x01,                                           // DescriptorCount
            0x00, 0x00, 0x00, 0x00,                         // DeviceUpdateOptionFlags
            0x01, 0x02,                                     // ComponentImageSetVersionStringType ASCII, length 2
            0x00, 0x00,                                     // FirmwareDevicePackageDataLength
            0x01,                                           // ApplicableComponents: component 0
            (byte)'v', (byte)'1',                           // ComponentImageSetVersionString
            0x00, 0x00, 0x02, 0x00, 0x86, 0x80,             // PCI Vendor ID descriptor 0x8086
        };
        header.AddRange(BitConverter.GetBytes((ushort)(record.Count + 2)));
        header.AddRange(record);
        header.AddRange(new byte[] { 0x01, 0x00 });         // ComponentImageCount
        header.AddRange(new byte[] { 0x0A, 0x00, 0x05, 0x00 }); // classification Firmware, identifier 5
        header.AddRange(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }); // ComponentComparisonStamp
        header.AddRange(new byte[] { 0x00, 0x00, 0x00, 0x00 }); // options, requested activation
        var locationAt = header.Count;
        header.AddRange(new byte[] { 0, 0, 0, 0, 0x04, 0, 0, 0 }); // offset (patched), size 4
        header.AddRange(new byte[] { 0x01, 0x01, (byte)'c' }); // ASCII "c"
        var headerSize = header.Count + 4;
        var bytes = header.Concat(new byte[4]).Concat(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(17), (ushort)headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(locationAt), (uint)headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header.Count), Crc32.Compute(bytes.AsSpan(0, header.Count)));

        Assert.Equal(ImageVerdict.Verified, PldmPackageReader.TryRead(bytes, out var package));
        Assert.Equal(PackageFormatRevision.V1_0, package!.Revision);
        Assert.Equal("1.0", package.Version.Text);
        Assert.Equal(DescriptorType.PciVendorId, package.FirmwareDevices[0].Descriptors[0].Type);
        Assert.Equal((ushort)5, package.Components[0].Identifier);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, package.Components[0].Image.ToArray());
        Assert.Equal(bytes, PldmPackageWriter.Write(package));
    }

    [Fact]
    public void A_format_1_3_package_laid_out_from_the_spec_parses()
    {
        var header = new List<byte>();
        header.AddRange(new byte[] { 0x7B, 0x29, 0x1C, 0x99, 0x6D, 0xB6, 0x42, 0x08, 0x80, 0x1B, 0x02, 0x02, 0x6E, 0x46, 0x3C, 0x78 });
        header.Add(0x04);
        header.AddRange(new byte[] { 0, 0 });
        header.AddRange(new byte[13]);
        header.AddRange(new byte[] { 0x08, 0x00 });
        header.AddRange(new byte[] { 0x02, 0x00 });          // UTF-8, empty package version
        header.Add(0x01);
        var record = new List<byte> { 0x01, 0, 0, 0, 0, 0x01, 0x01, 0x00, 0x00 };
        record.AddRange(new byte[] { 0x02, 0x00, 0x00, 0x00 }); // ReferenceManifestLength = 2
        record.AddRange(new byte[] { 0x01, (byte)'x' });
        record.AddRange(new byte[] { 0x01, 0x00, 0x04, 0x00, 0x7F, 0xA6, 0x00, 0x00 }); // IANA 0xA67F
        record.AddRange(new byte[] { 0x55, 0x66 });          // ReferenceManifestData
        header.AddRange(BitConverter.GetBytes((ushort)(record.Count + 2)));
        header.AddRange(record);
        header.Add(0x01);                                    // DownstreamDeviceIDRecordCount
        var downstream = new List<byte> { 0x01, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0x01 };
        downstream.AddRange(new byte[] { 0x00, 0x01, 0x02, 0x00, 0x34, 0x12 }); // PCI Device ID
        header.AddRange(BitConverter.GetBytes((ushort)(downstream.Count + 2)));
        header.AddRange(downstream);
        header.AddRange(new byte[] { 0x01, 0x00, 0x00, 0x80, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 });
        var locationAt = header.Count;
        header.AddRange(new byte[] { 0, 0, 0, 0, 0x02, 0, 0, 0, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 });
        var headerSize = header.Count + 8;
        var bytes = header.Concat(new byte[8]).Concat(new byte[] { 0x12, 0x34 }).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(17), (ushort)headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(locationAt), (uint)headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header.Count), Crc32.Compute(bytes.AsSpan(0, header.Count)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(header.Count + 4), Crc32.Compute(new byte[] { 0x12, 0x34 }));

        Assert.Equal(ImageVerdict.Verified, PldmPackageReader.TryRead(bytes, out var package));
        Assert.Equal(new byte[] { 0x55, 0x66 }, package!.FirmwareDevices[0].ReferenceManifest.ToArray());
        Assert.Equal(VersionStringType.Unknown, package.DownstreamDevices[0].SelfContainedActivationMinVersion.Type);
        Assert.Equal((ushort)0x8000, package.Components[0].Classification);
        Assert.Equal(bytes, PldmPackageWriter.Write(package));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public void Header_checksum_catches_every_header_byte(PackageFormatRevision revision)
    {
        var bytes = PldmPackageWriter.Write(Sample(revision));
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(17));
        for (var i = 19; i < headerSize - (revision >= PackageFormatRevision.V1_3 ? 8 : 4); i++)
        {
            bytes[i] ^= 0x10;
            Assert.Equal(ImageVerdict.PackageHeaderChecksumMismatch, PldmPackageReader.TryRead(bytes, out var package));
            Assert.Null(package);
            bytes[i] ^= 0x10;
        }
    }

    [Fact]
    public void Payload_checksum_catches_image_changes_in_format_1_3()
    {
        var bytes = PldmPackageWriter.Write(Sample(PackageFormatRevision.V1_3));
        bytes[^1] ^= 1;
        Assert.Equal(ImageVerdict.PackagePayloadChecksumMismatch, PldmPackageReader.TryRead(bytes, out _));
        var older = PldmPackageWriter.Write(Sample(PackageFormatRevision.V1_2));
        older[^1] ^= 1;
        Assert.Equal(ImageVerdict.Verified, PldmPackageReader.TryRead(older, out _));
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public void Truncated_and_oversized_packages_are_rejected(PackageFormatRevision revision)
    {
        var bytes = PldmPackageWriter.Write(Sample(revision));
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.NotEqual(ImageVerdict.Verified, PldmPackageReader.TryRead(bytes.AsSpan(0, length), out var package));
            Assert.Null(package);
        }

        Assert.Equal(ImageVerdict.PackageTruncated, PldmPackageReader.TryRead(bytes.AsSpan(0, bytes.Length - 1), out _));
        Assert.Equal(ImageVerdict.PackageTrailingBytes, PldmPackageReader.TryRead(bytes.Concat(new byte[] { 0 }).ToArray(), out _));
    }

    [Fact]
    public void Unknown_identifier_and_mismatched_revision_are_named()
    {
        var bytes = PldmPackageWriter.Write(Sample(PackageFormatRevision.V1_1));
        bytes[16] = 0x03;
        Assert.Equal(ImageVerdict.PackageUnknownIdentifier, PldmPackageReader.TryRead(bytes, out _));
        bytes[16] = 0x02;
        bytes[0] ^= 1;
        Assert.Equal(ImageVerdict.PackageUnknownIdentifier, PldmPackageReader.TryRead(bytes, out _));
    }

    [Fact]
    public void Reserved_classifications_are_refused_both_ways()
    {
        var package = Sample(PackageFormatRevision.V1_3);
        var reserved = package with { Components = [package.Components[0] with { Classification = 0x0010 }, package.Components[1]] };
        Assert.Throws<ArgumentException>(() => PldmPackageWriter.Write(reserved));
        Assert.True(ComponentImage.IsReservedClassification(0x000E));
        Assert.False(ComponentImage.IsReservedClassification(0x000D));
        Assert.False(ComponentImage.IsReservedClassification(0x8000));
    }

    [Fact]
    public void Revision_features_are_refused_in_older_formats()
    {
        var v13 = Sample(PackageFormatRevision.V1_3);
        Assert.Throws<ArgumentException>(() => PldmPackageWriter.Write(v13 with { Revision = PackageFormatRevision.V1_0 }));
        Assert.Throws<ArgumentException>(() => PldmPackageWriter.Write(v13 with { Revision = PackageFormatRevision.V1_2 }));
    }

    [Fact]
    public void Timestamp104_round_trips()
    {
        var time = new DateTimeOffset(2026, 2, 28, 23, 59, 58, TimeSpan.FromMinutes(-300)).AddTicks(1234560);
        Assert.True(Timestamp104.TryDecode(Timestamp104.Encode(time), out var decoded));
        Assert.Equal(time, decoded);
        Assert.False(Timestamp104.TryDecode(new byte[13], out _));
    }
}
