using System.CommandLine;
using System.Globalization;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Hal.Security;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart boot</c>: the README's main job. With no arguments it makes development keys, fuses
/// and images from the seed, boots a fresh virtual chip (stage 1 over the OCP recovery interface,
/// stage 2 over PLDM), shows live progress per image, then a summary; writes <c>boot.pcap</c> and
/// <c>boot-report.html</c> and prints their paths. With <c>--chip NAME [--state-dir DIR]</c> it
/// boots a named, persistent chip instead (<see cref="NamedChipBoot"/>, decision 0261): the fuse
/// options then apply only when the chip is made. Exit 0 booted, 1 the device or the chip's state
/// refused, 2 usage.
/// </summary>
internal static class BootCommand
{
    /// <summary>The most stage-2 images (fw_ids 0x10 on; the MCU's PLDM app learns fw_ids up to 0x3F from the manifest).</summary>
    private const int MaxSocImages = 32;

    public static Command Create()
    {
        var seed = new Option<string>("--seed") { Description = "Seed of the development keys, fuses, images and simulation", DefaultValueFactory = _ => "rampart-dev" };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Where boot.pcap and boot-report.html go", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "boot")) };
        var i3c = new Option<double>("--i3c-mhz") { Description = "I3C SCL frequency in MHz (SDR)", DefaultValueFactory = _ => 12.5 };
        var socImages = new Option<int[]>("--soc-image") { Description = "Size in bytes of a stage-2 SoC image (repeat for more; default 65536 and 16384)", AllowMultipleArgumentsPerToken = true };
        var fwSvn = new Option<uint>("--fw-svn") { Description = "SVN of the firmware bundle", DefaultValueFactory = _ => 1 };
        var manifestSvn = new Option<uint>("--manifest-svn") { Description = "SVN of the SoC manifest", DefaultValueFactory = _ => 1 };
        var fuseSvn = new Option<int>("--fuse-svn") { Description = "Minimum firmware SVN burned into the fuses", DefaultValueFactory = _ => 1 };
        var fuseManifestSvn = new Option<int>("--fuse-manifest-svn") { Description = "Minimum SoC manifest SVN burned into the fuses", DefaultValueFactory = _ => 1 };
        var revokeEcc = new Option<int[]>("--revoke-ecc") { Description = "Revoke vendor ECC key N in the fuses (repeatable)", AllowMultipleArgumentsPerToken = true };
        var lifecycle = new Option<LifecycleState>("--lifecycle") { Description = "Lifecycle state to provision", DefaultValueFactory = _ => LifecycleState.Production };
        var noReport = new Option<bool>("--no-report") { Description = "Do not write boot.pcap and boot-report.html" };
        var noAttest = new Option<bool>("--no-attest") { Description = "Stop after stage 2: no SPDM attestation of the booted device" };
        var keys = new Option<DirectoryInfo?>("--keys") { Description = "Sign with this key directory (rampart keys generate) instead of development keys made from the seed" };
        var bundle = new Option<FileInfo?>("--bundle") { Description = "Stream this Caliptra firmware bundle (rampart image build) as recovery image 0" };
        var manifest = new Option<FileInfo?>("--manifest") { Description = "Stream this SoC manifest (rampart manifest build) as recovery image 1" };
        var mcuRuntime = new Option<FileInfo?>("--mcu-runtime") { Description = "Stream this MCU runtime image as recovery image 2" };
        var package = new Option<FileInfo?>("--package") { Description = "Serve the SoC images of this DSP0267 package (rampart pldm-package build) in stage 2" };
        var trace = new Option<FileInfo?>("--trace") { Description = "Also write the simulator's event trace (every core, peripheral and firmware record) as text" };
        var chip = new Option<string?>("--chip") { Description = "Boot the named, persistent chip NAME (made on first use; its fuses, keys and last certificates live in its state directory)" };
        var stateDir = ChipSession.StateDirOption();
        var command = new Command("boot", "Boot the virtual subsystem from signed images streamed by the BMC (recovery interface, then PLDM)")
        {
            seed, outDir, i3c, socImages, fwSvn, manifestSvn, fuseSvn, fuseManifestSvn, revokeEcc, lifecycle, noReport, noAttest, trace, keys, bundle, manifest, mcuRuntime, package, chip, stateDir,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var mhz = parse.GetValue(i3c);
            if (mhz is <= 0 or > 12.5)
            {
                output.Error($"--i3c-mhz must be in (0, 12.5], got {mhz.ToString(CultureInfo.InvariantCulture)}");
                return ExitCodes.Usage;
            }

            var sizes = parse.GetValue(socImages) is { Length: > 0 } given ? given : [64 * 1024, 16 * 1024];
            if (sizes.Length > MaxSocImages || sizes.Any(s => s is <= 0 or > 8 * 1024 * 1024))
            {
                output.Error($"--soc-image: at most {MaxSocImages} images, each 1 byte to 8 MiB");
                return ExitCodes.Usage;
            }

            if (sizes.Sum(s => (long)((s + 0xFFF) & ~0xFFF)) > Hal.Boot.SocMemoryMap.SocImageSize)
            {
                output.Error($"the SoC images do not fit the {Hal.Boot.SocMemoryMap.SocImageSize / (1024 * 1024)} MiB of SoC memory");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(fuseSvn) is < 0 or > FuseLayout.MaxSvn || parse.GetValue(fuseManifestSvn) is < 0 or > FuseLayout.MaxSvn)
            {
                output.Error($"--fuse-svn and --fuse-manifest-svn take 0 to {FuseLayout.MaxSvn} (one-hot fuses)");
                return ExitCodes.Usage;
            }

            var revoked = (parse.GetValue(revokeEcc) ?? []).Select(i => (VendorKeyType.Ecc, i)).ToList();
            if (revoked.Any(r => r.i is < 0 or >= FuseLayout.EccKeyCount))
            {
                output.Error($"--revoke-ecc takes 0 to {FuseLayout.EccKeyCount - 1}");
                return ExitCodes.Usage;
            }

            var options = new BootOptions
            {
                Seed = parse.GetValue(seed)!,
                Attest = !parse.GetValue(noAttest),
                Chip = new VirtualChipOptions { I3cSclHz = (long)(mhz * 1_000_000), Trace = !parse.GetValue(noReport) || parse.GetValue(trace) is not null },
                Images = new BootImageOptions { FirmwareSvn = parse.GetValue(fwSvn), ManifestSvn = parse.GetValue(manifestSvn), SocImageSizes = sizes },
                Fuses = new FuseSettings
                {
                    Lifecycle = parse.GetValue(lifecycle),
                    RuntimeSvn = parse.GetValue(fuseSvn),
                    ManifestSvn = parse.GetValue(fuseManifestSvn),
                    RevokedKeys = revoked,
                },
            };
            if (string.IsNullOrEmpty(options.Seed))
            {
                output.Error("--seed is empty");
                return ExitCodes.Usage;
            }

            if (!TryApplyFiles(output, parse, keys, bundle, manifest, mcuRuntime, package, ref options))
            {
                return ExitCodes.Refused;
            }

            // --chip: a named chip's state is read and checked before the boot, written back after it.
            NamedChipBoot? named = null;
            if (parse.GetValue(chip) is { } chipName)
            {
                var explicitSeed = parse.GetResult(seed) is { Implicit: false } ? options.Seed : null;
                if (!NamedChipBoot.TryOpen(new NamedChipOptions(chipName, parse.GetValue(stateDir), explicitSeed), out named, out var refused))
                {
                    output.Error(refused);
                    return ExitCodes.Refused;
                }
            }
            else if (parse.GetValue(stateDir) is not null)
            {
                output.Error("--state-dir needs --chip NAME");
                return ExitCodes.Usage;
            }

            using var namedChip = named;
            NamedChipBootResult? chipResult = null;
            var result = RunWithProgress(output, options, o => namedChip is null ? new BootRun(o).Run() : (chipResult = namedChip.Boot(o)).Boot!);
            string? pcapPath = null;
            string? reportPath = null;
            if (!parse.GetValue(noReport))
            {
                var directory = parse.GetValue(outDir)!;
                directory.Create();
                pcapPath = Path.Combine(directory.FullName, "boot.pcap");
                reportPath = Path.Combine(directory.FullName, "boot-report.html");
                using (var stream = File.Create(pcapPath))
                {
                    BootCapture.Write(stream, result);
                }

                File.WriteAllText(reportPath, BootReport.Render(result, $"Rampart boot (seed {options.Seed})"));
            }

            if (parse.GetValue(trace) is { } traceFile)
            {
                File.WriteAllLines(traceFile.FullName, result.Trace.Select(Platform.Simulation.EventTrace.Format));
            }

            if (output.Json)
            {
                output.WriteJson(BootJson.From(result, pcapPath, reportPath) with { Chip = namedChip?.Name, StateDirectory = chipResult?.ChipDirectory });
            }
            else
            {
                BootSummary.Show(output.Console, result, pcapPath, reportPath);
                if (chipResult is not null)
                {
                    output.Console.MarkupLine($"chip [bold]{Markup.Escape(namedChip!.Name)}[/]{(chipResult.Created ? " (made now)" : string.Empty)}, seed '{Markup.Escape(chipResult.Seed)}': state in [grey]{Markup.Escape(chipResult.ChipDirectory)}[/]");
                }
            }

            if (chipResult?.Error is { } stateError)
            {
                output.Error(stateError);
                return ExitCodes.Refused;
            }

            if (!result.Succeeded)
            {
                output.Error($"boot failed at {result.FailedStage}: {result.Message}");
            }

            return result.Succeeded ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    /// <summary>The key directory and image files that replace what the boot would build; false (reported) when one cannot be read.</summary>
    private static bool TryApplyFiles(
        CliOutput output,
        ParseResult parse,
        Option<DirectoryInfo?> keys,
        Option<FileInfo?> bundle,
        Option<FileInfo?> manifest,
        Option<FileInfo?> mcuRuntime,
        Option<FileInfo?> package,
        ref BootOptions options)
    {
        if (parse.GetValue(keys) is { } keyDirectory)
        {
            try
            {
                // The engines sign for the whole boot; the process ends right after it.
                var engines = new Crypto.SoftwareCryptoEngines(1);
                var directory = Host.Keys.KeyDirectory.Open(keyDirectory.FullName, engines);
                options = options with { Images = options.Images! with { Keys = DevelopmentKeys.FromSigners(directory.VendorSigning(), directory.OwnerSigning()) } };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
            {
                output.Error($"--keys {keyDirectory.FullName}: {e.Message}");
                return false;
            }
        }

        var files = new Dictionary<string, byte[]?>();
        foreach (var (name, option) in new[] { ("--bundle", bundle), ("--manifest", manifest), ("--mcu-runtime", mcuRuntime), ("--package", package) })
        {
            var file = parse.GetValue(option);
            if (file is null)
            {
                files[name] = null;
                continue;
            }

            if (!file.Exists)
            {
                output.Error($"{name}: file not found: {file.FullName}");
                return false;
            }

            files[name] = File.ReadAllBytes(file.FullName);
        }

        if (files.Values.All(f => f is null))
        {
            return true;
        }

        // Validate the package now: a malformed one is a usage problem, not a device refusal.
        if (files["--package"] is { } packageBytes && Rampart.Images.Package.PldmPackageReader.TryRead(packageBytes, out _) is var verdict && verdict != Rampart.Images.ImageVerdict.Verified)
        {
            output.Error($"--package: not a valid DSP0267 package: {verdict}");
            return false;
        }

        options = options with
        {
            Tamper = images => BootImageFiles.TryApply(images, files["--bundle"], files["--manifest"], files["--mcu-runtime"], files["--package"], out var applied, out _) ? applied : images,
        };
        return true;
    }

    private static BootResult RunWithProgress(CliOutput output, BootOptions options, Func<BootOptions, BootResult> boot)
    {
        if (output.Json || !output.Console.Profile.Capabilities.Interactive)
        {
            return boot(options);
        }

        BootResult? result = null;
        output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
            .Start(context =>
            {
                var observer = new ProgressObserver(context);
                result = boot(options with { Observer = observer });
            });
        return result!;
    }

    /// <summary>Progress bars per image; the speed column shows simulated throughput.</summary>
    private sealed class ProgressObserver(ProgressContext context) : IBootObserver
    {
        private readonly Dictionary<string, (ProgressTask Task, long Start)> _tasks = [];

        public void TransferStarted(string name, long totalBytes)
        {
            if (!_tasks.ContainsKey(name))
            {
                _tasks[name] = (context.AddTask(name, maxValue: Math.Max(1, totalBytes)), -1);
            }
        }

        public void TransferProgress(string name, long bytes, long simNanoseconds)
        {
            if (!_tasks.TryGetValue(name, out var entry))
            {
                return;
            }

            if (entry.Start < 0)
            {
                entry = (entry.Task, simNanoseconds);
                _tasks[name] = entry;
            }

            entry.Task.Value = bytes;
            var elapsed = simNanoseconds - entry.Start;
            if (elapsed > 0)
            {
                entry.Task.Description = string.Create(CultureInfo.InvariantCulture, $"{Markup.Escape(name)} [grey]{bytes * 1e3 / elapsed:0.00} MB/s simulated[/]");
            }

            context.Refresh();
        }

        public void StageEnded(StageRecord stage)
        {
        }
    }
}
