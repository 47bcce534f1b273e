using System.Buffers.Binary;
using Rampart.Hal.Peripherals;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Peripherals;

/// <summary>
/// Device side of the recovery block: <see cref="IRecoveryInterface"/> for firmware and the
/// 32-bit register window Caliptra places in its I3C core at 0x100 (offsets below are
/// relative to that window, from REFERENCE.md "OCP Secure Firmware Recovery 1.1"). Each
/// register holds its command's payload bytes little-endian from its first offset.
/// </summary>
public sealed partial class RecoveryRegisterBlock : IRecoveryInterface
{
    /// <summary>PROT_CAP_0..3.</summary>
    public const uint ProtCapOffset = 0x04;

    /// <summary>DEVICE_ID_0..5.</summary>
    public const uint DeviceIdOffset = 0x14;

    /// <summary>DEVICE_STATUS_0..1.</summary>
    public const uint DeviceStatusOffset = 0x30;

    /// <summary>DEVICE_RESET.</summary>
    public const uint DeviceResetOffset = 0x38;

    /// <summary>RECOVERY_CTRL.</summary>
    public const uint RecoveryCtrlOffset = 0x3C;

    /// <summary>RECOVERY_STATUS.</summary>
    public const uint RecoveryStatusOffset = 0x40;

    /// <summary>HW_STATUS.</summary>
    public const uint HwStatusOffset = 0x44;

    /// <summary>INDIRECT_FIFO_CTRL_0..1.</summary>
    public const uint IndirectFifoCtrlOffset = 0x48;

    /// <summary>INDIRECT_FIFO_STATUS_0..4.</summary>
    public const uint IndirectFifoStatusOffset = 0x50;

    /// <summary>INDIRECT_FIFO_DATA (a read pops four bytes).</summary>
    public const uint IndirectFifoDataOffset = 0x68;

    private const int ActivateShift = 16;

    /// <inheritdoc/>
    public long ImageSizeBytes => _fifoCtrl.ImageSizeInDwords * 4L;

    /// <inheritdoc/>
    public int FifoCount => _fifo.Count;

    /// <inheritdoc/>
    public bool ActivateRequested => _ctrl.Activation == RecoveryActivation.Activate;

    /// <inheritdoc/>
    public void SetDeviceStatus(DeviceStatusCode status, RecoveryReason reason)
    {
        _deviceStatus = status;
        _reason = reason;
        Trace("device-status", status.ToString());
    }

    /// <inheritdoc/>
    public void SetRecoveryStatus(RecoveryStatusCode status, byte imageIndex)
    {
        if (imageIndex > RecoveryStatus.MaxImageIndex || (byte)status > 0x0F)
        {
            Counters.DeviceAccessesRefused++;
            return;
        }

        _recoveryStatus = status;
        _imageIndex = imageIndex;
        Trace("recovery-status", status + " index=" + imageIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public void SetHardwareStatus(HwStatusFlags flags, byte temperature)
    {
        _hwFlags = flags;
        _temperature = temperature;
    }

    /// <inheritdoc/>
    public int ReadFifo(Span<byte> destination) => _fifo.Read(destination);

    /// <inheritdoc/>
    public void ClearActivate() => _ctrl = _ctrl with { Activation = RecoveryActivation.None };

    /// <inheritdoc/>
    public ValueTask WaitForChange() => _change.WaitAsync();

    /// <summary>Reads a 32-bit register of the window; unknown offsets read 0 and are counted.</summary>
    public uint ReadRegister(uint offset)
    {
        if (offset == IndirectFifoDataOffset)
        {
            Span<byte> word = stackalloc byte[4];
            word.Clear();
            _fifo.Read(word);
            return Faults.ApplyToRegister(BinaryPrimitives.ReadUInt32LittleEndian(word));
        }

        if (!TryLocate(offset, out var cmd, out var byteOffset))
        {
            Counters.DeviceAccessesRefused++;
            return 0;
        }

        Span<byte> payload = stackalloc byte[256];
        payload.Clear();
        BuildPayload(cmd, payload, agentRead: false);
        return Faults.ApplyToRegister(BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(byteOffset, 4)));
    }

    /// <summary>
    /// Writes a 32-bit register from the device side. Writable: DEVICE_STATUS_0 (status,
    /// reason), RECOVERY_STATUS, HW_STATUS (flags, temperature), RECOVERY_CTRL activate byte
    /// (write-1-to-clear), INDIRECT_FIFO_CTRL_0 reset byte (1 resets the FIFO). Anything else
    /// is refused and counted.
    /// </summary>
    public void WriteRegister(uint offset, uint value)
    {
        switch (offset)
        {
            case DeviceStatusOffset:
                SetDeviceStatus((DeviceStatusCode)(byte)value, (RecoveryReason)(ushort)(value >> 16));
                break;
            case RecoveryStatusOffset:
                SetRecoveryStatus((RecoveryStatusCode)(value & 0x0F), (byte)((value >> 4) & 0x0F));
                break;
            case HwStatusOffset:
                SetHardwareStatus((HwStatusFlags)(byte)value, (byte)(value >> 16));
                break;
            case RecoveryCtrlOffset when ((value >> ActivateShift) & 0xFF) != 0:
                ClearActivate();
                break;
            case IndirectFifoCtrlOffset when ((value >> 8) & 0xFF) == (byte)FifoReset.Reset:
                _fifo.Reset();
                break;
            default:
                Counters.DeviceAccessesRefused++;
                break;
        }
    }

    private static bool TryLocate(uint offset, out RecoveryCommand cmd, out int byteOffset)
    {
        (cmd, byteOffset) = offset switch
        {
            >= ProtCapOffset and < DeviceIdOffset => (RecoveryCommand.ProtCap, (int)(offset - ProtCapOffset)),
            >= DeviceIdOffset and < 0x2C => (RecoveryCommand.DeviceId, (int)(offset - DeviceIdOffset)),
            DeviceStatusOffset or DeviceStatusOffset + 4 => (RecoveryCommand.DeviceStatus, (int)(offset - DeviceStatusOffset)),
            DeviceResetOffset => (RecoveryCommand.Reset, 0),
            RecoveryCtrlOffset => (RecoveryCommand.RecoveryCtrl, 0),
            RecoveryStatusOffset => (RecoveryCommand.RecoveryStatus, 0),
            HwStatusOffset => (RecoveryCommand.HwStatus, 0),
            IndirectFifoCtrlOffset or IndirectFifoCtrlOffset + 4 => (RecoveryCommand.IndirectFifoCtrl, (int)(offset - IndirectFifoCtrlOffset)),
            >= IndirectFifoStatusOffset and <= IndirectFifoStatusOffset + 0x10 => (RecoveryCommand.IndirectFifoStatus, (int)(offset - IndirectFifoStatusOffset)),
            _ => ((RecoveryCommand)0, -1),
        };
        return byteOffset >= 0 && (offset & 3) == 0;
    }

    private void Trace(string kind, string detail)
    {
        if (_simulator.Trace.Enabled)
        {
            _simulator.Trace.Record("recovery", kind, detail);
        }
    }
}
