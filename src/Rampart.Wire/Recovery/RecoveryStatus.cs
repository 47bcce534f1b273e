namespace Rampart.Wire.Recovery;

/// <summary>RECOVERY_STATUS byte 0 bits 3:0 (OCP Secure Firmware Recovery 1.1 §9.2, RECOVERY_STATUS).</summary>
public enum RecoveryStatusCode : byte
{
    /// <summary>Not in recovery mode.</summary>
    NotInRecovery = 0x0,

    /// <summary>Awaiting a recovery image.</summary>
    AwaitingImage = 0x1,

    /// <summary>Booting the recovery image.</summary>
    Booting = 0x2,

    /// <summary>Recovery successful.</summary>
    Success = 0x3,

    /// <summary>Recovery failed.</summary>
    Failed = 0xC,

    /// <summary>Recovery image authentication error.</summary>
    AuthenticationError = 0xD,

    /// <summary>Error entering recovery mode.</summary>
    EnterRecoveryError = 0xE,

    /// <summary>Invalid component memory space.</summary>
    InvalidCms = 0xF,
}

/// <summary>
/// RECOVERY_STATUS (0x27) payload, OCP Secure Firmware Recovery 1.1 §9.2: byte 0 holds the
/// status (bits 3:0) and the recovery image index (bits 7:4); byte 1 is vendor status.
/// </summary>
public readonly record struct RecoveryStatus(RecoveryStatusCode Status, byte ImageIndex, byte VendorStatus)
{
    // +0                                 +1
    // | image index [7:4] | status [3:0] | vendor status |
    private const int StatusOffset = 0;
    private const int VendorOffset = 1;
    private const int StatusMask = 0x0F;
    private const int IndexShift = 4;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 2;

    /// <summary>The largest image index (4 bits).</summary>
    public const byte MaxImageIndex = 0x0F;

    /// <summary>Decodes exactly <see cref="Size"/> bytes.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out RecoveryStatus value)
    {
        value = default;
        if (payload.Length < Size)
        {
            return WireStatus.NeedMoreData;
        }

        if (payload.Length > Size)
        {
            return WireStatus.Invalid;
        }

        var b = payload[StatusOffset];
        value = new RecoveryStatus((RecoveryStatusCode)(b & StatusMask), (byte)(b >> IndexShift), payload[VendorOffset]);
        return WireStatus.Done;
    }

    /// <summary>Encodes; false (nothing written) if it does not fit or a field exceeds 4 bits.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || (byte)Status > StatusMask || ImageIndex > MaxImageIndex)
        {
            return false;
        }

        destination[StatusOffset] = (byte)((ImageIndex << IndexShift) | (byte)Status);
        destination[VendorOffset] = VendorStatus;
        written = Size;
        return true;
    }
}
