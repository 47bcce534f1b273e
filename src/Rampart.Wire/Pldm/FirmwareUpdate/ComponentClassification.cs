namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>
/// ComponentClassification values (DSP0267 1.3 Table "ComponentClassification values"):
/// 0x0000–0x000D defined, 0x000E–0x7FFF reserved, 0x8000–0xFFFE vendor defined, 0xFFFF a
/// downstream device. Open: any value is carried.
/// </summary>
public enum ComponentClassification : ushort
{
    /// <summary>Unknown (0x0000).</summary>
    Unknown = 0x0000,

    /// <summary>Other (0x0001).</summary>
    Other = 0x0001,

    /// <summary>Driver (0x0002).</summary>
    Driver = 0x0002,

    /// <summary>Configuration Software (0x0003).</summary>
    ConfigurationSoftware = 0x0003,

    /// <summary>Application Software (0x0004).</summary>
    ApplicationSoftware = 0x0004,

    /// <summary>Instrumentation (0x0005).</summary>
    Instrumentation = 0x0005,

    /// <summary>Firmware/BIOS (0x0006).</summary>
    FirmwareOrBios = 0x0006,

    /// <summary>Diagnostic Software (0x0007).</summary>
    DiagnosticSoftware = 0x0007,

    /// <summary>Operating System (0x0008).</summary>
    OperatingSystem = 0x0008,

    /// <summary>Middleware (0x0009).</summary>
    Middleware = 0x0009,

    /// <summary>Firmware (0x000A).</summary>
    Firmware = 0x000A,

    /// <summary>BIOS/FCode (0x000B).</summary>
    BiosOrFcode = 0x000B,

    /// <summary>Support/Service Pack (0x000C).</summary>
    SupportOrServicePack = 0x000C,

    /// <summary>Software Bundle (0x000D).</summary>
    SoftwareBundle = 0x000D,

    /// <summary>First vendor-defined value (0x8000).</summary>
    VendorDefinedFirst = 0x8000,

    /// <summary>Downstream device (0xFFFF).</summary>
    DownstreamDevice = 0xFFFF,
}

/// <summary>Ranges of <see cref="ComponentClassification"/>.</summary>
public static class ComponentClassifications
{
    /// <summary>True for 0x000E–0x7FFF, which the spec reserves.</summary>
    public static bool IsReserved(ComponentClassification value) => (ushort)value is >= 0x000E and <= 0x7FFF;

    /// <summary>True for 0x8000–0xFFFE.</summary>
    public static bool IsVendorDefined(ComponentClassification value) => (ushort)value is >= 0x8000 and <= 0xFFFE;
}
