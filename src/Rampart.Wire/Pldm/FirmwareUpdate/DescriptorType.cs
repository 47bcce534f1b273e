namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// Descriptor identifier types of DSP0267 1.3 (Table "Descriptor identifier table"), used in
/// QueryDeviceIdentifiers, downstream device records and package FD identification records.
/// The enum is open: a reserved value is carried, never assumed away.
/// </summary>
public enum DescriptorType : ushort
{
    /// <summary>PCI Vendor ID (0x0000), 2 bytes.</summary>
    PciVendorId = 0x0000,

    /// <summary>IANA Enterprise ID (0x0001), 4 bytes.</summary>
    IanaEnterpriseId = 0x0001,

    /// <summary>UUID (0x0002), 16 bytes.</summary>
    Uuid = 0x0002,

    /// <summary>PnP Vendor ID (0x0003), 3 bytes.</summary>
    PnpVendorId = 0x0003,

    /// <summary>ACPI Vendor ID (0x0004), 4 bytes.</summary>
    AcpiVendorId = 0x0004,

    /// <summary>IEEE Assigned Company ID (0x0005), 3 bytes.</summary>
    IeeeAssignedCompanyId = 0x0005,

    /// <summary>SCSI Vendor ID (0x0006), 8 bytes.</summary>
    ScsiVendorId = 0x0006,

    /// <summary>PCI Device ID (0x0100), 2 bytes.</summary>
    PciDeviceId = 0x0100,

    /// <summary>PCI Subsystem Vendor ID (0x0101), 2 bytes.</summary>
    PciSubsystemVendorId = 0x0101,

    /// <summary>PCI Subsystem ID (0x0102), 2 bytes.</summary>
    PciSubsystemId = 0x0102,

    /// <summary>PCI Revision ID (0x0103), 1 byte.</summary>
    PciRevisionId = 0x0103,

    /// <summary>PnP Product Identifier (0x0104), 4 bytes.</summary>
    PnpProductIdentifier = 0x0104,

    /// <summary>ACPI Product Identifier (0x0105), 4 bytes.</summary>
    AcpiProductIdentifier = 0x0105,

    /// <summary>ASCII Model Number, long string (0x0106), 40 bytes.</summary>
    AsciiModelNumberLong = 0x0106,

    /// <summary>ASCII Model Number, short string (0x0107), 10 bytes.</summary>
    AsciiModelNumberShort = 0x0107,

    /// <summary>SCSI Product ID (0x0108), 16 bytes.</summary>
    ScsiProductId = 0x0108,

    /// <summary>UBM Controller Device Code (0x0109), 4 bytes.</summary>
    UbmControllerDeviceCode = 0x0109,

    /// <summary>
    /// Vendor Defined (0xFFFF): title string type(1), title string length(1), title string,
    /// then vendor-defined data.
    /// </summary>
    VendorDefined = 0xFFFF,
}

/// <summary>The data length DSP0267 fixes for each <see cref="DescriptorType"/>.</summary>
public static class DescriptorTypes
{
    /// <summary>
    /// The exact data length the spec table gives <paramref name="type"/>, or -1 when the length
    /// is variable (vendor defined) or the type is reserved (carried with any length).
    /// </summary>
    public static int ExpectedDataLength(DescriptorType type) => type switch
    {
        DescriptorType.PciVendorId => 2,
        DescriptorType.IanaEnterpriseId => 4,
        DescriptorType.Uuid => 16,
        DescriptorType.PnpVendorId => 3,
        DescriptorType.AcpiVendorId => 4,
        DescriptorType.IeeeAssignedCompanyId => 3,
        DescriptorType.ScsiVendorId => 8,
        DescriptorType.PciDeviceId => 2,
        DescriptorType.PciSubsystemVendorId => 2,
        DescriptorType.PciSubsystemId => 2,
        DescriptorType.PciRevisionId => 1,
        DescriptorType.PnpProductIdentifier => 4,
        DescriptorType.AcpiProductIdentifier => 4,
        DescriptorType.AsciiModelNumberLong => 40,
        DescriptorType.AsciiModelNumberShort => 10,
        DescriptorType.ScsiProductId => 16,
        DescriptorType.UbmControllerDeviceCode => 4,
        _ => -1,
    };

    /// <summary>True for the types the spec table defines (including Vendor Defined).</summary>
    public static bool IsDefined(DescriptorType type) =>
        type == DescriptorType.VendorDefined || ExpectedDataLength(type) >= 0;

    /// <summary>True for the types DSP0267 allows as the first (initial) descriptor of a device.</summary>
    public static bool IsInitialDescriptorType(DescriptorType type) => type is DescriptorType.PciVendorId
        or DescriptorType.IanaEnterpriseId or DescriptorType.Uuid or DescriptorType.PnpVendorId
        or DescriptorType.AcpiVendorId or DescriptorType.IeeeAssignedCompanyId or DescriptorType.ScsiVendorId;

    /// <summary>The spec's name of <paramref name="type"/>, or "Reserved (0xNNNN)".</summary>
    public static string Name(DescriptorType type) => type switch
    {
        DescriptorType.PciVendorId => "PCI Vendor ID",
        DescriptorType.IanaEnterpriseId => "IANA Enterprise ID",
        DescriptorType.Uuid => "UUID",
        DescriptorType.PnpVendorId => "PnP Vendor ID",
        DescriptorType.AcpiVendorId => "ACPI Vendor ID",
        DescriptorType.IeeeAssignedCompanyId => "IEEE Assigned Company ID",
        DescriptorType.ScsiVendorId => "SCSI Vendor ID",
        DescriptorType.PciDeviceId => "PCI Device ID",
        DescriptorType.PciSubsystemVendorId => "PCI Subsystem Vendor ID",
        DescriptorType.PciSubsystemId => "PCI Subsystem ID",
        DescriptorType.PciRevisionId => "PCI Revision ID",
        DescriptorType.PnpProductIdentifier => "PnP Product Identifier",
        DescriptorType.AcpiProductIdentifier => "ACPI Product Identifier",
        DescriptorType.AsciiModelNumberLong => "ASCII Model Number (Long String)",
        DescriptorType.AsciiModelNumberShort => "ASCII Model Number (Short String)",
        DescriptorType.ScsiProductId => "SCSI Product ID",
        DescriptorType.UbmControllerDeviceCode => "UBM Controller Device Code",
        DescriptorType.VendorDefined => "Vendor Defined",
        _ => $"Reserved (0x{(ushort)type:X4})",
    };
}
