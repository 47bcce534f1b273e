using System.Buffers.Binary;
using Rampart.Wire;
using Rampart.Wire.Checksums;
using Rampart.Wire.Pldm.FirmwareUpdate;

namespace Rampart.Images.Package;

/// <summary>
/// Decodes and checks a DSP0267 firmware update package of format 1.0 to 1.3 (layout on
/// <see cref="PldmPackageWriter"/>). Every field is read inside the bounds the header size and
/// the record lengths give; the first rule broken is returned as a named verdict and the
/// output stays null. Never throws on bad bytes.
/// </summary>
public static class PldmPackageReader
{
    /// <summary>Offset of PackageHeaderFormatRevision.</summary>
    public const int FormatRevisionOffset = 16;

    /// <summary>Offset of PackageHeaderSize.</summary>
    public const int HeaderSizeOffset = 17;

    /// <summary>Bytes before the package version string.</summary>
    public const int FixedHeaderSize = 36;

    /// <summary>Decodes <paramref name="source"/>; <see cref="ImageVerdict.Verified"/> with the package, or the reason.</summary>
    public static ImageVerdict TryRead(ReadOnlySpan<byte> source, out PldmPackage? package)
    {
        package = null;
        if (source.Length < FixedHeaderSize)
        {
            return ImageVerdict.PackageTruncated;
        }

        if (!PackageHeaderIdentifiers.TryGetRevision(source[..PackageHeaderIdentifiers.Size], out var revision)
            || source[FormatRevisionOffset] != (byte)revision)
        {
            return ImageVerdict.PackageUnknownIdentifier;
        }

        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(source[HeaderSizeOffset..]);
        var checksumBytes = revision >= PackageFormatRevision.V1_3 ? 8 : 4;
        if (headerSize < FixedHeaderSize + checksumBytes)
        {
            return ImageVerdict.PackageHeaderInvalid;
        }

        if (source.Length < headerSize)
        {
            return ImageVerdict.PackageTruncated;
        }

        var checksumOffset = headerSize - checksumBytes;
        if (Crc32.Compute(source[..checksumOffset]) != BinaryPrimitives.ReadUInt32LittleEndian(source[checksumOffset..]))
        {
            return ImageVerdict.PackageHeaderChecksumMismatch;
        }

        var reader = new WireReader(source[..checksumOffset]);
        reader.TrySkip(19);
        reader.TryReadBytes(Timestamp104.Size, out var release);
        reader.TryReadU16(out var bitLength);
        if (bitLength % 8 != 0)
        {
            return ImageVerdict.PackageHeaderInvalid;
        }

        var verdict = ReadString(ref reader, out var version);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        if (!reader.TryReadU8(out var fdCount) || fdCount == 0)
        {
            return ImageVerdict.PackageHeaderInvalid;
        }

        var devices = new FirmwareDeviceIdRecord[fdCount];
        for (var i = 0; i < fdCount; i++)
        {
            verdict = ReadFirmwareDevice(ref reader, revision, bitLength / 8, out devices[i]!);
            if (verdict != ImageVerdict.Verified)
            {
                return verdict;
            }
        }

        var downstream = Array.Empty<DownstreamDeviceIdRecord>();
        if (revision >= PackageFormatRevision.V1_1)
        {
            if (!reader.TryReadU8(out var ddCount))
            {
                return ImageVerdict.PackageHeaderInvalid;
            }

            downstream = new DownstreamDeviceIdRecord[ddCount];
            for (var i = 0; i < ddCount; i++)
            {
                verdict = ReadDownstreamDevice(ref reader, revision, bitLength / 8, out downstream[i]!);
                if (verdict != ImageVerdict.Verified)
                {
                    return verdict;
                }
            }
        }

        verdict = ReadComponents(ref reader, revision, source, headerSize, bitLength, out var components);
        if (verdict != ImageVerdict.Verified)
        {
            return verdict;
        }

        if (reader.Remaining != 0)
        {
            return ImageVerdict.PackageHeaderInvalid;
        }

        if (revision >= PackageFormatRevision.V1_3
            && Crc32.Compute(source[headerSize..]) != BinaryPrimitives.ReadUInt32LittleEndian(source[(checksumOffset + 4)..]))
        {
            return ImageVerdict.PackagePayloadChecksumMismatch;
        }

        package = new PldmPackage
        {
            Revision = revision,
            ReleaseDateTime = release.ToArray(),
            ComponentBitmapBitLength = bitLength,
            Version = version!,
            FirmwareDevices = devices,
            DownstreamDevices = downstream,
            Components = components!,
        };
        return ImageVerdict.Verified;
    }

