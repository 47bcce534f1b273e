using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Crypto;
using Rampart.Host.Attestation;
using Rampart.Host.ChipState;
using Rampart.Host.Doe;
using Rampart.Host.Mctp;
using Rampart.Hal.Peripherals;
using Rampart.Hal.Security;
using Rampart.Host.SpdmDump;
using Rampart.Host.SpdmEmu;
using Rampart.Identity.X509;
using Rampart.Platform.Peripherals;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Bindings;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart serve spdm</c> (decision 0271): boots Rampart's device in-process, as
/// <c>rampart boot</c> does, then serves the device's own SPDM responder — the MCU app, reached by
/// the BMC over MCTP/I3C, or over the chip's PCIe DOE mailbox with <c>--transport pci-doe</c>
/// (decision 0271) — over the spdm-emu socket protocol, so DMTF's spdm_requester_emu, the
/// SPDM-Responder-Validator and <c>rampart attest --connect</c> can talk to it. Serves until
/// Ctrl+C, a client's SHUTDOWN, <c>--once</c> or <c>--idle-timeout</c>. <c>--pcap</c> and
/// <c>--secrets</c> write what DMTF's spdm_dump needs to decode the served sessions (decision 0276).
/// Exit 0 served, 1 the boot failed, the endpoint cannot be bound or <c>--secrets</c> was asked of
/// a production chip, 2 usage.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The line that announces the bound endpoint (scripts and tests read it).</summary>
    public const string ServingPrefix = "serving SPDM on ";

    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Where to listen, HOST:PORT with a numeric address (port 0 picks a free one)", DefaultValueFactory = _ => "127.0.0.1:2323" };
        var transport = new Option<string>("--transport") { Description = "Transport inside the socket frames and to the device: mctp (MCTP over I3C) or pci-doe (the chip's DOE mailbox)", DefaultValueFactory = _ => "mctp" };
        transport.AcceptOnlyFromAmong("mctp", "pci-doe");
        var seed = new Option<string>("--seed") { Description = "Seed of the booted device's keys, fuses, images and simulation (as rampart boot --seed)", DefaultValueFactory = _ => "rampart-dev" };
        var once = new Option<bool>("--once") { Description = "Serve one connection, then exit" };
        var idleTimeout = new Option<int>("--idle-timeout") { Description = "Exit after this many seconds without a connection or a frame (0: never)", DefaultValueFactory = _ => 0 };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Write the verifier's inputs here: ca.pem (the manufacturer CA the chain starts at) and reference.json (measurements derived from the images)" };
        var lifecycle = new Option<LifecycleState>("--lifecycle") { Description = "Lifecycle state the served chip is provisioned to (as rampart boot --lifecycle); --secrets needs a development one: Raw, TestUnlocked, TestLocked or Manufacturing", DefaultValueFactory = _ => LifecycleState.Production };
        var secrets = new Option<FileInfo?>("--secrets") { Description = "Write each served session's DHE secret (session id and hex, in session order) for DMTF spdm_dump --dhe_secret; the device exports them through its debug port, on a development chip only (exit 1 otherwise)" };
        var pcap = new Option<FileInfo?>("--pcap") { Description = "Write the served SPDM traffic as a pcap DMTF spdm_dump reads (link type 291 for mctp, 292 for pci-doe)" };
        var mutAuth = new Option<bool>("--mut-auth") { Description = "Provision the device to require mutual authentication in every KEY_EXCHANGE session (MutAuthRequested 0x01: the requester signs FINISH), by the development requester identity of --seed (the one rampart attest --mut-auth answers with) unless --requester-chain names another" };
        var requesterChain = new Option<FileInfo?>("--requester-chain") { Description = "With --mut-auth: the requester the device must authenticate, DER certificates root first (e.g. DMTF libspdm's bundle_requester.certchain.der) or PEM; the boot's own attestation is then skipped (the BMC does not hold that requester's key)" };
        var spdm = new Command("spdm", "Boot the device in-process and serve its SPDM responder over the spdm-emu socket protocol (DMTF's spdm_requester_emu, rampart attest --connect)")
        {
            listen, transport, seed, once, idleTimeout, outDir, lifecycle, secrets, pcap, mutAuth, requesterChain,
        };
        spdm.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint) || !parse.GetValue(listen)!.Contains(':', StringComparison.Ordinal))
            {
                output.Error($"--listen wants HOST:PORT with a numeric address, got '{parse.GetValue(listen)}'");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(idleTimeout) < 0 || string.IsNullOrEmpty(parse.GetValue(seed)))
            {
                output.Error("--idle-timeout takes 0 or more seconds, and --seed must not be empty");
                return ExitCodes.Usage;
            }

            // A production chip never lets a session secret leave Caliptra (decision 0276): say so now
            // rather than boot a chip that would refuse every export.
            var state = parse.GetValue(lifecycle);
            if (parse.GetValue(secrets) is not null && DebugSecretPolicy.Evaluate(state, DebugState.Locked) != DebugSecretPermission.Allowed)
            {
                output.Error($"--secrets needs a development chip, and the served chip would be in {DebugSecretPolicy.Describe(state, DebugState.Locked)}: "
                    + "on a production chip session secrets never leave Caliptra (decision 0276). Serve a development chip: --lifecycle Manufacturing (Raw, TestUnlocked and TestLocked are development states too)");
                return ExitCodes.Refused;
            }

            if (parse.GetValue(requesterChain) is not null && !parse.GetValue(mutAuth))
            {
                output.Error("--requester-chain names whom --mut-auth authenticates: add --mut-auth");
                return ExitCodes.Usage;
            }

            using var engines = new SoftwareCryptoEngines(1);
            using var development = parse.GetValue(mutAuth) && parse.GetValue(requesterChain) is null
                ? DevelopmentRequesterIdentity.FromSeed(engines, new DevelopmentSecrets(parse.GetValue(seed)!))
                : null;
            MutualAuthentication? mutual = null;
            if (development is not null)
            {
                mutual = new MutualAuthentication(development.Trust, development.Identity, $"the development requester identity of seed '{parse.GetValue(seed)}' (rampart attest --mut-auth --boot-seed)");
            }
            else if (parse.GetValue(requesterChain) is { } chainFile)
            {
                if (!RequesterChainFile.TryRead(chainFile, engines, out var trust, out var chainError))
                {
                    output.Error(chainError);
                    return ExitCodes.Refused;
                }

                mutual = new MutualAuthentication(trust!, null, $"the requester of {chainFile.Name}");
            }

            var doe = parse.GetValue(transport) == "pci-doe";
            var bridge = new SpdmRequestBridge(doe ? SecuredTransportProfile.Doe : SecuredTransportProfile.Mctp);
            using var server = new SpdmEmuServer(bridge, endpoint, doe ? SpdmEmuTransport.PciDoe : SpdmEmuTransport.Mctp)
            {
                MaxConnections = parse.GetValue(once) ? 1 : null,
                IdleTimeout = parse.GetValue(idleTimeout) == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(parse.GetValue(idleTimeout)),
            };
            try
            {
                server.Start();
            }
            catch (SocketException e)
            {
                output.Error($"cannot listen on {endpoint}: {e.SocketErrorCode}");
                return ExitCodes.Refused;
            }

            var dump = new SpdmDumpOutputs(parse.GetValue(pcap), parse.GetValue(secrets));
            return await ServeAsync(output, server, bridge, new ServeSettings(doe, parse.GetValue(seed)!, state, parse.GetValue(outDir), dump, mutual), cancellationToken);
        });
        return new Command("serve", "Serve the booted device to peers over a socket") { spdm };
    }

    /// <summary>What the command line asked of the serve.</summary>
    private sealed record ServeSettings(bool Doe, string Seed, LifecycleState Lifecycle, DirectoryInfo? OutDir, SpdmDumpOutputs Dump, MutualAuthentication? Mutual);

    /// <summary>
    /// Whom the served device must authenticate (decision 0277), and what the boot's own BMC
    /// attestation answers with: null when the BMC does not hold that requester's key (its
    /// attestation is then skipped, since the device would refuse every session it opens).
    /// </summary>
    private sealed record MutualAuthentication(SpdmRequesterTrust Trust, SpdmRequesterIdentity? BmcIdentity, string Who);

    private static async Task<int> ServeAsync(CliOutput output, SpdmEmuServer server, SpdmRequestBridge bridge, ServeSettings settings, CancellationToken cancellationToken)
    {
        var (doe, seed, outDir, dump) = (settings.Doe, settings.Seed, settings.OutDir, settings.Dump);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var booted = new TaskCompletionSource<BootResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var secretsFile = dump.Secrets is { } secretsPath ? SpdmDumpSecretsFile.Create(secretsPath.FullName, "the device's SPDM responder, exported by Caliptra through the debug port") : null;
        using var pcapStream = dump.Pcap is { } pcapPath ? File.Create(pcapPath.FullName) : null;
        var serving = false;
        BootRun? run = null;
        run = new BootRun(new BootOptions
        {
            Seed = seed,
            Fuses = new FuseSettings { Lifecycle = settings.Lifecycle },
            Chip = new VirtualChipOptions
            {
                Trace = false,
                DebugStraps = secretsFile is null ? DebugStraps.None : DebugStraps.SpdmSessionSecrets,
                SpdmRequesterTrust = settings.Mutual is { } mutual ? SpdmRequesterTrustRecord.Encode(mutual.Trust) : default,
            },
            Attest = settings.Mutual is null || settings.Mutual.BmcIdentity is not null,
            AttestationIdentity = settings.Mutual?.BmcIdentity,

            // The boot's own attestation opens a session before serving starts: its secret belongs to
            // no served capture, so only records written while serving are kept (simulator thread).
            BeforePowerOn = chip => chip.DebugPort.Received = record => DeviceSecret(output, secretsFile, serving, record),
            AfterBoot = async endpoint =>
            {
                var result = run!.Current();
                booted.TrySetResult(result);
                if (!result.Succeeded)
                {
                    return;
                }

                // A serving session can last days: no capture of the served traffic.
                endpoint.Capture = null;
                var chip = run.Chip!;
                ISpdmRequesterTransport device = doe ? new DoeSpdmTransport(chip.DoeHost, chip.Simulator) : new MctpSpdmTransport(endpoint);
                if (pcapStream is not null)
                {
                    device = new CapturingSpdmTransport(device, new SpdmDumpCapture(pcapStream, doe, () => chip.Simulator.Now / 1000));
                }

                serving = true;
                await bridge.ServeAsync(device, chip.Simulator, stop.Token);
            },
        });

        // BootRun drives the simulator on its own thread; the bridge's idle wait blocks that thread, never a pool thread.
        var boot = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    return run.Run();
                }
                finally
                {
                    // The device is gone: nothing more is answered, and the server stops.
                    bridge.Close();
                    try
                    {
                        stop.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                        // The command already left (it threw); nothing is served any more.
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await Task.WhenAny(booted.Task, boot);
        var bootResult = booted.Task.IsCompleted ? await booted.Task : await boot;
        if (!bootResult.Succeeded)
        {
            await stop.CancelAsync();
            await boot;
            ReportBootFailure(output, bootResult);
            return ExitCodes.Refused;
        }

        var files = outDir is null ? null : WriteVerifierInputs(outDir, run);
        ReportListening(output, bootResult, server.LocalEndpoint, doe ? "pci-doe" : "mctp", seed, files, dump, settings.Mutual);

        SpdmEmuServerStop reason;
        try
        {
            reason = await server.RunAsync(stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
        }

        var final = await boot;
        if (reason == SpdmEmuServerStop.Cancelled && !cancellationToken.IsCancellationRequested)
        {
            // Nobody asked to stop: the device's side ended.
            var why = !final.Succeeded ? $"{final.FailedStage}: {final.Message}"
                : run.Chip?.BmcCore.Fault is { } fault ? $"the BMC's serving loop failed: {fault.Message}"
                : "the BMC's serving loop ended";
            output.Error($"the device stopped serving: {why}");
            return ExitCodes.Refused;
        }

        var sessions = secretsFile?.Sessions;
        if (output.Json)
        {
            output.WriteJsonLine(new
            {
                Event = "stopped",
                Reason = reason.ToString(),
                server.FramesServed,
                server.FramesRefused,
                bridge.Forwarded,
                SimulatedMilliseconds = final.SimulatedNanoseconds / 1e6,
                SecretsExported = sessions?.Count(s => !s.Refused),
                SecretsRefused = sessions?.Count(s => s.Refused),
            });
        }
        else
        {
            output.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped ({Describe(reason)}): {server.FramesServed} frames served, {server.FramesRefused} refused, {bridge.Forwarded} requests forwarded to the device; simulated {final.SimulatedNanoseconds / 1e6:0.000} ms"));
            dump.Report(output, secretsFile);
        }

        return ExitCodes.Ok;
    }

    /// <summary>A session secret from the device's debug port (simulator thread): kept while serving.</summary>
    private static void DeviceSecret(CliOutput output, SpdmDumpSecretsFile? file, bool serving, DebugRecord record)
    {
        if (file is null || !serving || record.Channel != DebugChannel.SpdmSessionSecret)
        {
            return;
        }

        if (SpdmSessionSecretRecord.TryRead(record.Data, out var export) != WireStatus.Done || export is null)
        {
            output.Warning($"the device wrote a malformed session-secret record ({record.Data.Length} bytes); ignored");
            return;
        }

        if (export.Refused)
        {
            output.Warning($"the device did not export the secret of session 0x{export.SessionId:x8} (Caliptra refused CM_ECDH_DEBUG_EXPORT)");
        }

        _ = file.WriteAsync(export);
    }

    private static (string TrustRoot, string Reference)? WriteVerifierInputs(DirectoryInfo outDir, BootRun run)
    {
        outDir.Create();
        var trustRoot = Path.Combine(outDir.FullName, "ca.pem");
        var reference = Path.Combine(outDir.FullName, "reference.json");
        File.WriteAllText(trustRoot, Pem.Encode("CERTIFICATE", run.Provisioned!.CaEccCertificate));
        using var engines = new SoftwareCryptoEngines(1);
        if (ImageReferenceValues.TryDerive(run.Images!.Bundle, run.Images.Manifest, engines.Sha, out var values, out _))
        {
            File.WriteAllText(reference, values!.ToJson());
        }

        return (trustRoot, reference);
    }

    private static void ReportBootFailure(CliOutput output, BootResult result)
    {
        if (output.Json)
        {
            output.WriteJsonLine(new { Event = "bootFailed", result.FailedStage, result.Message });
        }

        output.Error($"boot failed at {result.FailedStage}: {result.Message}; nothing to serve");
    }

    private static void ReportListening(CliOutput output, BootResult boot, IPEndPoint endpoint, string transport, string seed, (string TrustRoot, string Reference)? files, SpdmDumpOutputs dump, MutualAuthentication? mutual)
    {
        if (output.Json)
        {
            output.WriteJsonLine(new
            {
                Event = "listening",
                Endpoint = endpoint.ToString(),
                Transport = transport,
                Seed = seed,
                Boot = new { boot.Succeeded, boot.Message, SimulatedMilliseconds = boot.SimulatedNanoseconds / 1e6, WallMilliseconds = boot.Wall.TotalMilliseconds },
                files?.TrustRoot,
                files?.Reference,
                Pcap = dump.Pcap?.FullName,
                Secrets = dump.Secrets?.FullName,
                MutualAuthentication = mutual?.Who,
            });
            return;
        }

        // Plain writes, not markup: no console width wraps the line scripts read.
        output.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Boot succeeded: {boot.Message} (seed '{seed}', simulated {boot.SimulatedNanoseconds / 1e6:0.000} ms, wall {boot.Wall.TotalMilliseconds:0} ms). Development keys (NOT FOR PRODUCTION)."));
        if (files is { } written)
        {
            output.Stdout.WriteLine($"trust root: {written.TrustRoot}");
            output.Stdout.WriteLine($"reference:  {written.Reference}");
        }

        dump.Announce(output);
        if (mutual is not null)
        {
            output.Stdout.WriteLine($"mutual authentication required (MUT_AUTH_CAP, signed FINISH) by {mutual.Who}"
                + (mutual.BmcIdentity is null ? "; the boot's own attestation was skipped" : string.Empty));
        }

        output.Stdout.WriteLine($"{ServingPrefix}{endpoint} (spdm-emu socket, {(transport == "mctp" ? "MCTP" : "PCI_DOE")} transport); Ctrl+C to stop");
        output.Stdout.Flush();
    }

    private static string Describe(SpdmEmuServerStop reason) => reason switch
    {
        SpdmEmuServerStop.Shutdown => "a client sent SHUTDOWN",
        SpdmEmuServerStop.Cancelled => "cancelled",
        SpdmEmuServerStop.IdleTimeout => "idle timeout",
        _ => "--once: one connection served",
    };
}
