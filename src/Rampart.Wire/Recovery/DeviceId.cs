namespace Rampart.Wire.Recovery;

/// <summary>Descriptor types of DEVICE_ID byte 0 (OCP Secure Firmware Recovery 1.1 §9.2, DEVICE_ID).</summary>
public enum DeviceIdType : byte
{
    /// <summary>PCI vendor (vendor, device, subsystem vendor/device, revision).</summary>
    PciVendor = 0x00,

    /// <summary>IANA enterprise and product id.</summary>
    Iana = 0x01,

    /// <summary>UUID.</summary>
    Uuid = 0x02,

    /// <summary>PnP vendor and product.</summary>
    PnpVendor = 0x03,

    /// <summary>ACPI vendor and product.</summary>
    AcpiVendor = 0x04,

    /// <summary>NVMe-MI vendor id and serial number.</summary>
    NvmeMi = 0x0F,
}

/// <summary>
/// DEVICE_ID (0x23) payload, OCP Secure Firmware Recovery 1.1 §9.2: descriptor type, vendor
/// string length, a 22-byte descriptor and the vendor string (0–231 bytes).
/// </summary>
/// <remarks>The spans point into the decoded buffer (no copy).</remarks>
public readonly ref struct DeviceId
{
    // +0        +1              +2                 +24
    // | id type | vendor length | descriptor (22) | vendor string (vendor length) |
    private const int TypeOffset = 0;
    private const int VendorLengthOffset = 1;
    private const int DescriptorOffset = 2;
    private const int VendorOffset = 24;

    /// <summary>Descriptor size.</summary>
    public const int DescriptorSize = 22;

    /// <summary>Payload size without a vendor string.</summary>
    public const int MinSize = VendorOffset;

    /// <summary>Largest payload.</summary>
    public const int MaxSize = 255;

    /// <summary>Largest vendor string.</summary>
    public const int MaxVendorLength = MaxSize - MinSize;

    /// <summary>Creates a DEVICE_ID value.</summary>
    public DeviceId(DeviceIdType type, ReadOnlySpan<byte> descriptor, ReadOnlySpan<byte> vendorString)
    {
        Type = type;
        Descriptor = descriptor;
        VendorString = vendorString;
    }

    /// <summary>Descriptor type.</summary>
    public DeviceIdType Type { get; }

    /// <summary>The descriptor bytes (22 when decoded; shorter input is zero padded on write).</summary>
    public ReadOnlySpan<byte> Descriptor { get; }

    /// <summary>The vendor string.</summary>
    public ReadOnlySpan<byte> VendorString { get; }

    /// <summary>Bytes <see cref="TryWrite"/> writes.</summary>
    public int Size => MinSize + VendorString.Length;

    /// <summary>Decodes; the vendor length must match the bytes after the descriptor exactly.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out DeviceId value)
    {
        value = default;
        if (payload.Length < MinSize)
        {
            return WireStatus.NeedMoreData;
        }

        var vendorLength = payload[VendorLengthOffset];
        if (payload.Length > MaxSize || vendorLength > MaxVendorLength)
        {
            return WireStatus.Invalid;
        }

        if (payload.Length < MinSize + vendorLength)
        {
            return WireStatus.NeedMoreData;
        }

        if (payload.Length != MinSize + vendorLength)
        {
            return WireStatus.Invalid;
        }

        value = new DeviceId(
            (DeviceIdType)payload[TypeOffset],
            payload.Slice(DescriptorOffset, DescriptorSize),
            payload.Slice(VendorOffset, vendorLength));
        return WireStatus.Done;
    }

    /// <summary>Encodes; false (nothing written) if it does not fit or a field is too long.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (Descriptor.Length > DescriptorSize || VendorString.Length > MaxVendorLength || destination.Length < Size)
        {
            return false;
        }

        destination[TypeOffset] = (byte)Type;
        destination[VendorLengthOffset] = (byte)VendorString.Length;
        var descriptor = destination.Slice(DescriptorOffset, DescriptorSize);
        descriptor.Clear();
        Descriptor.CopyTo(descriptor);
        VendorString.CopyTo(destination[VendorOffset..]);
        written = Size;
        return true;
    }
}