    private static ImageVerdict ReadComponents(ref WireReader reader, PackageFormatRevision revision, ReadOnlySpan<byte> source, int headerSize, int bitLength, out ComponentImage[]? components)
    {
        components = null;
        if (!reader.TryReadU16(out var count) || count == 0 || count > bitLength)
        {
            return ImageVerdict.PackageHeaderInvalid;
        }

        var result = new ComponentImage[count];
        long expectedOffset = headerSize;
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadU16(out var classification) || !reader.TryReadU16(out var identifier)
                || !reader.TryReadU32(out var stamp) || !reader.TryReadU16(out var options)
                || !reader.TryReadU16(out var activation) || !reader.TryReadU32(out var offset) || !reader.TryReadU32(out var size))
            {
                return ImageVerdict.PackageHeaderInvalid;
            }

            var verdict = ReadString(ref reader, out var version);
            if (verdict != ImageVerdict.Verified)
            {
                return verdict;
            }

            ReadOnlySpan<byte> opaque = default;
            if (revision >= PackageFormatRevision.V1_2
                && (!reader.TryReadU32(out var opaqueLength) || opaqueLength > int.MaxValue || !reader.TryReadBytes((int)opaqueLength, out opaque)))
            {
                return ImageVerdict.PackageHeaderInvalid;
            }

            if (ComponentImage.IsReservedClassification(classification))
            {
                return ImageVerdict.PackageRecordInvalid;
            }

            if (offset < expectedOffset)
            {
                return ImageVerdict.PackageComponentOutOfBounds;
            }

            var end = (long)offset + size;
            if (end > source.Length)
            {
                return ImageVerdict.PackageTruncated;
            }

