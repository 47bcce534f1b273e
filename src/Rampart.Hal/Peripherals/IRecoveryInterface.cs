using Rampart.Wire.Recovery;

namespace Rampart.Hal.Peripherals;

/// <summary>
/// The device side of the OCP recovery register block (OCP Secure Firmware Recovery 1.1),
/// as the Caliptra ROM and MCU ROM see it: publish status, learn the image size, drain the
/// FIFO, and acknowledge activation (write-1-to-clear). Non-blocking; <see cref="WaitForChange"/>
/// completes when the agent writes anything.
/// </summary>
public interface IRecoveryInterface
{
    /// <summary>Publishes DEVICE_STATUS status and recovery reason.</summary>
    void SetDeviceStatus(DeviceStatusCode status, RecoveryReason reason);

    /// <summary>Publishes RECOVERY_STATUS (status and image index 0–15).</summary>
    void SetRecoveryStatus(RecoveryStatusCode status, byte imageIndex);

    /// <summary>Publishes HW_STATUS flags and composite temperature.</summary>
    void SetHardwareStatus(HwStatusFlags flags, byte temperature);

    /// <summary>The image size the agent announced in INDIRECT_FIFO_CTRL, in bytes.</summary>
    long ImageSizeBytes { get; }

    /// <summary>Bytes the FIFO holds now.</summary>
    int FifoCount { get; }

    /// <summary>Copies up to <c>destination.Length</c> bytes out of the FIFO; returns the count.</summary>
    int ReadFifo(Span<byte> destination);

    /// <summary>True once the agent wrote RECOVERY_CTRL activate (0x0F) and until cleared.</summary>
    bool ActivateRequested { get; }

    /// <summary>Clears the activate field (the register's write-1-to-clear).</summary>
    void ClearActivate();

    /// <summary>Completes at the next agent write (FIFO data, control, reset).</summary>
    ValueTask WaitForChange();
}
