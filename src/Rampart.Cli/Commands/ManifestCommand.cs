using System.CommandLine;
using System.Globalization;
using Rampart.Images;
using Rampart.Cli.Commands.Images;
using Rampart.Host.Keys;
using Rampart.Images.Manifest;
using Rampart.Images.Signing;
using Rampart.Wire;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart manifest build|sign|verify|inspect</c>: SoC authorization manifests ("ATM2").</summary>
internal static class ManifestCommand
{
    public static Command Create()
    {
        var command = new Command("manifest", "Build, sign, verify and inspect SoC authorization manifests");
        command.Subcommands.Add(CreateBuild());
        command.Subcommands.Add(CreateSign());
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateInspect());
        return command;
    }

    private static Command CreateBuild()
    {
        var keys = ImageCliSupport.KeysOption();
        var output = ImageCliSupport.OutOption();
        var images = new Option<string[]>("--image")
        {
            Description = "An image entry: fw_id=N,file=PATH[,component=N][,class=N][,load=ADDR][,staging=ADDR][,exec=BIT][,source=load|staging][,ignore-auth] (repeat)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var svn = new Option<uint>("--svn") { Description = "Manifest SVN (0-128)" };
        var version = new Option<uint>("--manifest-version") { Description = "Manifest version", DefaultValueFactory = _ => 1 };
        var noVendor = new Option<bool>("--no-vendor-signature-required") { Description = "Clear flags bit 0 (the vendor image-metadata signature is then not checked)" };
        var unsigned = new Option<bool>("--unsigned") { Description = "Leave the signature fields zero (sign later with 'manifest sign')" };
        var command = new Command("build", "Build (and sign) a SoC manifest from images and a key directory") { keys, output, images, svn, version, noVendor, unsigned };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var engines = ImageCliSupport.Engines();
            var entries = new List<ImageMetadataEntry>();
            foreach (var spec in parse.GetValue(images) ?? [])
            {
                var entry = ParseEntry(cli, engines, spec);
                if (entry is null)
                {
                    return ExitCodes.Refused;
                }

                entries.Add(entry);
            }

            if (entries.Count > SocManifestLayout.MaxEntries || entries.Select(e => e.FwId).Distinct().Count() != entries.Count)
            {
                cli.Error("a manifest holds at most 80 images, each fw_id once");
                return ExitCodes.Refused;
            }

            using var keyDir = ImageCliSupport.OpenKeys(cli, parse.GetValue(keys)!, engines);
            if (keyDir is null)
            {
                return ExitCodes.Refused;
            }

            var manifest = new SocManifest
            {
                Version = parse.GetValue(version),
                Svn = parse.GetValue(svn),
                Flags = parse.GetValue(noVendor) ? 0u : SocManifestLayout.VendorSignatureRequired,
                VendorKeys = HybridKeyFields.Of(keyDir.VendorPublic()),
                VendorKeysSignatures = HybridSignatureFields.Empty,
                OwnerKeys = HybridKeyFields.Of(keyDir.OwnerPublic),
                OwnerKeysSignatures = HybridSignatureFields.Empty,
                VendorMetadataSignatures = HybridSignatureFields.Empty,
                OwnerMetadataSignatures = HybridSignatureFields.Empty,
                Entries = entries,
            }.ToArray();
            if (!parse.GetValue(unsigned) && !Sign(cli, engines, keyDir, manifest))
            {
                return ExitCodes.Refused;
            }

            var path = parse.GetValue(output)!;
            return ImageCliSupport.WriteOutput(cli, path, manifest) ? Inspect(cli, path, manifest) : ExitCodes.Refused;
        });
        return command;
    }

    private static Command CreateSign()
    {
        var keys = ImageCliSupport.KeysOption();
        var input = new Argument<string>("manifest") { Description = "Manifest to sign" };
        var output = new Option<string?>("--out", "-o") { Description = "Signed manifest (default: replace the input, atomically)" };
        var command = new Command("sign", "Sign a manifest: firmware vendor and owner keys over the manifest keys, manifest keys over the image metadata") { input, keys, output };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var engines = ImageCliSupport.Engines();
            var path = parse.GetValue(input)!;
            var manifest = ImageCliSupport.ReadInput(cli, path);
            using var keyDir = ImageCliSupport.OpenKeys(cli, parse.GetValue(keys)!, engines);
            if (manifest is null || keyDir is null)
            {
                return ExitCodes.Refused;
            }

            var structure = SocManifest.CheckStructure(manifest);
            if (structure != ImageVerdict.Verified)
            {
                return ImageCliSupport.ReportVerdict(cli, path, structure);
            }

            if (!Sign(cli, engines, keyDir, manifest))
            {
                return ExitCodes.Refused;
            }

            var target = parse.GetValue(output) ?? path;
            return ImageCliSupport.WriteOutput(cli, target, manifest) ? Inspect(cli, target, manifest) : ExitCodes.Refused;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var keys = ImageCliSupport.KeysOption();
        var input = new Argument<string>("manifest") { Description = "Manifest to verify" };
        var minSvn = new Option<uint>("--min-svn") { Description = "Fused minimum SoC manifest SVN" };
        var antiRollback = new Option<bool>("--anti-rollback-disabled") { Description = "The anti-rollback disable fuse is blown" };
        var images = new Option<string[]>("--image") { Description = "Also authorize an image: fw_id=N,file=PATH (repeat)" };
        var command = new Command("verify", "Check a manifest's signatures (firmware keys from the key directory) and SVN; optionally authorize images by digest")
        {
            input, keys, minSvn, antiRollback, images,
        };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var engines = ImageCliSupport.Engines();
            var path = parse.GetValue(input)!;
            var manifest = ImageCliSupport.ReadInput(cli, path);
            using var keyDir = ImageCliSupport.OpenKeys(cli, parse.GetValue(keys)!, engines);
            if (manifest is null || keyDir is null)
            {
                return ExitCodes.Refused;
            }

            var trust = new SocManifestTrust(keyDir.VendorPublic(), keyDir.OwnerPublic, parse.GetValue(minSvn), parse.GetValue(antiRollback));
            var verdict = SocManifestVerifier.Verify(engines, manifest, trust);
            foreach (var spec in parse.GetValue(images) ?? [])
            {
                if (verdict != ImageVerdict.Verified)
                {
                    break;
                }

                var fields = Fields(spec);
                if (!fields.TryGetValue("fw_id", out var id) || !ImageCliSupport.TryParseNumber(id, out var fwId) || fwId > uint.MaxValue
                    || !fields.TryGetValue("file", out var file))
                {
                    cli.Error($"--image '{spec}': give fw_id=N,file=PATH");
                    return ExitCodes.Usage;
                }

                var image = ImageCliSupport.ReadInput(cli, file);
                if (image is null)
                {
                    return ExitCodes.Refused;
                }

                verdict = SocManifestVerifier.AuthorizeImage(engines.Sha, manifest, (uint)fwId, image);
            }

            return ImageCliSupport.ReportVerdict(cli, path, verdict);
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var input = new Argument<string>("manifest") { Description = "Manifest to inspect" };
        var command = new Command("inspect", "Show a manifest's header and image entries (structure only)") { input };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var path = parse.GetValue(input)!;
            var manifest = ImageCliSupport.ReadInput(cli, path);
            return manifest is null ? ExitCodes.Refused : Inspect(cli, path, manifest);
        });
        return command;
    }

    private static bool Sign(CliOutput cli, Hal.Crypto.ICryptoEngines engines, KeyDirectory keys, byte[] manifest)
    {
        try
        {
            var vendor = keys.VendorSigning();
            var owner = keys.OwnerSigning();
            if (!SocManifestSigner.TrySign(engines.Sha, manifest, vendor, owner, vendor, owner))
            {
                cli.Error("the manifest's keys are not this key directory's vendor and owner keys");
                return false;
            }

            return true;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            cli.Error(e.Message);
            return false;
        }
    }

    private static int Inspect(CliOutput cli, string path, byte[] bytes)
    {
        var structure = SocManifest.CheckStructure(bytes);
        if (structure != ImageVerdict.Verified || SocManifest.TryRead(bytes, out var manifest) != WireStatus.Done)
        {
            return ImageCliSupport.ReportVerdict(cli, path, structure);
        }

        var report = new ManifestReport(
            path, bytes.Length, manifest!.Version, manifest.Svn, manifest.Flags, manifest.VendorKeysSignatures.Ecc.Span.IndexOfAnyExcept((byte)0) >= 0,
            [.. manifest.Entries.Select(e => new EntryReport(
                e.FwId, e.ComponentId, e.Classification, e.Source.ToString(), e.IgnoreAuthCheck, e.ExecBit, e.LoadAddress, e.StagingAddress, Convert.ToHexString(e.Digest.Span)))]);
        if (cli.Json)
        {
            cli.WriteJson(report);
            return ExitCodes.Ok;
        }

        ImageCliSupport.WriteFields(cli, $"SoC manifest {path}", [
            ("size", report.Size.ToString(CultureInfo.InvariantCulture)),
            ("version", report.Version.ToString(CultureInfo.InvariantCulture)),
            ("SVN", report.Svn.ToString(CultureInfo.InvariantCulture)),
            ("flags", $"0x{report.Flags:X8}{((report.Flags & SocManifestLayout.VendorSignatureRequired) != 0 ? " (vendor signature required)" : string.Empty)}"),
            ("signed", report.Signed ? "yes" : "no"),
        ]);
        var table = new Spectre.Console.Table().AddColumn("fw_id").AddColumn("Component").AddColumn("Class").AddColumn("Source").AddColumn("Exec bit").AddColumn("Load").AddColumn("Staging").AddColumn("SHA-384");
        foreach (var e in report.Entries)
        {
            table.AddRow($"0x{e.FwId:X}", $"0x{e.ComponentId:X}", $"0x{e.Classification:X}", e.Source + (e.IgnoreAuthCheck ? " (no auth)" : string.Empty),
                e.ExecBit.ToString(CultureInfo.InvariantCulture), $"0x{e.LoadAddress:X}", $"0x{e.StagingAddress:X}", e.Sha384[..24] + "…");
        }

        cli.Console.Write(table);
        return ExitCodes.Ok;
    }

    private static ImageMetadataEntry? ParseEntry(CliOutput cli, Hal.Crypto.ICryptoEngines engines, string spec)
    {
        var fields = Fields(spec);
        ulong fwId = 0, component = 0, classification = 0, load = 0, staging = 0, exec = 0;
        var ok = fields.TryGetValue("fw_id", out var idText) && ImageCliSupport.TryParseNumber(idText, out fwId) && fwId <= uint.MaxValue
            && fields.TryGetValue("file", out _)
            && Optional(fields, "component", out component, uint.MaxValue) && Optional(fields, "class", out classification, uint.MaxValue)
            && Optional(fields, "load", out load, ulong.MaxValue) && Optional(fields, "staging", out staging, ulong.MaxValue)
            && Optional(fields, "exec", out exec, 0x7F);
        var source = fields.GetValueOrDefault("source", "load");
        if (!ok || source is not ("load" or "staging"))
        {
            cli.Error($"--image '{spec}': give fw_id=N,file=PATH and numeric component/class/load/staging/exec (exec 0-127), source=load|staging");
            return null;
        }

        var image = ImageCliSupport.ReadInput(cli, fields["file"]);
        if (image is null)
        {
            return null;
        }

        var digest = new byte[48];
        engines.Sha.Hash(Hal.Crypto.ShaAlgorithm.Sha384, image, digest);
        var flags = ImageMetadataEntry.ComposeFlags(source == "staging" ? ImageSource.StagingAddress : ImageSource.LoadAddress, fields.ContainsKey("ignore-auth"), (int)exec);
        return new ImageMetadataEntry((uint)fwId, (uint)component, (uint)classification, flags, load, staging, digest);
    }

    private static bool Optional(Dictionary<string, string> fields, string name, out ulong value, ulong max)
    {
        value = 0;
        return !fields.TryGetValue(name, out var text) || (ImageCliSupport.TryParseNumber(text, out value) && value <= max);
    }

    private static Dictionary<string, string> Fields(string spec)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            fields[eq < 0 ? part : part[..eq]] = eq < 0 ? string.Empty : part[(eq + 1)..];
        }

        return fields;
    }

    private sealed record EntryReport(uint FwId, uint ComponentId, uint Classification, string Source, bool IgnoreAuthCheck, int ExecBit, ulong LoadAddress, ulong StagingAddress, string Sha384);

    private sealed record ManifestReport(string File, int Size, uint Version, uint Svn, uint Flags, bool Signed, IReadOnlyList<EntryReport> Entries);
}
