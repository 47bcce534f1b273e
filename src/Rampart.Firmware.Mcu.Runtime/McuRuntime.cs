using Rampart.Firmware.Mcu.Runtime.Capsules;
using Rampart.Hal.Boot;
using Rampart.Hal.CoreControl;
using Rampart.Hal.Peripherals;
using Rampart.Kernel;
using Rampart.Kernel.Abi.Sdk;
using Rampart.Protocols.Spdm;
using Rampart.Wire;

namespace Rampart.Firmware.Mcu.Runtime;

/// <summary>
/// The MCU runtime: the board of the Tock-style kernel. It reads its own image back from SRAM (the
/// apps travel inside it as app payloads of the firmware archive, naming the libraries the image
/// already holds rather than repeating them), registers the capsules — the
/// MCTP mux with one virtual driver per message type, SPDM over the PCIe DOE mailbox (when the chip
/// has one), the Caliptra mailbox, SoC memory, SPDM session secrets (only when the host set the
/// debug strap) and the alarm — loads each app through the chip's code loader into its own process, and runs the
/// kernel loop: service the peripherals, step the kernel until idle, sleep until the I3C target,
/// the DOE mailbox, the Caliptra mailbox or an alarm wakes it.
/// </summary>
public sealed class McuRuntime : IMcuStage
{
    /// <summary>Errors of the MCU runtime (MCI firmware-fatal values).</summary>
    public enum McuRuntimeError : uint
    {
        /// <summary>The ROM's handoff or the image in SRAM is malformed.</summary>
        BadImage = 0x0500_0001,

        /// <summary>An app of the board was refused by the code loader.</summary>
        AppRefused = 0x0500_0002,

        /// <summary>The kernel panicked (an app's policy said so).</summary>
        KernelPanic = 0x0500_0003,

        /// <summary>The board's provisioned configuration is malformed (the SPDM requester-trust record, decision 0277).</summary>
        BadConfiguration = 0x0500_0004,
    }

    private const string Source = "mcu.rt";
    private const int StepsPerSlice = 10_000;

    /// <summary>The capsule's object buffer (at least the chip's DOE mailbox; an app takes what its own buffer holds).</summary>
    private const int DoeMaxObjectBytes = 8192;

    /// <summary>
    /// The apps this board runs: app payload name → entry type, memory. Half of each app's memory is
    /// its arena; the rest is left for the grants capsules allocate from the app's quota.
    /// </summary>
    private static readonly (string Name, string EntryType, int Memory)[] BoardApps =
    [
        ("Rampart.Firmware.Mcu.Apps.Pldm", "Rampart.Firmware.Mcu.Apps.Pldm.PldmFirmwareDeviceApp", 48 * 1024),
        ("Rampart.Firmware.Mcu.Apps.Vdm", "Rampart.Firmware.Mcu.Apps.Vdm.CaliptraVdmApp", 16 * 1024),
        ("Rampart.Firmware.Mcu.Apps.Spdm", "Rampart.Firmware.Mcu.Apps.Spdm.SpdmResponderApp", 64 * 1024),
    ];

    /// <summary>The kernel once the board is up (tests look at processes and counters).</summary>
    public Kernel.Kernel? Kernel { get; private set; }

    /// <summary>The MCTP mux capsule once the board is up.</summary>
    public MctpMuxCapsule? Mctp { get; private set; }

    /// <summary>The DOE capsule once the board is up (null when the chip has no DOE mailbox).</summary>
    public DoeSpdmCapsule? Doe { get; private set; }

    /// <inheritdoc/>
    public async Task<StageExit> RunAsync(IMcuHardware hardware, ReadOnlyMemory<byte> handoff)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        if (!HandoffTable.TryRead(handoff.Span, out var table) || !table!.TryGetU32(HandoffTags.McuImageSize, out var size)
            || size == 0 || size > hardware.Sram.Size)
        {
            return Halt(hardware, McuRuntimeError.BadImage, "the ROM's handoff is malformed");
        }

        var image = new byte[size];
        if (!hardware.Sram.TryRead(0, image) || !FirmwareArchive.TryRead(image, out var archive))
        {
            return Halt(hardware, McuRuntimeError.BadImage, "the runtime image in SRAM is not a firmware archive");
        }

        var kernel = new Kernel.Kernel(hardware.AppLoader, new KernelOptions(), out var capabilities);
        Kernel = kernel;
        var mctp = new MctpMuxCapsule(kernel, capabilities.MemoryAllocation, hardware.I3c);
        Mctp = mctp;
        mctp.RegisterDrivers(capabilities.MainLoop);
        var mailbox = new CaliptraMailboxCapsule(kernel, capabilities.MemoryAllocation, hardware.CaliptraMailbox);
        kernel.RegisterDriver(DriverNumbers.CaliptraMailbox, mailbox, capabilities.MainLoop);
        kernel.RegisterDriver(DriverNumbers.SocMemory, new SocMemoryCapsule(kernel, capabilities.MemoryAllocation, hardware.Bus), capabilities.MainLoop);
        DoeSpdmCapsule? doe = null;
        if (hardware.Doe is { } doeMailbox)
        {
            doe = new DoeSpdmCapsule(kernel, capabilities.MemoryAllocation, doeMailbox, DoeMaxObjectBytes);
            Doe = doe;
            kernel.RegisterDriver(DriverNumbers.DoeSpdm, doe, capabilities.MainLoop);
        }

