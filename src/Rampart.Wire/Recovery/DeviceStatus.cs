using System.Buffers.Binary;

namespace Rampart.Wire.Recovery;

/// <summary>DEVICE_STATUS byte 0 (OCP Secure Firmware Recovery 1.1 §9.2, DEVICE_STATUS).</summary>
public enum DeviceStatusCode : byte
{
    /// <summary>Status pending: booting, no status yet.</summary>
    Pending = 0x00,

    /// <summary>Device healthy.</summary>
    Healthy = 0x01,

    /// <summary>Device error (soft error).</summary>
    Error = 0x02,

    /// <summary>Recovery mode: ready to accept an image.</summary>
    RecoveryMode = 0x03,

    /// <summary>Recovery pending: image received, waiting for activation.</summary>
    RecoveryPending = 0x04,

    /// <summary>Running the recovery image.</summary>
    RunningRecoveryImage = 0x05,

    /// <summary>Boot failure.</summary>
    BootFailure = 0x0E,

    /// <summary>Fatal error.</summary>
    FatalError = 0x0F,
}

/// <summary>DEVICE_STATUS byte 1, the last protocol error (clear on read).</summary>
public enum RecoveryProtocolError : byte
{
    /// <summary>No error.</summary>
    None = 0x00,

    /// <summary>Unsupported or write-to-read-only command.</summary>
    UnsupportedCommand = 0x01,

    /// <summary>Unsupported parameter.</summary>
    UnsupportedParameter = 0x02,

    /// <summary>Length write error.</summary>
    LengthError = 0x03,

    /// <summary>CRC (PEC) error.</summary>
    CrcError = 0x04,
}

/// <summary>DEVICE_STATUS bytes 2–3, the recovery reason (selection; the set is open).</summary>
public enum RecoveryReason : ushort
{
    /// <summary>No boot failure.</summary>
    NoFailure = 0x0000,

    /// <summary>Generic hardware error.</summary>
    HardwareError = 0x0001,

    /// <summary>Generic soft hardware error.</summary>
    SoftHardwareError = 0x0002,

    /// <summary>Self-test failure.</summary>
    SelfTestFailure = 0x0003,

    /// <summary>Main firmware image missing or corrupt.</summary>
    NoFirmwareImage = 0x000B,

    /// <summary>Main firmware authentication failure.</summary>
    FirmwareAuthenticationFailure = 0x000C,

    /// <summary>Forced recovery.</summary>
    ForcedRecovery = 0x0011,

    /// <summary>Flashless / streaming boot (Caliptra's reason).</summary>
    FlashlessBoot = 0x0012,
}

/// <summary>
/// DEVICE_STATUS (0x24) payload, OCP Secure Firmware Recovery 1.1 §9.2: status, protocol
/// error, recovery reason, heartbeat, vendor status length and vendor status (0–248 bytes).
/// </summary>
public readonly ref struct DeviceStatus
{
    // +0       +1        +2                +4            +6            +7
    // | status | proto err | reason (LE 2) | heartbeat (2) | vendor len | vendor status |
    private const int StatusOffset = 0;
    private const int ProtocolErrorOffset = 1;
    private const int ReasonOffset = 2;
    private const int HeartbeatOffset = 4;
    private const int VendorLengthOffset = 6;
    private const int VendorOffset = 7;

    /// <summary>Payload size without vendor status.</summary>
    public const int MinSize = VendorOffset;

    /// <summary>Largest payload.</summary>
    public const int MaxSize = 255;

    /// <summary>Largest vendor status.</summary>
    public const int MaxVendorLength = MaxSize - MinSize;

    /// <summary>Creates a DEVICE_STATUS value.</summary>
    public DeviceStatus(DeviceStatusCode status, RecoveryProtocolError protocolError, RecoveryReason reason, ushort heartbeat, ReadOnlySpan<byte> vendorStatus)
    {
        Status = status;
        ProtocolError = protocolError;
        Reason = reason;
        Heartbeat = heartbeat;
        VendorStatus = vendorStatus;
    }

    /// <summary>Device status.</summary>
    public DeviceStatusCode Status { get; }

    /// <summary>Protocol error.</summary>
    public RecoveryProtocolError ProtocolError { get; }

    /// <summary>Recovery reason.</summary>
    public RecoveryReason Reason { get; }

    /// <summary>Heartbeat counter.</summary>
    public ushort Heartbeat { get; }

    /// <summary>Vendor status bytes.</summary>
    public ReadOnlySpan<byte> VendorStatus { get; }

    /// <summary>Bytes <see cref="TryWrite"/> writes.</summary>
    public int Size => MinSize + VendorStatus.Length;

    /// <summary>Decodes; the vendor length must match the remaining bytes exactly.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out DeviceStatus value)
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

        value = new DeviceStatus(
            (DeviceStatusCode)payload[StatusOffset],
            (RecoveryProtocolError)payload[ProtocolErrorOffset],
            (RecoveryReason)BinaryPrimitives.ReadUInt16LittleEndian(payload[ReasonOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(payload[HeartbeatOffset..]),
            payload.Slice(VendorOffset, vendorLength));
        return WireStatus.Done;
    }

    /// <summary>Encodes; false (nothing written) if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (VendorStatus.Length > MaxVendorLength || destination.Length < Size)
        {
            return false;
        }

        destination[StatusOffset] = (byte)Status;
        destination[ProtocolErrorOffset] = (byte)ProtocolError;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ReasonOffset..], (ushort)Reason);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[HeartbeatOffset..], Heartbeat);
        destination[VendorLengthOffset] = (byte)VendorStatus.Length;
        VendorStatus.CopyTo(destination[VendorOffset..]);
        written = Size;
        return true;
    }
}