            expectedOffset = end;
            result[i] = new ComponentImage
            {
                Classification = classification,
                Identifier = identifier,
                ComparisonStamp = stamp,
                Options = options,
                RequestedActivationMethod = activation,
                Version = version!,
                OpaqueData = opaque.ToArray(),
                Image = source[(int)offset..(int)end].ToArray(),
            };
        }

        if (expectedOffset != source.Length)
        {
            return ImageVerdict.PackageTrailingBytes;
        }

        components = result;
        return ImageVerdict.Verified;
    }

    private static ImageVerdict ReadFirmwareDevice(ref WireReader outer, PackageFormatRevision revision, int bitmapBytes, out FirmwareDeviceIdRecord? record)
    {
        record = null;
        if (!TryRecord(ref outer, out var body))
        {
            return ImageVerdict.PackageRecordInvalid;
        }

        var reader = new WireReader(body);
        uint manifestLength = 0;
        if (!reader.TryReadU8(out var descriptorCount) || !reader.TryReadU32(out var flags)
            || !reader.TryReadU8(out var versionType) || !reader.TryReadU8(out var versionLength)
            || !reader.TryReadU16(out var dataLength)
            || (revision >= PackageFormatRevision.V1_3 && !reader.TryReadU32(out manifestLength))
            || !reader.TryReadBytes(bitmapBytes, out var bitmap) || !reader.TryReadBytes(versionLength, out var versionBytes))
        {
            return ImageVerdict.PackageRecordInvalid;
        }

        var version = new PackageString((VersionStringType)versionType, versionBytes.ToArray());
        if (!version.IsValid)
        {
            return ImageVerdict.PackageStringInvalid;
        }

        if (descriptorCount == 0 || !TryDescriptors(ref reader, descriptorCount, out var descriptors)
            || !reader.TryReadBytes(dataLength, out var data)
            || manifestLength > int.MaxValue || !reader.TryReadBytes((int)manifestLength, out var manifest) || reader.Remaining != 0)
        {
            return ImageVerdict.PackageRecordInvalid;
        }

        record = new FirmwareDeviceIdRecord
        {
            UpdateOptionFlags = flags,
            ImageSetVersion = version,
            ApplicableComponents = bitmap.ToArray(),
            Descriptors = descriptors!,
            PackageData = data.ToArray(),
            ReferenceManifest = manifest.ToArray(),
        };
        return ImageVerdict.Verified;
    }

    private static ImageVerdict ReadDownstreamDevice(ref WireReader outer, PackageFormatRevision revision, int bitmapBytes, out DownstreamDeviceIdRecord? record)
    {
        record = null;
        if (!TryRecord(ref outer, out var body))
        {
            return ImageVerdict.PackageRecordInvalid;
        }

        var reader = new WireReader(body);
        uint manifestLength = 0;
        uint stamp = 0;
        if (!reader.TryReadU8(out var descriptorCount) || !reader.TryReadU32(out var flags)
            || !reader.TryReadU8(out var versionType) || !reader.TryReadU8(out var versionLength)
            || !reader.TryReadU16(out var dataLength)
            || (revision >= PackageFormatRevision.V1_3 && !reader.TryReadU32(out manifestLength))
            || !reader.TryReadBytes(bitmapBytes, out var bitmap) || !reader.TryReadBytes(versionLength, out var versionBytes)
            || ((flags & 1) != 0 && !reader.TryReadU32(out stamp)))
        {
            return ImageVerdict.PackageRecordInvalid;
        }

        var version = new PackageString((VersionStringType)versionType, versionBytes.ToArray());
        if (!version.IsValid)
        {
            return ImageVerdict.PackageStringInvalid;
        }

        if (descriptorCount == 0 || !TryDescriptors(ref reader, descriptorCount, out var descriptors)
            || !reader.TryReadBytes(dataLength, out var data)
            || manifestLength > int.MaxValue || !reader.TryReadBytes((int)manifestLength, out var manifest) || reader.Remaining != 0)
        {
            return ImageVerdict.PackageRecordInvalid;
        }

        record = new DownstreamDeviceIdRecord
        {
            UpdateOptionFlags = flags,
            SelfContainedActivationMinVersion = version,
            SelfContainedActivationMinVersionComparisonStamp = stamp,
            ApplicableComponents = bitmap.ToArray(),
            Descriptors = descriptors!,
            PackageData = data.ToArray(),
            ReferenceManifest = manifest.ToArray(),
        };
        return ImageVerdict.Verified;
    }

    private static bool TryRecord(ref WireReader outer, out ReadOnlySpan<byte> body)
    {
        body = default;
        var start = outer.RemainingSpan;
        if (!outer.TryReadU16(out var length) || length < 2 || start.Length < length)
        {
            return false;
        }

        body = start[2..length];
        outer.TrySkip(length - 2);
        return true;
    }

    private static bool TryDescriptors(ref WireReader reader, int count, out PackageDescriptor[]? descriptors)
    {
        descriptors = null;
        if (DescriptorList.TryRead(reader.RemainingSpan, count, out var list, out var used) != WireStatus.Done)
        {
            return false;
        }

        var result = new PackageDescriptor[count];
        var i = 0;
        foreach (var descriptor in list)
        {
            result[i++] = new PackageDescriptor(descriptor.Type, descriptor.Data.ToArray());
        }

        reader.TrySkip(used);
        descriptors = result;
        return true;
    }

    private static ImageVerdict ReadString(ref WireReader reader, out PackageString? value)
    {
        value = null;
        if (!reader.TryReadU8(out var type) || !reader.TryReadU8(out var length) || !reader.TryReadBytes(length, out var bytes))
        {
            return ImageVerdict.PackageHeaderInvalid;
        }

        value = new PackageString((VersionStringType)type, bytes.ToArray());
        return value.IsValid ? ImageVerdict.Verified : ImageVerdict.PackageStringInvalid;
    }
}