        // The host's debug strap, and only it, makes the session-secret driver exist (decision 0276).
        if (hardware.DebugPort is { } debugPort && (debugPort.Straps & DebugStraps.SpdmSessionSecrets) != 0)
        {
            kernel.RegisterDriver(DriverNumbers.SpdmSessionSecrets, new SpdmSessionSecretsCapsule(kernel, capabilities.MemoryAllocation, debugPort), capabilities.MainLoop);
            hardware.Trace.Record(Source, "debug-strap", "SPDM session secrets asked for: the SPDM app may export DHE secrets (Caliptra answers on a development chip only)");
        }

        // A provisioned requester trust, and only it, makes the SPDM app ask for mutual
        // authentication (decision 0277). A malformed record stops the board: failing open would
        // serve sessions nobody authenticated.
        if (!hardware.SpdmRequesterTrust.IsEmpty)
        {
            if (SpdmRequesterTrustRecord.TryRead(hardware.SpdmRequesterTrust.Span, out var trust) != WireStatus.Done)
            {
                return Halt(hardware, McuRuntimeError.BadConfiguration, "the provisioned SPDM requester-trust record is malformed");
            }

            kernel.RegisterDriver(DriverNumbers.SpdmRequesterTrust, new SpdmRequesterTrustCapsule(kernel, capabilities.MemoryAllocation, hardware.SpdmRequesterTrust.Span), capabilities.MainLoop);
            hardware.Trace.Record(Source, "spdm-trust", $"SPDM mutual authentication required: requester slot {trust!.SlotId}, chain of {trust.CertificateChain.Length} bytes");
        }

        var alarm = new AlarmCapsule(kernel, capabilities.MemoryAllocation, hardware.Clock);
        kernel.RegisterDriver(AlarmCapsule.DriverNumber, alarm, capabilities.MainLoop);
        foreach (var (name, entryType, memory) in BoardApps)
        {
            var payload = archive!.Apps.FirstOrDefault(e => e.Name == name);
            if (payload is null)
            {
                return Halt(hardware, McuRuntimeError.AppRefused, $"app {name} is not in the runtime image");
            }

            // The app archive names the libraries this image already holds instead of repeating them
            // (decision 0272): put their bytes back; the loader checks and loads them into the app's context.
            var config = new ProcessConfig(name, archive.ResolveLibraries(payload.Bytes), entryType, FaultPolicy.ThresholdRestart(3)) { MemorySize = memory, InitialBreak = memory / 2 };
            if (!kernel.TryLoadProcess(config, capabilities.ProcessManagement, out _, out var refusal))
            {
                return Halt(hardware, McuRuntimeError.AppRefused, $"app {name} refused: {refusal}");
            }
        }

        hardware.Trace.Record(Source, "stage", $"kernel up: {BoardApps.Length} app(s), MCTP at I3C 0x{hardware.I3c.Address:X2}");
        var reported = 0;
        while (true)
        {
            var now = hardware.Clock.Now;
            alarm.Service(now);
            mctp.Service(now);
            mailbox.Service();
            doe?.Service();
            kernel.RunUntilIdle(capabilities.MainLoop, StepsPerSlice);
            for (; reported < kernel.Events.Count; reported++)
            {
                var e = kernel.Events[reported];
                hardware.Trace.Record("mcu.kernel", "event", e.Process + ": " + e.Message);
            }

            mctp.Service(hardware.Clock.Now);
            mailbox.Service();
            doe?.Service();
            if (kernel.Panic is { } panic)
            {
                return Halt(hardware, McuRuntimeError.KernelPanic, $"kernel panic: {panic.Process}: {panic.Fault}");
            }

            // Sleep until a peripheral interrupts (I3C, SoC mailbox, DOE) or the next alarm or mux
            // service is due; every source is re-checked above after each wake.
            var deadline = Math.Min(alarm.NextDeadline ?? long.MaxValue, mctp.NextServiceAt(hardware.Clock.Now, MctpServiceIntervalNs));

            await hardware.WaitForInterrupt(deadline);
        }
    }

    /// <summary>How often the mux is retried while a packet waits for the staging slot or an IBI is owed (ns).</summary>
    private const long MctpServiceIntervalNs = 50_000;

    private static StageExit Halt(IMcuHardware hardware, McuRuntimeError error, string message)
    {
        hardware.Mci.ReportFirmwareError(fatal: true, (uint)error);
        hardware.Trace.Record(Source, "halt", message);
        return StageExit.Halt((uint)error, message);
    }
}
