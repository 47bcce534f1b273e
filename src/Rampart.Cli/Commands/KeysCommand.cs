using System.CommandLine;
using Rampart.Cli.Commands.Images;
using Rampart.Host.Keys;
using Rampart.Images.Bundle;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart keys generate --out DIR [--seed HEX] [--pqc mldsa|lms]</c>: vendor and owner
/// signing keys (ECC P-384 + ML-DSA-87 or LMS) for image tooling, with the fuse values they imply.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Generate image signing keys (vendor and owner, ECC P-384 + ML-DSA-87 or LMS)");
        command.Subcommands.Add(CreateGenerate());
        return command;
    }

    private static Command CreateGenerate()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Key directory to create (refused if it already holds keys)", Required = true };
        var seed = new Option<string?>("--seed") { Description = "Hex seed: the same seed gives the same keys (omit for fresh random keys)" };
        var pqc = new Option<string>("--pqc") { Description = "Post-quantum algorithm paired with ECC P-384", DefaultValueFactory = _ => "mldsa" };
        pqc.AcceptOnlyFromAmong("mldsa", "lms");
        var count = new Option<int?>("--vendor-keys") { Description = "Vendor keys listed in the key descriptors (1-4; default 4 with ML-DSA, 1 with LMS)" };
        var height = new Option<int>("--lms-height") { Description = "LMS tree height (Caliptra: 15; 5 or 10 for quick tests)", DefaultValueFactory = _ => 15 };
        var command = new Command("generate", "Generate vendor and owner key sets into a key directory") { outDir, seed, pqc, count, height };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            byte[]? seedBytes = null;
            if (parse.GetValue(seed) is { } seedText)
            {
                seedBytes = ImageCliSupport.TryParseHex(seedText);
                if (seedBytes is null || seedBytes.Length < 16)
                {
                    output.Error("--seed must be at least 16 bytes of hex");
                    return ExitCodes.Usage;
                }
            }

            var usePqc = parse.GetValue(pqc) == "lms" ? KeySetPqc.Lms : KeySetPqc.MlDsa;
            var vendorCount = parse.GetValue(count) ?? (usePqc == KeySetPqc.Lms ? 1 : 4);
            var lmsHeight = parse.GetValue(height);
            if (vendorCount is < 1 or > 4 || lmsHeight is not (5 or 10 or 15 or 20 or 25))
            {
                output.Error("--vendor-keys is 1-4 and --lms-height one of 5, 10, 15, 20, 25");
                return ExitCodes.Usage;
            }

            using var engines = ImageCliSupport.Engines();
            KeyDirectory keys;
            try
            {
                keys = KeyDirectory.Generate(parse.GetValue(outDir)!, new KeyGenerationOptions(usePqc, seedBytes, vendorCount, lmsHeight), engines);
            }
            catch (IOException e)
            {
                output.Error(e.Message);
                return ExitCodes.Refused;
            }
            catch (UnauthorizedAccessException e)
            {
                output.Error(e.Message);
                return ExitCodes.Refused;
            }

            using (keys)
            {
                var vendorHash = FirmwareBundleBuilder.ComputeVendorPublicKeyHash(engines.Sha, keys.PqcKeyType, keys.VendorEccPublicKeys, keys.VendorPqcPublicKeys);
                var ownerHash = FirmwareBundleBuilder.ComputeOwnerPublicKeyHash(engines.Sha, keys.OwnerPublic);
                var report = new KeysReport(
                    Path.GetFullPath(keys.Path),
                    keys.Manifest.Pqc,
                    keys.Manifest.Deterministic,
                    Convert.ToHexString(vendorHash),
                    Convert.ToHexString(ownerHash),
                    [.. keys.Manifest.VendorEcc.Concat(keys.Manifest.VendorPqc).Append(keys.Manifest.OwnerEcc).Append(keys.Manifest.OwnerPqc)
                        .Select(k => new KeyRow(k.Name, k.Algorithm, k.PrivateFile, k.PublicKey.Length / 2))]);
                if (output.Json)
                {
                    output.WriteJson(report);
                    return ExitCodes.Ok;
                }

                output.Console.MarkupLine($"[bold]key directory[/] {Markup.Escape(report.Directory)} ({report.Pqc}{(report.Deterministic ? ", from seed" : string.Empty)})");
                var table = new Table().AddColumn("Key").AddColumn("Algorithm").AddColumn("Private file").AddColumn("Public key bytes");
                foreach (var row in report.Keys)
                {
                    table.AddRow(Markup.Escape(row.Name), row.Algorithm, Markup.Escape(row.PrivateFile), row.PublicKeyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                output.Console.Write(table);
                output.Console.MarkupLine($"vendor PK hash fuse: {report.VendorPkHash}");
                output.Console.MarkupLine($"owner PK hash fuse:  {report.OwnerPkHash}");
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private sealed record KeyRow(string Name, string Algorithm, string PrivateFile, int PublicKeyBytes);

    private sealed record KeysReport(string Directory, string Pqc, bool Deterministic, string VendorPkHash, string OwnerPkHash, IReadOnlyList<KeyRow> Keys);
}
