namespace Rampart.Wire.Recovery;

/// <summary>HW_STATUS byte 0 bits (OCP Secure Firmware Recovery 1.1 §9.2, HW_STATUS).</summary>
[Flags]
public enum HwStatusFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Bit 0: temperature critical.</summary>
    TemperatureCritical = 1 << 0,

    /// <summary>Bit 1: hardware soft error.</summary>
    SoftError = 1 << 1,

    /// <summary>Bit 2: hardware fatal error.</summary>
    FatalError = 1 << 2,
}

/// <summary>
/// HW_STATUS (0x28) payload, OCP Secure Firmware Recovery 1.1 §9.2: status flags, vendor
/// hardware status, composite temperature (one signed byte, NVMe-MI style: 0x80 no data,
/// 0x81 sensor failure), vendor length and vendor data (0–251 bytes).
/// </summary>
/// <remarks>
/// The 1.0 spec and some implementations carry a two-byte temperature; 1.1 (and Caliptra)
/// use one byte. See docs/decisions/0140-recovery-hw-status-temperature.md.
/// </remarks>
public readonly ref struct HwStatus
{
    // +0      +1              +2      +3           +4
    // | flags | vendor status | CTEMP | vendor len | vendor data |
    private const int FlagsOffset = 0;
    private const int VendorStatusOffset = 1;
    private const int TemperatureOffset = 2;
    private const int VendorLengthOffset = 3;
    private const int VendorOffset = 4;

    /// <summary>Temperature byte meaning "no data".</summary>
    public const byte TemperatureNoData = 0x80;

    /// <summary>Temperature byte meaning "sensor failure".</summary>
    public const byte TemperatureSensorFailure = 0x81;

    /// <summary>Payload size without vendor data.</summary>
    public const int MinSize = VendorOffset;

    /// <summary>Largest payload.</summary>
    public const int MaxSize = 255;

    /// <summary>Largest vendor data.</summary>
    public const int MaxVendorLength = MaxSize - MinSize;

    /// <summary>Creates a HW_STATUS value.</summary>
    public HwStatus(HwStatusFlags flags, byte vendorStatus, byte temperature, ReadOnlySpan<byte> vendorData)
    {
        Flags = flags;
        VendorStatus = vendorStatus;
        Temperature = temperature;
        VendorData = vendorData;
    }

    /// <summary>Status flags.</summary>
    public HwStatusFlags Flags { get; }

    /// <summary>Vendor hardware status byte.</summary>
    public byte VendorStatus { get; }

    /// <summary>Composite temperature byte (signed °C, or the two markers).</summary>
    public byte Temperature { get; }

    /// <summary>Vendor data.</summary>
    public ReadOnlySpan<byte> VendorData { get; }

    /// <summary>Bytes <see cref="TryWrite"/> writes.</summary>
    public int Size => MinSize + VendorData.Length;

    /// <summary>Decodes; the vendor length must match the remaining bytes exactly.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out HwStatus value)
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

        value = new HwStatus((HwStatusFlags)payload[FlagsOffset], payload[VendorStatusOffset], payload[TemperatureOffset], payload.Slice(VendorOffset, vendorLength));
        return WireStatus.Done;
    }

    /// <summary>Encodes; false (nothing written) if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (VendorData.Length > MaxVendorLength || destination.Length < Size)
        {
            return false;
        }

        destination[FlagsOffset] = (byte)Flags;
        destination[VendorStatusOffset] = VendorStatus;
        destination[TemperatureOffset] = Temperature;
        destination[VendorLengthOffset] = (byte)VendorData.Length;
        VendorData.CopyTo(destination[VendorOffset..]);
        written = Size;
        return true;
    }
}
