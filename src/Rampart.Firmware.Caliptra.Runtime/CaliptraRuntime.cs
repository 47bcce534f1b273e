using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Images;
using Rampart.Images.Manifest;
using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Recovery;
using Rampart.Wire.Recovery;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// The Caliptra runtime firmware stage (caliptra-sw runtime README "Boot and initialization",
/// subsystem mode): read the FMC's handoff; finish streaming boot over the OCP recovery interface
/// (image 1, the SoC manifest: verify and measure; image 2, the MCU runtime: authorize against
/// the manifest, copy into MCU SRAM, signal firmware-ready); then serve the mailbox forever.
/// </summary>
public sealed class CaliptraRuntime : ICaliptraStage
{
    /// <summary>Largest SoC manifest accepted over recovery.</summary>
    public const int MaxManifestSize = AuthManifestRequest.MaxManifestSize;

    /// <summary>Largest MCU runtime accepted over recovery.</summary>
    public const int MaxMcuRuntimeSize = 4 * 1024 * 1024;

    private const string Source = "caliptra.rt";

    /// <summary>Creates the stage (the core runner calls this).</summary>
    public CaliptraRuntime()
    {
    }

    /// <summary>How long the runtime waits for each recovery image (60 s of chip time by default).</summary>
    public long RecoveryTimeoutNanoseconds { get; init; } = 60L * 1_000_000_000;

    /// <summary>The mailbox service once boot has finished (for tests and diagnostics).</summary>
    public RuntimeMailboxService? Service { get; private set; }

    /// <inheritdoc />
    public async Task<StageExit> RunAsync(ICaliptraHardware hardware, ReadOnlyMemory<byte> handoff)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        var booted = await BootAsync(hardware, handoff);
        if (booted.Exit is not null)
        {
            return booted.Exit;
        }

        Service = booted.Service;
        await booted.Service!.ServeForeverAsync();
        return StageExit.Completed("mailbox service ended");
    }

    /// <summary>
    /// Everything up to serving the mailbox: handoff, SoC manifest, MCU runtime. Returns the
    /// service, or the halt exit.
    /// </summary>
    public async Task<(RuntimeMailboxService? Service, StageExit? Exit)> BootAsync(ICaliptraHardware hardware, ReadOnlyMemory<byte> handoff)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        if (!RuntimeHandoff.TryParse(handoff.Span, out var parsed, out var reason) || parsed is null)
        {
            return (null, Halt(hardware, RuntimeErrors.HandoffMalformed, reason));
        }

        hardware.Trace.Record(Source, "handoff", $"bundle SVN {parsed.FirmwareSvn}, RT alias ECC {parsed.EccKeySlot}");
        var service = new RuntimeMailboxService(hardware, parsed);
        var receiver = new RecoveryImageReceiver(hardware.Recovery, hardware.Timer, new RecoveryReceiverOptions { TimeoutNanoseconds = RecoveryTimeoutNanoseconds });

        var manifest = await receiver.ReceiveAsync(CaliptraSubsystem.SocManifestImageIndex, MaxManifestSize);
        if (manifest.Status != RecoveryReceiveStatus.Received)
        {
            receiver.ReportFailure(CaliptraSubsystem.SocManifestImageIndex, RecoveryStatusCode.Failed);
            return (null, Halt(hardware, RuntimeErrors.SocManifestNotReceived, manifest.Detail));
        }

        var verdict = service.VerifyManifest(manifest.Image.Span);
        hardware.Trace.Record(Source, "soc-manifest", $"{manifest.Image.Length} bytes: {verdict}");
        if (verdict != ImageVerdict.Verified)
        {
            receiver.ReportFailure(CaliptraSubsystem.SocManifestImageIndex, RecoveryStatusCode.AuthenticationError);
            return (null, Halt(hardware, RuntimeErrors.SocManifestInvalid, $"SoC manifest rejected: {verdict}"));
        }

        service.InstallManifest(manifest.Image.Span);
        receiver.ReportSuccess(CaliptraSubsystem.SocManifestImageIndex, lastImage: false);

        var mcu = await receiver.ReceiveAsync(CaliptraSubsystem.McuRuntimeImageIndex, MaxMcuRuntimeSize);
        if (mcu.Status != RecoveryReceiveStatus.Received)
        {
            receiver.ReportFailure(CaliptraSubsystem.McuRuntimeImageIndex, RecoveryStatusCode.Failed);
            return (null, Halt(hardware, RuntimeErrors.McuRuntimeNotReceived, mcu.Detail));
        }

        var authorization = SocManifestVerifier.AuthorizeImage(hardware.Crypto.Sha, manifest.Image.Span, CaliptraSubsystem.McuRuntimeFwId, mcu.Image.Span);
        hardware.Trace.Record(Source, "mcu-runtime", $"{mcu.Image.Length} bytes: {authorization}");
        if (authorization != ImageVerdict.Verified)
        {
            receiver.ReportFailure(CaliptraSubsystem.McuRuntimeImageIndex, RecoveryStatusCode.AuthenticationError);
            return (null, Halt(hardware, RuntimeErrors.McuRuntimeUnauthorized, $"MCU runtime rejected: {authorization}"));
        }

        if (!hardware.Bus.TryWrite(CaliptraSubsystem.McuSramBase, mcu.Image.Span))
        {
            receiver.ReportFailure(CaliptraSubsystem.McuRuntimeImageIndex, RecoveryStatusCode.Failed);
            return (null, Halt(hardware, RuntimeErrors.McuSramWriteFailed, "MCU SRAM write refused"));
        }

        service.MarkAuthorized(CaliptraSubsystem.McuRuntimeFwId);
        Span<byte> digest = stackalloc byte[48];
        hardware.Crypto.Sha.Hash(Hal.Crypto.ShaAlgorithm.Sha384, mcu.Image.Span, digest);
        service.MeasureAuthorized(CaliptraSubsystem.McuRuntimeFwId, digest);
        receiver.ReportSuccess(CaliptraSubsystem.McuRuntimeImageIndex, lastImage: true);
        hardware.SignalMcuFirmwareReady(mcu.Image.Length);
        hardware.Trace.Record(Source, "mcu-ready", $"MCU runtime at 0x{CaliptraSubsystem.McuSramBase:X8}, {mcu.Image.Length} bytes");
        return (service, null);
    }

    private static StageExit Halt(ICaliptraHardware hardware, uint error, string message)
    {
        hardware.Trace.Record(Source, "halt", message);
        hardware.Mci.ReportFirmwareError(fatal: true, error);
        return StageExit.Halt(error, message);
    }
}
