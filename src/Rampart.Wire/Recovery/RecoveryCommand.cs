namespace Rampart.Wire.Recovery;

/// <summary>
/// Command codes of the OCP Secure Firmware Recovery 1.1 interface (§9, command table). The
/// set is open: a received byte outside 0x22–0x2F is not a member, and the register block
/// answers it with protocol error <see cref="RecoveryProtocolError.UnsupportedCommand"/>.
/// </summary>
public enum RecoveryCommand : byte
{
    /// <summary>PROT_CAP (0x22): recovery protocol capabilities, read only.</summary>
    ProtCap = 0x22,

    /// <summary>DEVICE_ID (0x23): device identifier, read only.</summary>
    DeviceId = 0x23,

    /// <summary>DEVICE_STATUS (0x24): device status and last protocol error, read only.</summary>
    DeviceStatus = 0x24,

    /// <summary>RESET (0x25): reset control, forced recovery, interface control.</summary>
    Reset = 0x25,

    /// <summary>RECOVERY_CTRL (0x26): CMS, image selection, activation.</summary>
    RecoveryCtrl = 0x26,

    /// <summary>RECOVERY_STATUS (0x27): recovery status and image index, read only.</summary>
    RecoveryStatus = 0x27,

    /// <summary>HW_STATUS (0x28): hardware status and temperature, read only.</summary>
    HwStatus = 0x28,

    /// <summary>INDIRECT_CTRL (0x29): windowed memory access, CMS and offset.</summary>
    IndirectCtrl = 0x29,

    /// <summary>INDIRECT_STATUS (0x2A): windowed memory access status, read only.</summary>
    IndirectStatus = 0x2A,

    /// <summary>INDIRECT_DATA (0x2B): windowed memory data.</summary>
    IndirectData = 0x2B,

    /// <summary>VENDOR (0x2C): vendor defined.</summary>
    Vendor = 0x2C,

    /// <summary>INDIRECT_FIFO_CTRL (0x2D): FIFO CMS, reset, image size (1.1).</summary>
    IndirectFifoCtrl = 0x2D,

    /// <summary>INDIRECT_FIFO_STATUS (0x2E): FIFO flags, indices and sizes, read only (1.1).</summary>
    IndirectFifoStatus = 0x2E,

    /// <summary>INDIRECT_FIFO_DATA (0x2F): image data pushed into the FIFO, write only (1.1).</summary>
    IndirectFifoData = 0x2F,
}

/// <summary>Which directions a recovery command allows.</summary>
[Flags]
public enum RecoveryAccess
{
    /// <summary>Not a recovery command.</summary>
    None = 0,

    /// <summary>The agent may read it.</summary>
    Read = 1,

    /// <summary>The agent may write it.</summary>
    Write = 2,

    /// <summary>Both directions.</summary>
    ReadWrite = Read | Write,
}

/// <summary>The command table of OCP Secure Firmware Recovery 1.1 §9: access and payload lengths.</summary>
public static class RecoveryCommands
{
    /// <summary>The first defined command code.</summary>
    public const byte First = 0x22;

    /// <summary>The last defined command code.</summary>
    public const byte Last = 0x2F;

    /// <summary>The largest payload the two-byte length field of the framing can carry.</summary>
    public const int MaxFramedPayload = ushort.MaxValue;

    /// <summary>True for the codes 0x22–0x2F.</summary>
    public static bool IsDefined(byte code) => code is >= First and <= Last;

    /// <summary>The directions the spec allows for <paramref name="command"/>.</summary>
    public static RecoveryAccess Access(RecoveryCommand command) => command switch
    {
        RecoveryCommand.ProtCap or RecoveryCommand.DeviceId or RecoveryCommand.DeviceStatus
            or RecoveryCommand.RecoveryStatus or RecoveryCommand.HwStatus
            or RecoveryCommand.IndirectStatus or RecoveryCommand.IndirectFifoStatus => RecoveryAccess.Read,
        RecoveryCommand.Reset or RecoveryCommand.RecoveryCtrl or RecoveryCommand.IndirectCtrl
            or RecoveryCommand.IndirectData or RecoveryCommand.Vendor
            or RecoveryCommand.IndirectFifoCtrl => RecoveryAccess.ReadWrite,
        RecoveryCommand.IndirectFifoData => RecoveryAccess.Write,
        _ => RecoveryAccess.None,
    };

    /// <summary>The smallest payload length the spec allows (0 for undefined codes).</summary>
    public static int MinLength(RecoveryCommand command) => command switch
    {
        RecoveryCommand.ProtCap => ProtCap.Size,
        RecoveryCommand.DeviceId => DeviceId.MinSize,
        RecoveryCommand.DeviceStatus => DeviceStatus.MinSize,
        RecoveryCommand.Reset => ResetControl.Size,
        RecoveryCommand.RecoveryCtrl => RecoveryCtrl.Size,
        RecoveryCommand.RecoveryStatus => RecoveryStatus.Size,
        RecoveryCommand.HwStatus => HwStatus.MinSize,
        RecoveryCommand.IndirectCtrl => IndirectCtrl.Size,
        RecoveryCommand.IndirectStatus => IndirectStatus.Size,
        RecoveryCommand.IndirectData => IndirectData.MinSize,
        RecoveryCommand.Vendor => VendorCommand.MinSize,
        RecoveryCommand.IndirectFifoCtrl => IndirectFifoCtrl.Size,
        RecoveryCommand.IndirectFifoStatus => IndirectFifoStatus.Size,
        RecoveryCommand.IndirectFifoData => IndirectFifoData.MinSize,
        _ => 0,
    };

    /// <summary>The largest payload length the spec allows (0 for undefined codes).</summary>
    public static int MaxLength(RecoveryCommand command) => command switch
    {
        RecoveryCommand.DeviceId => DeviceId.MaxSize,
        RecoveryCommand.DeviceStatus => DeviceStatus.MaxSize,
        RecoveryCommand.HwStatus => HwStatus.MaxSize,
        RecoveryCommand.IndirectData => IndirectData.MaxSize,
        RecoveryCommand.Vendor => VendorCommand.MaxSize,
        RecoveryCommand.IndirectFifoData => IndirectFifoData.MaxSize,
        _ => MinLength(command),
    };
}
