using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rampart.Chip.Firmware;
using Rampart.Crypto;
using Rampart.Firmware.Caliptra.Rom;
using Rampart.Firmware.Mcu.Rom;
using Rampart.Hal.Boot;
using Rampart.Hal.Security;
using Rampart.Identity.X509;
using Rampart.Host.Recovery;
using Rampart.Identity.Dice;
using Rampart.Identity.Evidence;
using Rampart.Wire;

namespace Rampart.Chip.Boot;

/// <summary>
/// <c>rampart boot</c> as a library: makes development keys, fuses and images from the seed,
/// provisions a fresh virtual chip, powers it on, and plays the BMC — stage 1 streams the
/// Caliptra bundle, the SoC manifest and the MCU runtime over the OCP recovery interface; stage 2
/// serves the SoC images to the MCU's PLDM firmware device over MCTP — then collects what
/// happened. Runs the simulator on the calling thread.
/// </summary>
public sealed class BootRun
{
    private readonly BootOptions _options;
    private readonly List<TransferRecord> _transfers = [];
    private BmcAgent? _bmc;
    private Stopwatch? _wall;
    private TimeSpan _wallStart;

    /// <summary>Creates a boot with <paramref name="options"/>.</summary>
    public BootRun(BootOptions? options = null)
    {
        _options = options ?? new BootOptions();
    }

    /// <summary>The images that were streamed (after <see cref="BootOptions.Tamper"/>).</summary>
    public BootImages? Images { get; private set; }

    /// <summary>The chip after the run (for tests that look inside).</summary>
    public VirtualChip? Chip { get; private set; }

    /// <summary>The provisioning outcome (CA certificates a verifier trusts).</summary>
    public ProvisionedChip? Provisioned { get; private set; }

    /// <summary>Builds the development images with the firmware this build carries (no chip yet).</summary>
    public static BootImages BuildImages(string seed, BootImageOptions? options = null)
    {
        using var engines = new SoftwareCryptoEngines(Encoding.UTF8.GetBytes("rampart images " + seed));
        return BootImageBuilder.Build(engines, FirmwareBuildOutputs.Payloads(), (options ?? new BootImageOptions()) with { Seed = seed });
    }

    /// <summary>Runs the boot to its end (success, a precise failure, or the deadline).</summary>
    public BootResult Run()
    {
        var wall = Stopwatch.StartNew();
        var images = BuildImages(_options.Seed, _options.Images);
        if (_options.Tamper is { } tamper)
        {
            images = tamper(images);
        }

        Images = images;
        var chipOptions = (_options.Chip ?? new VirtualChipOptions()) with { Seed = SeedOf(_options.Seed) };
        var chip = new VirtualChip(chipOptions);
        Chip = chip;
        try
        {
            Provisioned = _options.Provision is { } provision ? provision(chip, images) : DevelopmentChip.Provision(chip, _options.Seed, images, _options.Fuses);
        }
        catch (ProvisioningException e)
        {
            return NotBooted("provisioning", e.Message, wall.Elapsed);
        }

        _options.BeforePowerOn?.Invoke(chip);
        chip.Caliptra.StageEnded += s => _options.Observer?.StageEnded(s);
        chip.Mcu.StageEnded += s => _options.Observer?.StageEnded(s);
        var bmc = new BmcAgent(chip, images, _options, _transfers) { TrustRoot = Provisioned?.CaEccCertificate ?? ReadOnlyMemory<byte>.Empty };
        chip.PowerOn(McuRom.RunAsync, CaliptraRom.RunAsync);
        chip.BmcCore.Start(bmc.RunAsync);
        var simulator = chip.Simulator;
        _bmc = bmc;
        _wallStart = wall.Elapsed;
        _wall = wall;

        // The deadline bounds the boot, not AfterBoot (a serving session lasts as long as its peers).
        while (!bmc.Finished && (bmc.InAfterBoot || simulator.Now <= _options.DeadlineNanoseconds) && simulator.Step())
        {
        }

        return Collect(chip, images, bmc, wall.Elapsed - _wallStart);
    }

