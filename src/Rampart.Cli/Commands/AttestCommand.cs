using System.CommandLine;
using System.Net;
using Rampart.Crypto;
using Rampart.Host.Attestation;
using Rampart.Host.SpdmEmu;
using Rampart.Identity.X509;
using Rampart.Wire.Bindings;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart attest --connect HOST:PORT</c>: the SPDM verifier against a peer speaking the
/// spdm-emu socket protocol (DMTF's spdm_responder_emu, or <c>rampart serve spdm</c>).
/// </summary>
internal static class AttestCommand
{
    public static Command Create()
    {
        var connect = new Option<string>("--connect") { Description = "Responder to attest, HOST:PORT (spdm-emu socket protocol), e.g. 127.0.0.1:2323", Required = true };
        var transport = new Option<string>("--transport") { Description = "Transport inside the socket frames: mctp or pci-doe", DefaultValueFactory = _ => "mctp" };
        transport.AcceptOnlyFromAmong("mctp", "pci-doe");
        var trustRoot = new Option<FileInfo?>("--trust-root") { Description = "Trusted root certificate (PEM or DER); the chain's first certificate must equal it" };
        var reference = new Option<FileInfo?>("--reference") { Description = "Reference measurements (JSON: {\"measurements\":[{\"index\":1,\"digest\":\"hex\"}]})" };
        var slot = new Option<byte>("--slot") { Description = "Certificate slot to attest with", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the requester's DRBG (nonces, ephemeral keys)", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before giving up on the peer", DefaultValueFactory = _ => 30 };

        var command = new Command("attest", "Attest a device over SPDM: chain, signatures, measurements against reference values, a secured session")
        {
            connect, transport, trustRoot, reference, slot, seed, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (!IPEndPoint.TryParse(parse.GetValue(connect)!, out var endpoint) || endpoint.Port == 0)
            {
                output.Error($"--connect wants HOST:PORT with a numeric address, got '{parse.GetValue(connect)}'");
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

            var kind = parse.GetValue(transport) == "pci-doe" ? SpdmEmuTransport.PciDoe : SpdmEmuTransport.Mctp;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))));
            using var engines = new SoftwareCryptoEngines(parse.GetValue(seed));
            AttestationReport report;
            try
            {
                await using var client = await SpdmEmuClient.ConnectAsync(endpoint, kind, limit.Token);
                report = await new Attester(engines).AttestAsync(endpoint.ToString(), client, parse.GetValue(slot), root, values, limit.Token);
            }
            catch (SpdmEmuException e)
            {
                output.Error(e.Message);
                return ExitCodes.Refused;
            }
            catch (OperationCanceledException)
            {
                output.Error($"{endpoint} did not answer within {parse.GetValue(timeout)} s");
                return ExitCodes.Refused;
            }
            catch (IOException e)
            {
                output.Error($"connection to {endpoint} broke: {e.Message}");
                return ExitCodes.Refused;
            }

            Print(output, report);
            return report.Verdict == "trusted" ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
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

    private static void Print(CliOutput output, AttestationReport report)
    {
        if (output.Json)
        {
            output.WriteJson(new { report.Peer, report.Version, report.Verdict, report.Checks, report.Measurements, report.Certificates });
            return;
        }

        var checks = new Table().AddColumn("Check").AddColumn("Verdict").AddColumn("Detail");
        foreach (var check in report.Checks)
        {
            var color = check.Verdict switch { CheckVerdict.Pass => "green", CheckVerdict.Fail => "red", _ => "yellow" };
            checks.AddRow(Markup.Escape(check.Check), $"[{color}]{check.Verdict}[/]", Markup.Escape(check.Detail));
        }

        output.Console.MarkupLine($"[bold]SPDM {Markup.Escape(report.Version)}[/] attestation of {Markup.Escape(report.Peer)}");
        output.Console.Write(checks);
        if (report.Measurements.Count > 0)
        {
            var measurements = new Table().AddColumn("Index").AddColumn("Type").AddColumn("Digest").AddColumn("Reference");
            foreach (var m in report.Measurements)
            {
                measurements.AddRow(m.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(m.Type), Markup.Escape(m.Digest), m.Verdict.ToString());
            }

            output.Console.Write(measurements);
        }

        output.Console.MarkupLine($"verdict: [bold]{report.Verdict}[/]");
    }
}
