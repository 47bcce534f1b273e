using Rampart.Hal.Peripherals;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Peripherals;

/// <summary>Configuration of the OCP recovery register block.</summary>
public sealed record RecoveryBlockOptions
{
    /// <summary>The recovery target's I3C address (Caliptra uses a separate virtual target).</summary>
    public byte Address { get; init; } = 0x5A;

    /// <summary>Advertised capabilities (PROT_CAP). Commands whose capability is absent answer "unsupported command".</summary>
    public RecoveryCapabilities Capabilities { get; init; } =
        RecoveryCapabilities.Identification | RecoveryCapabilities.ForcedRecovery | RecoveryCapabilities.ManagementReset
        | RecoveryCapabilities.DeviceReset | RecoveryCapabilities.DeviceStatus | RecoveryCapabilities.PushCImage
        | RecoveryCapabilities.HardwareStatus | RecoveryCapabilities.VendorCommand | RecoveryCapabilities.FlashlessBoot
        | RecoveryCapabilities.FifoCms;

    /// <summary>Protocol version reported (1.1).</summary>
    public byte MajorVersion { get; init; } = 1;

    /// <summary>Protocol minor version.</summary>
    public byte MinorVersion { get; init; } = 1;

    /// <summary>Number of component memory spaces.</summary>
    public byte CmsCount { get; init; } = 1;

    /// <summary>Maximum response time exponent: 2^x µs.</summary>
    public byte MaxResponseTimeExponent { get; init; } = 20;

    /// <summary>Heartbeat period exponent: 2^x µs, 0 for none.</summary>
    public byte HeartbeatPeriodExponent { get; init; } = 10;

    /// <summary>The CMS index of the indirect FIFO.</summary>
    public byte FifoCms { get; init; }

    /// <summary>FIFO size in bytes (multiple of 4).</summary>
    public int FifoBytes { get; init; } = 1024;

    /// <summary>Largest INDIRECT_FIFO_DATA write in bytes (multiple of 4).</summary>
    public int MaxTransferBytes { get; init; } = 256;

    /// <summary>DEVICE_ID descriptor type.</summary>
    public DeviceIdType IdType { get; init; } = DeviceIdType.PciVendor;

    /// <summary>DEVICE_ID descriptor (up to 22 bytes).</summary>
    public ReadOnlyMemory<byte> IdDescriptor { get; init; } = new byte[] { 0x00, 0x1D, 0x01, 0x00 };

    /// <summary>DEVICE_ID vendor string.</summary>
    public ReadOnlyMemory<byte> IdVendorString { get; init; } = "Rampart"u8.ToArray();

    /// <summary>Memory windows reachable through INDIRECT_CTRL/DATA, by CMS index (needs <see cref="RecoveryCapabilities.IndirectMemory"/>).</summary>
    public IReadOnlyDictionary<byte, IMemoryRegion> IndirectRegions { get; init; } = new Dictionary<byte, IMemoryRegion>();
}

/// <summary>What the recovery block refused or flagged, by reason.</summary>
public sealed class RecoveryBlockCounters
{
    /// <summary>Frames accepted (reads and writes).</summary>
    public long Accepted { get; internal set; }

    /// <summary>Frames with a bad PEC (protocol error 4).</summary>
    public long CrcErrors { get; internal set; }

    /// <summary>Frames with a bad length (protocol error 3).</summary>
    public long LengthErrors { get; internal set; }

    /// <summary>Unknown, unsupported or wrong-direction commands (protocol error 1).</summary>
    public long UnsupportedCommands { get; internal set; }

    /// <summary>Unsupported parameter values (protocol error 2).</summary>
    public long UnsupportedParameters { get; internal set; }

    /// <summary>INDIRECT_FIFO_DATA writes NACKed because the FIFO lacked room.</summary>
    public long FifoOverflows { get; internal set; }

    /// <summary>Private reads NACKed because no read request preceded them.</summary>
    public long ReadsWithoutRequest { get; internal set; }

    /// <summary>Device-side register accesses refused (unknown offset, read-only field, bad value).</summary>
    public long DeviceAccessesRefused { get; internal set; }
}
