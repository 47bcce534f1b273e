using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Peripherals;
using Rampart.Protocols.Caliptra;
using Rampart.Wire.Recovery;

namespace Rampart.Firmware.Mcu.Rom;

/// <summary>
/// The MCU ROM, compiled into the chip. Cold boot: put the recovery interface in streaming-boot
/// state, release Caliptra, hand the fuses over, ask Caliptra's ROM to download firmware
/// (RI_DOWNLOAD_FIRMWARE), wait until Caliptra's runtime has placed the authorized MCU runtime in
/// SRAM and signalled firmware-ready, then "reset into firmware boot": return the runtime's bytes
/// from SRAM to the core runner. Warm reset: the runtime is still in SRAM, boot it again without
/// Caliptra. Failures halt with a named error written to MCI.
/// </summary>
public static class McuRom
{
    /// <summary>Errors of the MCU ROM (MCI firmware-fatal values).</summary>
    public enum McuRomError : uint
    {
        /// <summary>Caliptra refused RI_DOWNLOAD_FIRMWARE or the mailbox could not be used.</summary>
        DownloadRequestFailed = 0x0400_0001,

        /// <summary>The image Caliptra signalled is empty or larger than SRAM.</summary>
        BadFirmwareImage = 0x0400_0002,

        /// <summary>A warm reset found no runtime in SRAM.</summary>
        NoFirmwareForWarmReset = 0x0400_0003,
    }

    private const string Source = "mcu.rom";

    /// <summary>Runs the ROM to the runtime jump (or a halt).</summary>
    public static async Task<StageExit> RunAsync(IMcuHardware hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var reason = hardware.Mci.ResetReason;
        if ((reason & (ResetReason.Warm | ResetReason.FirmwareUpdate)) != 0)
        {
            hardware.Trace.Record(Source, "stage", "warm reset: firmware boot from SRAM");
            return hardware.FirmwareImageSize > 0
                ? Launch(hardware)
                : Halt(hardware, McuRomError.NoFirmwareForWarmReset, "warm reset with no runtime in SRAM");
        }

        hardware.Trace.Record(Source, "stage", "cold boot");
        hardware.Recovery.SetDeviceStatus(DeviceStatusCode.RecoveryMode, RecoveryReason.FlashlessBoot);
        hardware.ReleaseCaliptra();
        hardware.CompleteFuseHandoff();
        hardware.Trace.Record(Source, "boot", "Caliptra released, fuses handed over");
        if (!await RequestDownload(hardware.CaliptraMailbox))
        {
            return Halt(hardware, McuRomError.DownloadRequestFailed, "Caliptra refused RI_DOWNLOAD_FIRMWARE");
        }

        hardware.Trace.Record(Source, "mailbox", "RI_DOWNLOAD_FIRMWARE accepted; waiting for firmware-ready");
        await hardware.WaitForFirmwareReady();
        hardware.Trace.Record(Source, "boot", $"firmware ready: {hardware.FirmwareImageSize} bytes in SRAM; firmware boot");
        return Launch(hardware);
    }

    private static StageExit Launch(IMcuHardware hardware)
    {
        var size = hardware.FirmwareImageSize;
        if (size <= 0 || size > hardware.Sram.Size)
        {
            return Halt(hardware, McuRomError.BadFirmwareImage, $"firmware image of {size} bytes does not fit SRAM");
        }

        var image = new byte[size];
        if (!hardware.Sram.TryRead(0, image))
        {
            return Halt(hardware, McuRomError.BadFirmwareImage, "SRAM refused the read of the firmware image");
        }

        var handoff = new HandoffTable()
            .SetU32(HandoffTags.McuImageSize, (uint)size)
            .Set(HandoffTags.I3cAddress, [hardware.I3c.Address]);
        return StageExit.Launch(image, handoff.ToArray(), "jump to MCU runtime");
    }

    private static async ValueTask<bool> RequestDownload(IMailboxRequester mailbox)
    {
        while (!mailbox.TryAcquire())
        {
            await mailbox.WaitForStatus();
        }

        Span<byte> request = stackalloc byte[MailboxChecksum.Size];
        MailboxChecksum.SealRequest((uint)CaliptraCommand.RiDownloadFirmware, request);
        if (!mailbox.TryExecute((uint)CaliptraCommand.RiDownloadFirmware, request))
        {
            mailbox.Release();
            return false;
        }

        while (mailbox.Status == MailboxCommandStatus.Busy)
        {
            await mailbox.WaitForStatus();
        }

        var status = mailbox.Status;
        mailbox.Release();
        return status is MailboxCommandStatus.Complete or MailboxCommandStatus.DataReady;
    }

    private static StageExit Halt(IMcuHardware hardware, McuRomError error, string message)
    {
        hardware.Mci.ReportFirmwareError(fatal: true, (uint)error);
        hardware.Trace.Record(Source, "halt", message);
        return StageExit.Halt((uint)error, message);
    }
}
