using System.Buffers.Binary;
using Rampart.Wire;
using Rampart.Wire.Checksums;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Images.Package;

/// <summary>
/// Encodes a <see cref="PldmPackage"/> (DSP0267 1.3 §"Firmware update package"):
/// <code>
/// header identifier(16) | format revision(1) | header size(2) | release date time(13)
/// component bitmap bit length(2) | version string type(1) length(1) string
/// FD record count(1) | FD records                       -- see FirmwareDeviceIdRecord
/// [1.1+] downstream record count(1) | downstream records
/// component image count(2) | component image information entries
/// header checksum CRC-32(4) over everything above | [1.3] payload checksum CRC-32(4) over the images
/// component images (contiguous, in component order)
/// </code>
/// Features a revision does not have (downstream records before 1.1, opaque data before 1.2,
/// reference manifests before 1.3) and reserved classifications are refused.
/// </summary>
public static class PldmPackageWriter
{
    /// <summary>Encodes the package.</summary>
    /// <exception cref="ArgumentException">The package uses something its revision or DSP0267 does not allow.</exception>
    public static byte[] Write(PldmPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        Validate(package);
        var revision = package.Revision;
        var header = new List<byte>(1024);
        header.AddRange(PackageHeaderIdentifiers.For(revision));
        header.Add((byte)revision);
        header.AddRange(new byte[2]);
        header.AddRange(package.ReleaseDateTime.Span);
        AddU16(header, package.ComponentBitmapBitLength);
        AddString(header, package.Version);
        header.Add((byte)package.FirmwareDevices.Count);
        foreach (var record in package.FirmwareDevices)
        {
            WriteFirmwareDevice(header, revision, record);
        }

        if (revision >= PackageFormatRevision.V1_1)
        {
            header.Add((byte)package.DownstreamDevices.Count);
            foreach (var record in package.DownstreamDevices)
            {
                WriteDownstreamDevice(header, revision, record);
            }
        }

        AddU16(header, (ushort)package.Components.Count);
        var locationFields = new List<int>();
        foreach (var component in package.Components)
        {
            AddU16(header, component.Classification);
            AddU16(header, component.Identifier);
            AddU32(header, component.ComparisonStamp);
            AddU16(header, component.Options);
            AddU16(header, component.RequestedActivationMethod);
            locationFields.Add(header.Count);
            AddU32(header, 0);
            AddU32(header, (uint)component.Image.Length);
            AddString(header, component.Version);
            if (revision >= PackageFormatRevision.V1_2)
            {
                AddU32(header, (uint)component.OpaqueData.Length);
                header.AddRange(component.OpaqueData.Span);
            }
        }

        var checksumBytes = revision >= PackageFormatRevision.V1_3 ? 8 : 4;
        var headerSize = header.Count + checksumBytes;
        if (headerSize > ushort.MaxValue)
        {
            throw new ArgumentException("The package header exceeds 65535 bytes.", nameof(package));
        }

        var total = (long)headerSize + package.Components.Sum(c => (long)c.Image.Length);
        if (total > int.MaxValue)
        {
            throw new ArgumentException("The package exceeds 2 GiB.", nameof(package));
        }

        var bytes = new byte[total];
        var span = bytes.AsSpan();
        header.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(span[PldmPackageReader.HeaderSizeOffset..], (ushort)headerSize);
        var offset = headerSize;
        for (var i = 0; i < package.Components.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[locationFields[i]..], (uint)offset);
            package.Components[i].Image.Span.CopyTo(span[offset..]);
            offset += package.Components[i].Image.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[header.Count..], Crc32.Compute(span[..header.Count]));
        if (revision >= PackageFormatRevision.V1_3)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(header.Count + 4)..], Crc32.Compute(span[headerSize..]));
        }

        return bytes;
    }

    private static void WriteFirmwareDevice(List<byte> header, PackageFormatRevision revision, FirmwareDeviceIdRecord record)
    {
        var body = new List<byte>(256);
        body.Add((byte)record.Descriptors.Count);
        AddU32(body, record.UpdateOptionFlags);
        body.Add((byte)record.ImageSetVersion.Type);
        body.Add((byte)record.ImageSetVersion.Bytes.Length);
        AddU16(body, (ushort)record.PackageData.Length);
        if (revision >= PackageFormatRevision.V1_3)
        {
            AddU32(body, (uint)record.ReferenceManifest.Length);
        }

        body.AddRange(record.ApplicableComponents.Span);
        body.AddRange(record.ImageSetVersion.Bytes.Span);
        AddDescriptors(body, record.Descriptors);
        body.AddRange(record.PackageData.Span);
        body.AddRange(record.ReferenceManifest.Span);
        AddRecord(header, body);
    }

    private static void WriteDownstreamDevice(List<byte> header, PackageFormatRevision revision, DownstreamDeviceIdRecord record)
    {
        var body = new List<byte>(256);
        body.Add((byte)record.Descriptors.Count);
        AddU32(body, record.UpdateOptionFlags);
        var minVersion = record.SelfContainedActivation ? record.SelfContainedActivationMinVersion : PackageString.None;
        body.Add((byte)minVersion.Type);
        body.Add((byte)minVersion.Bytes.Length);
        AddU16(body, (ushort)record.PackageData.Length);
        if (revision >= PackageFormatRevision.V1_3)
        {
            AddU32(body, (uint)record.ReferenceManifest.Length);
        }

        body.AddRange(record.ApplicableComponents.Span);
        body.AddRange(minVersion.Bytes.Span);
        if (record.SelfContainedActivation)
        {
            AddU32(body, record.SelfContainedActivationMinVersionComparisonStamp);
        }

        AddDescriptors(body, record.Descriptors);
        body.AddRange(record.PackageData.Span);
        body.AddRange(record.ReferenceManifest.Span);
        AddRecord(header, body);
    }

    private static void AddRecord(List<byte> header, List<byte> body)
    {
        var length = body.Count + 2;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("A record exceeds 65535 bytes.");
        }

        AddU16(header, (ushort)length);
        header.AddRange(body);
    }

    private static void AddDescriptors(List<byte> body, IReadOnlyList<PackageDescriptor> descriptors)
    {
        foreach (var descriptor in descriptors)
        {
            var encoded = new byte[descriptor.EncodedLength];
            new Descriptor(descriptor.Type, descriptor.Data.Span).TryWrite(encoded, out _);
            body.AddRange(encoded);
        }
    }

    private static void Validate(PldmPackage package)
    {
        var revision = package.Revision;
        _ = PackageHeaderIdentifiers.For(revision);
        var bits = package.ComponentBitmapBitLength;
        if (bits % 8 != 0 || bits < package.Components.Count || package.Components.Count == 0)
        {
            throw new ArgumentException("ComponentBitmapBitLength is a multiple of 8 and covers at least one component.", nameof(package));
        }

        if (package.ReleaseDateTime.Length != Timestamp104.Size)
        {
            throw new ArgumentException("PackageReleaseDateTime is 13 bytes.", nameof(package));
        }

        CheckString(package.Version);
        if (package.FirmwareDevices.Count is 0 or > byte.MaxValue || package.DownstreamDevices.Count > byte.MaxValue || package.Components.Count > ushort.MaxValue)
        {
            throw new ArgumentException("A package has 1-255 device records, up to 255 downstream records and up to 65535 components.", nameof(package));
        }

        if (revision < PackageFormatRevision.V1_1 && package.DownstreamDevices.Count > 0)
        {
            throw new ArgumentException("Downstream device records need format 1.1 or later.", nameof(package));
        }

        foreach (var record in package.FirmwareDevices)
        {
            CheckString(record.ImageSetVersion);
            CheckRecord(revision, bits, record.ApplicableComponents, record.Descriptors, record.PackageData, record.ReferenceManifest);
        }

        foreach (var record in package.DownstreamDevices)
        {
            if (record.SelfContainedActivation)
            {
                CheckString(record.SelfContainedActivationMinVersion);
            }

            CheckRecord(revision, bits, record.ApplicableComponents, record.Descriptors, record.PackageData, record.ReferenceManifest);
        }

        foreach (var component in package.Components)
        {
            CheckString(component.Version);
            if (ComponentImage.IsReservedClassification(component.Classification))
            {
                throw new ArgumentException($"Component classification 0x{component.Classification:X4} is reserved by DSP0267.", nameof(package));
            }

            if (revision < PackageFormatRevision.V1_2 && component.OpaqueData.Length > 0)
            {
                throw new ArgumentException("Component opaque data needs format 1.2 or later.", nameof(package));
            }
        }
    }

    private static void CheckRecord(PackageFormatRevision revision, int bits, ReadOnlyMemory<byte> bitmap, IReadOnlyList<PackageDescriptor> descriptors, ReadOnlyMemory<byte> packageData, ReadOnlyMemory<byte> manifest)
    {
        if (bitmap.Length != bits / 8)
        {
            throw new ArgumentException("An applicability bitmap is ComponentBitmapBitLength / 8 bytes.", nameof(bitmap));
        }

        if (descriptors.Count is 0 or > byte.MaxValue || packageData.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A record has 1-255 descriptors and at most 65535 bytes of package data.", nameof(descriptors));
        }

        if (revision < PackageFormatRevision.V1_3 && manifest.Length > 0)
        {
            throw new ArgumentException("Reference manifests need format 1.3.", nameof(manifest));
        }

        foreach (var descriptor in descriptors)
        {
            _ = new Descriptor(descriptor.Type, descriptor.Data.Span);
        }
    }

    private static void CheckString(PackageString value)
    {
        if (!value.IsValid)
        {
            throw new ArgumentException("A string is malformed for its type or longer than 255 bytes.", nameof(value));
        }
    }

    private static void AddU16(List<byte> list, ushort value)
    {
        list.Add((byte)value);
        list.Add((byte)(value >> 8));
    }

    private static void AddU32(List<byte> list, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        list.AddRange(bytes);
    }

    private static void AddString(List<byte> list, PackageString value)
    {
        list.Add((byte)value.Type);
        list.Add((byte)value.Bytes.Length);
        list.AddRange(value.Bytes.Span);
    }
}