    /// <summary>
    /// The boot's result so far, for <see cref="BootOptions.AfterBoot"/> (call it on the simulator's
    /// thread): while AfterBoot runs the boot itself is over, and this is its verdict.
    /// </summary>
    public BootResult Current()
    {
        if (Chip is not { } chip || Images is not { } images || _bmc is not { } bmc || _wall is not { } wall)
        {
            throw new InvalidOperationException("the boot has not started");
        }

        return Collect(chip, images, bmc, wall.Elapsed - _wallStart);
    }

    /// <summary>The result of a boot that never powered on.</summary>
    private static BootResult NotBooted(string stage, string message, TimeSpan wall) => new()
    {
        Succeeded = false,
        FailedStage = stage,
        Message = message,
        Stages = [],
        Transfers = [],
        Pcrs = [],
        Measurements = [],
        Chain = [],
        SocImages = [],
        SimulatedNanoseconds = 0,
        Wall = wall,
        Events = 0,
        Trace = [],
    };

    private static ulong SeedOf(string seed)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return BitConverter.ToUInt64(digest, 0);
    }

    private BootResult Collect(VirtualChip chip, BootImages images, BmcAgent bmc, TimeSpan wall)
    {
        var stages = chip.Mcu.Stages.Concat(chip.Caliptra.Stages).OrderBy(s => s.SimStart).ToList();
        var released = images.SocImages
            .Select(i => new ReleasedImage(i.FwId, i.Name, i.Image.Length, i.ExecBit, chip.Mci.PortFor(ChipRequesters.Bmc).GetExecutionControl(i.ExecBit)))
            .ToList();
        var failedCore = stages.FirstOrDefault(s => s.Outcome is StageOutcome.Halted or StageOutcome.Faulted or StageOutcome.LoadRefused);
        string failedStage;
        string message;
        if (failedCore is not null)
        {
            failedStage = $"{failedCore.Core} {failedCore.Name}";
            message = failedCore.Message + (bmc.Failure is null ? string.Empty : "; BMC: " + bmc.Failure);
        }
        else if (bmc.Failure is not null)
        {
            failedStage = bmc.FailedStep;
            message = bmc.Failure;
        }
        else if (!bmc.Finished && !bmc.InAfterBoot)
        {
            failedStage = bmc.CurrentStep;
            message = $"the boot did not finish within {_options.DeadlineNanoseconds / 1e9:0.###} s of simulated time";
        }
        else if (released.Any(r => !r.Released))
        {
            failedStage = "stage 2";
            message = "not every SoC image was released: " + string.Join(", ", released.Where(r => !r.Released).Select(r => r.Name));
        }
        else
        {
            failedStage = string.Empty;
            message = "every image verified, every SoC core released" + (bmc.Attestation is null ? string.Empty : ", attestation " + bmc.Attestation.Verdict);
        }

        return new BootResult
        {
            Succeeded = failedStage.Length == 0,
            FailedStage = failedStage,
            Message = message,
            Stages = stages,
            Transfers = _transfers.ToList(),
            Recovery = bmc.Recovery,
            Pcrs = ReadPcrs(chip),
            Measurements = chip.Pcrs.Log.Select(e => new MeasurementRecord(e.Pcr, e.EventType, EventName(e.EventType), Convert.ToHexStringLower(e.Measurement.Span))).ToList(),
            Chain = ReadChain(chip),
            SocImages = released,
            SimulatedNanoseconds = chip.Simulator.Now,
            Wall = wall,
            Events = chip.Simulator.EventsExecuted,
            Trace = chip.Simulator.Trace.Events.ToList(),
            DeviceStatus = bmc.LastStatus,
            Attestation = bmc.Attestation,
            Captures = bmc.Captures.ToList(),
            Messages = SequenceOf(chip, bmc),
        };
    }

    /// <summary>The sequence chart: recovery images (BMC → Caliptra), mailbox commands (MCU → Caliptra), MCTP messages.</summary>
    private List<SequenceMessage> SequenceOf(VirtualChip chip, BmcAgent bmc)
    {
        var messages = new List<SequenceMessage>();
        messages.AddRange(_transfers.Where(t => t.Channel == "recovery").Select(t => new SequenceMessage(t.SimStart, "BMC", "Caliptra", "recovery: " + t.Name)));
        messages.AddRange(chip.Simulator.Trace.Events
            .Where(e => e.Kind == "mailbox")
            .Select(e => e.Source.StartsWith("mcu", StringComparison.Ordinal)
                ? new SequenceMessage(e.Time, "MCU", "Caliptra", "mailbox: " + e.Detail)
                : new SequenceMessage(e.Time, "Caliptra", "MCU", "mailbox: " + e.Detail)));
        messages.AddRange(bmc.Messages);
        return Compact(messages.OrderBy(m => m.Time).ToList());
    }

    /// <summary>
    /// Folds a run of the same request/response pair (thousands of RequestFirmwareData for a large
    /// image) into its first pair, labelled with the count; the capture keeps every message.
    /// </summary>
    private static List<SequenceMessage> Compact(List<SequenceMessage> messages)
    {
        var output = new List<SequenceMessage>();
        var repeats = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var pairRepeats = output.Count >= 2 && i + 1 < messages.Count
                && Same(output[^2], m) && Same(output[^1], messages[i + 1]);
            if (pairRepeats)
            {
                repeats++;
                i++;
                continue;
            }

            Flush(output, ref repeats);
            output.Add(m);
        }

        Flush(output, ref repeats);
        return output;

        static bool Same(SequenceMessage a, SequenceMessage b) => a.From == b.From && a.To == b.To && Base(a.Label) == Base(b.Label);

        static string Base(string label) => label.Split(" ×", 2)[0];

        static void Flush(List<SequenceMessage> output, ref int repeats)
        {
            if (repeats > 0 && output.Count >= 2)
            {
                var count = repeats + 1;
                output[^2] = output[^2] with { Label = $"{Base(output[^2].Label)} ×{count}" };
                output[^1] = output[^1] with { Label = $"{Base(output[^1].Label)} ×{count}" };
            }

            repeats = 0;
        }
    }

    private static List<PcrValue> ReadPcrs(VirtualChip chip)
    {
        var values = new List<PcrValue>();
        Span<byte> value = stackalloc byte[48];
        for (var i = 0; i < PcrQuoteMessage.PcrCount; i++)
        {
            if (chip.Pcrs.Read(i, value) == PcrStatus.Ok && value.IndexOfAnyExcept((byte)0) >= 0)
            {
                values.Add(new PcrValue(i, Convert.ToHexStringLower(value)));
            }
        }

        return values;
    }

    /// <summary>The deepest DICE chain the chip's stages handed on (the runtime's handoff holds every layer).</summary>
    private static List<ChainCertificate> ReadChain(VirtualChip chip)
    {
        var last = chip.Caliptra.Stages.LastOrDefault(s => !s.Handoff.IsEmpty);
        var chain = new List<ChainCertificate>();
        if (last is null || !HandoffTable.TryRead(last.Handoff.Span, out var table))
        {
            return chain;
        }

        foreach (var (tag, layer) in new[]
        {
            (HandoffTags.CaEccCert, "Manufacturer CA"), (HandoffTags.IdevIdEccCert, "IDevID"), (HandoffTags.LdevIdEccCert, "LDevID"),
            (HandoffTags.FmcAliasEccCert, "FMC alias"), (HandoffTags.RtAliasEccCert, "RT alias"),
        })
        {
            if (table!.TryGet(tag, out var der) && ParsedCertificate.TryParse(der, out var parsed) == WireStatus.Done)
            {
                chain.Add(new ChainCertificate(layer, "ECC P-384", DiceName.CommonNameOf(parsed!.Subject) ?? "(no CN)", der.ToArray()));
            }
        }

        return chain;
    }

    private static string EventName(uint type) => type switch
    {
        MeasurementEvents.DeviceState => "device state",
        MeasurementEvents.VendorKeyHash => "vendor key hash",
        MeasurementEvents.OwnerKeyHash => "owner key hash",
        MeasurementEvents.FmcDigest => "FMC digest",
        MeasurementEvents.RuntimeDigest => "runtime digest",
        MeasurementEvents.ManifestDigest => "firmware manifest digest",
        MeasurementEvents.SocManifestDigest => "SoC manifest digest",
        MeasurementEvents.AuthorizedImage => "authorized image",
        MeasurementEvents.StashedMeasurement => "stashed measurement",
        _ => "event 0x" + type.ToString("X4", CultureInfo.InvariantCulture),
    };
}
