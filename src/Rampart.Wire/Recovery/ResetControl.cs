namespace Rampart.Wire.Recovery;

/// <summary>RESET byte 0, device reset control (OCP Secure Firmware Recovery 1.1 §9.2, RESET).</summary>
public enum DeviceResetControl : byte
{
    /// <summary>No reset.</summary>
    NoReset = 0x00,

    /// <summary>Reset the whole device.</summary>
    ResetDevice = 0x01,

    /// <summary>Reset the management subsystem only.</summary>
    ResetManagement = 0x02,
}

/// <summary>RESET byte 1, forced recovery.</summary>
public enum ForcedRecoveryMode : byte
{
    /// <summary>No forced recovery.</summary>
    None = 0x00,

    /// <summary>Flashless boot on the next reset (1.1).</summary>
    FlashlessBootOnNextReset = 0x0E,

    /// <summary>Enter recovery mode on the next reset.</summary>
    EnterRecovery = 0x0F,
}

/// <summary>RESET byte 2, interface control.</summary>
public enum InterfaceControl : byte
{
    /// <summary>The interface must not master the bus.</summary>
    DisableMastering = 0x00,

    /// <summary>The interface may master the bus.</summary>
    EnableMastering = 0x01,
}

/// <summary>
/// RESET (0x25) payload, OCP Secure Firmware Recovery 1.1 §9.2: reset control, forced
/// recovery and interface control, one byte each.
/// </summary>
public readonly record struct ResetControl(DeviceResetControl Reset, ForcedRecoveryMode ForcedRecovery, InterfaceControl Interface)
{
    // +0            +1               +2
    // | reset ctrl | forced recovery | interface ctrl |
    private const int ResetOffset = 0;
    private const int ForcedRecoveryOffset = 1;
    private const int InterfaceOffset = 2;

    /// <summary>The fixed payload size.</summary>
    public const int Size = 3;

    /// <summary>Decodes exactly <see cref="Size"/> bytes; values are kept as received.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> payload, out ResetControl value)
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

        value = new ResetControl((DeviceResetControl)payload[ResetOffset], (ForcedRecoveryMode)payload[ForcedRecoveryOffset], (InterfaceControl)payload[InterfaceOffset]);
        return WireStatus.Done;
    }

    /// <summary>Encodes; false (nothing written) if it does not fit.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }

        destination[ResetOffset] = (byte)Reset;
        destination[ForcedRecoveryOffset] = (byte)ForcedRecovery;
        destination[InterfaceOffset] = (byte)Interface;
        written = Size;
        return true;
    }
}
