using System.CommandLine;
using System.Net;
using Rampart.Chip;
using Rampart.Chip.Boot;
using Rampart.Crypto;
using Rampart.Host.Attestation;
using Rampart.Host.ChipState;
using Rampart.Host.SpdmDump;
using Rampart.Host.SpdmEmu;
using Rampart.Identity.X509;
using Rampart.Protocols.Spdm;
using Rampart.Wire.Bindings;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart attest</c>: the SPDM verifier. Without <c>--connect</c> it boots Rampart's device
/// in-process (as <c>rampart boot</c> does) and attests it over MCTP (over the chip's PCIe DOE
/// mailbox with <c>--transport pci-doe</c>), against the development manufacturer CA and reference
/// values derived from the images it streamed; with <c>--connect HOST:PORT</c> it attests a peer speaking the spdm-emu socket protocol (DMTF's
/// spdm_responder_emu, or <c>rampart serve spdm</c>). <c>--pcap</c> and <c>--secrets</c> write what
/// DMTF's spdm_dump needs to decode the run, from the requester's side (decision 0276).
/// </summary>
internal static class AttestCommand
{
    public static Command Create()
    {
        var connect = new Option<string?>("--connect") { Description = "Responder to attest, HOST:PORT (spdm-emu socket protocol), e.g. 127.0.0.1:2323; without it, a device booted in-process" };
        var bootSeed = new Option<string>("--boot-seed") { Description = "In-process only: the seed of the booted device's keys and images (as rampart boot --seed)", DefaultValueFactory = _ => "rampart-dev" };
        var transport = new Option<string>("--transport") { Description = "Transport inside the socket frames (in-process: to the device): mctp or pci-doe", DefaultValueFactory = _ => "mctp" };
        transport.AcceptOnlyFromAmong("mctp", "pci-doe");
        var trustRoot = new Option<FileInfo?>("--trust-root") { Description = "Trusted root certificate (PEM or DER); the chain's first certificate must equal it" };
        var reference = new Option<FileInfo?>("--reference") { Description = "Reference measurements (JSON: {\"measurements\":[{\"index\":1,\"digest\":\"hex\"}]})" };
        var slot = new Option<byte>("--slot") { Description = "Certificate slot to attest with", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the requester's DRBG (nonces, ephemeral keys)", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before giving up on the peer", DefaultValueFactory = _ => 30 };
        var shutdownPeer = new Option<bool>("--shutdown-peer") { Description = "With --connect: end with the spdm-emu SHUTDOWN command (the peer stops) instead of CONTINUE (it serves the next client)" };
        var pcap = new Option<FileInfo?>("--pcap") { Description = "Write the attestation's SPDM traffic as a pcap DMTF spdm_dump reads (link type 291 for mctp, 292 for pci-doe)" };
        var secrets = new Option<FileInfo?>("--secrets") { Description = "Write the secured session's DHE secret (session id and hex) for DMTF spdm_dump --dhe_secret, exported from the requester's own software crypto" };

        var mutAuth = new Option<bool>("--mut-auth") { Description = "Answer mutual authentication with the development requester identity of --boot-seed (the one rampart serve spdm --mut-auth --seed provisions); in-process, the booted device is provisioned to require it" };
        var command = new Command("attest", "Attest a device over SPDM: chain, signatures, measurements against reference values, a secured session")
        {
            connect, transport, trustRoot, reference, slot, seed, timeout, bootSeed, shutdownPeer, pcap, secrets, mutAuth,
        };
        var timings = AttestTimings.AddTo(command, connect);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            IPEndPoint? endpoint = null;
            if (parse.GetValue(connect) is { } peer && (!IPEndPoint.TryParse(peer, out endpoint) || endpoint.Port == 0))
            {
                output.Error($"--connect wants HOST:PORT with a numeric address, got '{peer}'");
                return ExitCodes.Usage;
            }

            var root = ReadOnlyMemory<byte>.Empty;
            if (parse.GetValue(trustRoot) is { } rootFile)
            {
                if (!TryReadCertificate(rootFile, out var der, out var error))
                {
                    output.Error(error!);
                    return ExitCodes.Refused;
                }

                root = der;
            }

            ReferenceValues? values = null;
            if (parse.GetValue(reference) is { } referenceFile)
            {
                if (!referenceFile.Exists)
                {
                    output.Error($"reference file not found: {referenceFile.FullName}");
                    return ExitCodes.Refused;
                }

                if (!ReferenceValues.TryParse(await File.ReadAllTextAsync(referenceFile.FullName, cancellationToken), out values, out var error))
                {
                    output.Error($"{referenceFile.Name}: {error}");
                    return ExitCodes.Refused;
                }
            }

            var dump = new SpdmDumpOutputs(parse.GetValue(pcap), parse.GetValue(secrets));
            var doe = parse.GetValue(transport) == "pci-doe";
            if (timings.Requested(parse) && (dump.Pcap is not null || dump.Secrets is not null))
            {
                output.Error("--timings runs many connections: it does not write --pcap or --secrets");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(mutAuth) && string.IsNullOrEmpty(parse.GetValue(bootSeed)))
            {
                output.Error("--mut-auth derives the requester identity from --boot-seed, which must not be empty");
                return ExitCodes.Usage;
            }

            using var identityEngines = new SoftwareCryptoEngines(1);
            using var identity = parse.GetValue(mutAuth) ? DevelopmentRequesterIdentity.FromSeed(identityEngines, new DevelopmentSecrets(parse.GetValue(bootSeed)!)) : null;
            using var pcapStream = dump.Pcap is { } pcapFile ? File.Create(pcapFile.FullName) : null;
            using var secretsFile = dump.Secrets is { } secretsPath ? SpdmDumpSecretsFile.Create(secretsPath.FullName, "the requester's side, rampart attest") : null;
            if (endpoint is null)
            {
                return InProcess(output, new InProcessSettings(parse.GetValue(bootSeed)!, root, values, parse.GetValue(slot), doe, identity), new SpdmDumpTarget(dump, pcapStream, secretsFile));
            }

            var kind = doe ? SpdmEmuTransport.PciDoe : SpdmEmuTransport.Mctp;
            if (timings.Requested(parse))
            {
                var options = new SpdmEmuTimingOptions
                {
                    Slot = parse.GetValue(slot),
                    TrustRoot = root,
                    Reference = values,
                    ShutdownPeer = parse.GetValue(shutdownPeer),
                    ConnectionTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))),
                    Identity = identity?.Identity,
                };
                return await timings.RunAsync(parse, output, endpoint, kind, options, parse.GetValue(seed), cancellationToken);
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))));
            using var engines = new SoftwareCryptoEngines(parse.GetValue(seed));
            AttestationReport report;
            try
            {
                await using var client = await SpdmEmuClient.ConnectAsync(endpoint, kind, limit.Token);
                ISpdmRequesterTransport channel = pcapStream is null ? client : new CapturingSpdmTransport(client, new SpdmDumpCapture(pcapStream, doe, WallClockMicroseconds));
                report = await new Attester(engines) { DheSecrets = secretsFile, Identity = identity?.Identity }.AttestAsync(endpoint.ToString(), channel, parse.GetValue(slot), root, values, limit.Token);

                // Say goodbye rather than hang up: DMTF's responder emu stops on a bare close.
                var ended = parse.GetValue(shutdownPeer) ? await client.ShutdownAsync(limit.Token) : await client.ContinueAsync(limit.Token);
                if (!ended)
                {
                    output.Warning($"{endpoint} did not echo {(parse.GetValue(shutdownPeer) ? "SHUTDOWN" : "CONTINUE")}");
                }
            }
            catch (SpdmEmuException e)
            {
                output.Error(e.Message);
                return ExitCodes.Refused;
            }
            catch (OperationCanceledException)
            {
                output.Error(cancellationToken.IsCancellationRequested ? "cancelled" : $"{endpoint} did not answer within {parse.GetValue(timeout)} s");
                return ExitCodes.Refused;
            }
            catch (IOException e)
            {
                output.Error($"connection to {endpoint} broke: {e.Message}");
                return ExitCodes.Refused;
            }

            Print(output, report, new SpdmDumpTarget(dump, pcapStream, secretsFile));
            return report.Verdict == "trusted" ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    /// <summary>Where <c>--pcap</c> and <c>--secrets</c> go, opened (decision 0276).</summary>
    private sealed record SpdmDumpTarget(SpdmDumpOutputs Files, Stream? Pcap, SpdmDumpSecretsFile? Secrets);

    private static long WallClockMicroseconds() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

    /// <summary>What the command line asked of an in-process attestation.</summary>
    private sealed record InProcessSettings(string Seed, ReadOnlyMemory<byte> Root, ReferenceValues? Values, byte Slot, bool Doe, DevelopmentRequesterIdentity? Identity);

    /// <summary>Boots the device in-process and prints the BMC's attestation of it.</summary>
    private static int InProcess(CliOutput output, InProcessSettings settings, SpdmDumpTarget dump)
    {
        var (seed, root, values, slot, doe) = (settings.Seed, settings.Root, settings.Values, settings.Slot, settings.Doe);
        if (slot != 0)
        {
            output.Error("the in-process device has one certificate slot: --slot 0");
            return ExitCodes.Usage;
        }

        var result = new BootRun(new BootOptions
        {
            Seed = seed,
            Chip = new VirtualChipOptions { Trace = false, SpdmRequesterTrust = settings.Identity?.TrustRecord() ?? default },
            AttestationIdentity = settings.Identity?.Identity,
            AttestationReference = values,
            AttestOverDoe = doe,
            AttestationTrustRoot = root.IsEmpty ? default(ReadOnlyMemory<byte>?) : root,
            AttestationCapture = dump.Pcap,
            AttestationSecrets = dump.Secrets,
        }).Run();
        if (result.Attestation is not { } report)
        {
            output.Error($"the device did not boot, nothing to attest: {result.FailedStage}: {result.Message}");
            return ExitCodes.Refused;
        }

        Print(output, report, dump);
        return report.Verdict == "trusted" ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static bool TryReadCertificate(FileInfo file, out byte[] der, out string? error)
    {
        der = [];
        error = null;
        if (!file.Exists)
        {
            error = $"trust root not found: {file.FullName}";
            return false;
        }

        var bytes = File.ReadAllBytes(file.FullName);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            var pem = Pem.DecodeAll(text, "CERTIFICATE");
            if (pem.Count == 0)
            {
                error = $"{file.Name}: no readable CERTIFICATE block";
                return false;
            }

            der = pem[0];
            return true;
        }

        der = bytes;
        return true;
    }

    private static void Print(CliOutput output, AttestationReport report, SpdmDumpTarget dump)
    {
        if (output.Json)
        {
            output.WriteJson(new
            {
                report.Peer,
                report.Version,
                report.Verdict,
                report.Checks,
                report.Measurements,
                report.Certificates,
                Pcap = dump.Files.Pcap?.FullName,
                Secrets = dump.Files.Secrets?.FullName,
                SessionSecrets = dump.Secrets?.Sessions.Count,
            });
            return;
        }

        AttestationTables.Write(output.Console, report);
        output.Console.MarkupLine($"verdict: [bold]{report.Verdict}[/]");
        dump.Files.Announce(output);
        dump.Files.Report(output, dump.Secrets);
    }
}
