using System.Buffers.Binary;

namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// One descriptor of DSP0267 1.3 (§"Descriptor identifier table", the type/length/value used by
/// QueryDeviceIdentifiers, QueryDownstreamIdentifiers and the package's FD identification
/// records). The data is a slice of the caller's buffer.
/// </summary>
public readonly ref struct Descriptor
{
    // +0 DescriptorType   u16 LE
    // +2 DescriptorLength u16 LE  (n)
    // +4 DescriptorData   n bytes
    //
    // Vendor Defined (0xFFFF) data:
    // +0 VendorDefinedDescriptorTitleStringType   u8
    // +1 VendorDefinedDescriptorTitleStringLength u8  (t)
    // +2 VendorDefinedDescriptorTitleString       t bytes
    // +2+t VendorDefinedDescriptorData            n - 2 - t bytes

    /// <summary>Bytes of the type and length fields.</summary>
    public const int HeaderLength = 4;

    private const int TypeOffset = 0;
    private const int LengthOffset = 2;
    private const int VendorTitleTypeOffset = 0;
    private const int VendorTitleLengthOffset = 1;
    private const int VendorTitleOffset = 2;

    /// <summary>Creates a descriptor after checking the data length the spec fixes for the type.</summary>
    /// <exception cref="ArgumentException">The length is wrong for the type, or a vendor-defined body is malformed.</exception>
    public Descriptor(DescriptorType type, ReadOnlySpan<byte> data)
    {
        if (Check(type, data) != WireStatus.Done)
        {
            throw new ArgumentException($"The data is not a valid {DescriptorTypes.Name(type)} descriptor.", nameof(data));
        }

        Type = type;
        Data = data;
    }

    private Descriptor(DescriptorType type, ReadOnlySpan<byte> data, bool checkedAlready)
    {
        _ = checkedAlready;
        Type = type;
        Data = data;
    }

    /// <summary>The descriptor type.</summary>
    public DescriptorType Type { get; }

    /// <summary>The descriptor data (for Vendor Defined, including the title fields).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The size of the encoded descriptor.</summary>
    public int EncodedLength => HeaderLength + Data.Length;

    /// <summary>
    /// Reads one descriptor from the start of <paramref name="source"/> (which may hold more).
    /// NeedMoreData if the bytes stop early; Invalid if the length does not match the type's
    /// table entry or a vendor-defined title is malformed. On failure consumes nothing.
    /// </summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> source, out Descriptor descriptor, out int bytesConsumed)
    {
        descriptor = default;
        bytesConsumed = 0;
        if (source.Length < HeaderLength)
        {
            return WireStatus.NeedMoreData;
        }

        var type = (DescriptorType)BinaryPrimitives.ReadUInt16LittleEndian(source[TypeOffset..]);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(source[LengthOffset..]);
        if (source.Length - HeaderLength < length)
        {
            return WireStatus.NeedMoreData;
        }

        var data = source.Slice(HeaderLength, length);
        var status = Check(type, data);
        if (status != WireStatus.Done)
        {
            return status;
        }

        descriptor = new Descriptor(type, data, checkedAlready: true);
        bytesConsumed = HeaderLength + length;
        return WireStatus.Done;
    }

    /// <summary>Writes the descriptor; false (nothing written) if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < EncodedLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[TypeOffset..], (ushort)Type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthOffset..], (ushort)Data.Length);
        Data.CopyTo(destination[HeaderLength..]);
        bytesWritten = EncodedLength;
        return true;
    }

    /// <summary>The encoded size of a vendor-defined descriptor.</summary>
    public static int VendorDefinedEncodedLength(int titleLength, int vendorDataLength) =>
        HeaderLength + VendorTitleOffset + titleLength + vendorDataLength;

    /// <summary>
    /// Writes a Vendor Defined (0xFFFF) descriptor: the title string type, its length, the title,
    /// then the vendor data. False (nothing written) if it does not fit.
    /// </summary>
    /// <exception cref="ArgumentException">The title is longer than 255 bytes, malformed for its type, or the whole exceeds 65535 bytes.</exception>
    public static bool TryWriteVendorDefined(
        VersionStringType titleType,
        ReadOnlySpan<byte> title,
        ReadOnlySpan<byte> vendorData,
        Span<byte> destination,
        out int bytesWritten)
    {
        bytesWritten = 0;
        if (title.Length > VersionStrings.MaxLength || VersionStrings.Validate(titleType, title) != WireStatus.Done)
        {
            throw new ArgumentException("The title is not a valid version string.", nameof(title));
        }

        var dataLength = VendorTitleOffset + title.Length + vendorData.Length;
        if (dataLength > ushort.MaxValue)
        {
            throw new ArgumentException("The descriptor data is longer than 65535 bytes.", nameof(vendorData));
        }

        if (destination.Length < HeaderLength + dataLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[TypeOffset..], (ushort)DescriptorType.VendorDefined);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthOffset..], (ushort)dataLength);
        var data = destination[HeaderLength..];
        data[VendorTitleTypeOffset] = (byte)titleType;
        data[VendorTitleLengthOffset] = (byte)title.Length;
        title.CopyTo(data[VendorTitleOffset..]);
        vendorData.CopyTo(data[(VendorTitleOffset + title.Length)..]);
        bytesWritten = HeaderLength + dataLength;
        return true;
    }

    /// <summary>Splits a Vendor Defined descriptor into its title and data; false for other types.</summary>
    public bool TryGetVendorDefined(out VersionStringType titleType, out ReadOnlySpan<byte> title, out ReadOnlySpan<byte> vendorData)
    {
        titleType = VersionStringType.Unknown;
        title = default;
        vendorData = default;
        if (Type != DescriptorType.VendorDefined || Data.Length < VendorTitleOffset)
        {
            return false;
        }

        int titleLength = Data[VendorTitleLengthOffset];
        if (Data.Length < VendorTitleOffset + titleLength)
        {
            return false;
        }

        titleType = (VersionStringType)Data[VendorTitleTypeOffset];
        title = Data.Slice(VendorTitleOffset, titleLength);
        vendorData = Data[(VendorTitleOffset + titleLength)..];
        return true;
    }

    private static WireStatus Check(DescriptorType type, ReadOnlySpan<byte> data)
    {
        if (data.Length > ushort.MaxValue)
        {
            return WireStatus.Invalid;
        }

        if (type == DescriptorType.VendorDefined)
        {
            // DSP0267 Table "Descriptor identifier table", Vendor Defined: title type, length, title, data.
            if (data.Length < VendorTitleOffset)
            {
                return WireStatus.Invalid;
            }

            int titleLength = data[VendorTitleLengthOffset];
            if (data.Length < VendorTitleOffset + titleLength)
            {
                return WireStatus.Invalid;
            }

            return VersionStrings.Validate((VersionStringType)data[VendorTitleTypeOffset], data.Slice(VendorTitleOffset, titleLength));
        }

        var expected = DescriptorTypes.ExpectedDataLength(type);
        return expected < 0 || expected == data.Length ? WireStatus.Done : WireStatus.Invalid;
    }
}
