using System.CommandLine;
using System.Globalization;
using Rampart.Images;
using Rampart.Cli.Commands.Images;
using Rampart.Images.Bundle;
using Rampart.Images.Signing;
using Rampart.Wire;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart image build|sign|verify|inspect</c>: Caliptra firmware bundles (FMC + runtime, "CMN2").</summary>
internal static class ImageCommand
{
    public static Command Create()
    {
        var command = new Command("image", "Build, sign, verify and inspect Caliptra firmware bundles (FMC + runtime)");
        command.Subcommands.Add(CreateBuild());
        command.Subcommands.Add(CreateSign());
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateInspect());
        return command;
    }

    private static Command CreateBuild()
    {
        var keys = ImageCliSupport.KeysOption();
        var fmc = new Option<string>("--fmc") { Description = "FMC image file", Required = true };
        var runtime = new Option<string>("--runtime") { Description = "Runtime image file", Required = true };
        var output = ImageCliSupport.OutOption();
        var svn = new Option<uint>("--svn") { Description = "Firmware SVN (0-128)" };
        var eccIndex = new Option<int>("--ecc-key-index") { Description = "Vendor ECC key that signs" };
        var pqcIndex = new Option<int>("--pqc-key-index") { Description = "Vendor PQC key that signs" };
        var fmcLoad = new Option<string>("--fmc-load") { Description = "FMC load address", DefaultValueFactory = _ => "0x40000000" };
        var fmcEntry = new Option<string?>("--fmc-entry") { Description = "FMC entry point (default: load address)" };
        var rtLoad = new Option<string>("--runtime-load") { Description = "Runtime load address", DefaultValueFactory = _ => "0x40100000" };
        var rtEntry = new Option<string?>("--runtime-entry") { Description = "Runtime entry point (default: load address)" };
        var version = new Option<uint>("--version-number") { Description = "Firmware version recorded in both TOC entries" };
        var command = new Command("build", "Assemble an unsigned bundle from FMC and runtime images with a key directory's public keys")
        {
            keys, fmc, runtime, output, svn, eccIndex, pqcIndex, fmcLoad, fmcEntry, rtLoad, rtEntry, version,
        };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (!Address(parse.GetValue(fmcLoad), out var fmcLoadValue) || !Address(parse.GetValue(rtLoad), out var rtLoadValue)
                || !Address(parse.GetValue(fmcEntry) ?? parse.GetValue(fmcLoad), out var fmcEntryValue)
                || !Address(parse.GetValue(rtEntry) ?? parse.GetValue(rtLoad), out var rtEntryValue))
            {
                cli.Error("addresses are 32-bit numbers (decimal or 0x hex)");
                return ExitCodes.Usage;
            }

            using var engines = ImageCliSupport.Engines();
            using var keyDir = ImageCliSupport.OpenKeys(cli, parse.GetValue(keys)!, engines);
            var fmcBytes = ImageCliSupport.ReadInput(cli, parse.GetValue(fmc)!);
            var rtBytes = ImageCliSupport.ReadInput(cli, parse.GetValue(runtime)!);
            if (keyDir is null || fmcBytes is null || rtBytes is null)
            {
                return ExitCodes.Refused;
            }

            byte[] bundle;
            try
            {
                bundle = FirmwareBundleBuilder.Build(engines.Sha, new FirmwareBundleDescription
                {
                    PqcKeyType = keyDir.PqcKeyType,
                    VendorEccPublicKeys = keyDir.VendorEccPublicKeys,
                    VendorPqcPublicKeys = keyDir.VendorPqcPublicKeys,
                    VendorEccKeyIndex = (uint)parse.GetValue(eccIndex),
                    VendorPqcKeyIndex = (uint)parse.GetValue(pqcIndex),
                    Owner = keyDir.OwnerPublic,
                    Svn = parse.GetValue(svn),
                    Fmc = new BundleImageInput(fmcBytes, fmcLoadValue, fmcEntryValue, parse.GetValue(version), ReadOnlyMemory<byte>.Empty),
                    Runtime = new BundleImageInput(rtBytes, rtLoadValue, rtEntryValue, parse.GetValue(version), ReadOnlyMemory<byte>.Empty),
                }).ToArray();
            }
            catch (ArgumentException e)
            {
                cli.Error(e.Message);
                return ExitCodes.Refused;
            }

            if (!ImageCliSupport.WriteOutput(cli, parse.GetValue(output)!, bundle))
            {
                return ExitCodes.Refused;
            }

            return Inspect(cli, parse.GetValue(output)!, bundle);
        });
        return command;
    }

    private static Command CreateSign()
    {
        var keys = ImageCliSupport.KeysOption();
        var input = new Argument<string>("bundle") { Description = "Bundle to sign" };
        var output = new Option<string?>("--out", "-o") { Description = "Signed bundle (default: replace the input, atomically)" };
        var command = new Command("sign", "Sign a bundle with the key directory's active vendor keys and owner keys") { input, keys, output };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var engines = ImageCliSupport.Engines();
            using var keyDir = ImageCliSupport.OpenKeys(cli, parse.GetValue(keys)!, engines);
            var path = parse.GetValue(input)!;
            var bundle = ImageCliSupport.ReadInput(cli, path);
            if (keyDir is null || bundle is null)
            {
                return ExitCodes.Refused;
            }

            if (FirmwareBundle.TryRead(bundle, out var parsed) != WireStatus.Done)
            {
                cli.Error($"{path}: not a well-formed firmware bundle");
                return ExitCodes.Refused;
            }

            if (parsed!.VendorEccKeyIndex >= keyDir.Manifest.VendorEcc.Count || parsed.VendorPqcKeyIndex >= keyDir.Manifest.VendorPqc.Count)
            {
                cli.Error($"{path}: the bundle's active key indices are not in the key directory");
                return ExitCodes.Refused;
            }

            BundleSigningStatus status;
            try
            {
                var vendor = keyDir.VendorSigning((int)parsed.VendorEccKeyIndex, (int)parsed.VendorPqcKeyIndex);
                status = FirmwareBundleSigner.Sign(engines.Sha, bundle, vendor, keyDir.OwnerSigning());
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
            {
                cli.Error(e.Message);
                return ExitCodes.Refused;
            }

            if (status != BundleSigningStatus.Signed)
            {
                cli.Error($"{path}: {status}");
                return ExitCodes.Refused;
            }

            var target = parse.GetValue(output) ?? path;
            return ImageCliSupport.WriteOutput(cli, target, bundle) ? Inspect(cli, target, bundle) : ExitCodes.Refused;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var input = new Argument<string>("bundle") { Description = "Bundle to verify" };
        var keys = ImageCliSupport.KeysOption(required: false);
        var vendorHash = new Option<string?>("--vendor-pk-hash") { Description = "Vendor PK hash fuse (hex); default: from --keys" };
        var ownerHash = new Option<string?>("--owner-pk-hash") { Description = "Owner PK hash fuse (hex); default: from --keys, or unprovisioned" };
        var minSvn = new Option<uint>("--min-svn") { Description = "Fused minimum firmware SVN" };
        var antiRollback = new Option<bool>("--anti-rollback-disabled") { Description = "The anti-rollback disable fuse is blown" };
        var eccRevoked = new Option<string>("--ecc-revocation") { Description = "ECC revocation fuse bits", DefaultValueFactory = _ => "0" };
        var pqcRevoked = new Option<string>("--pqc-revocation") { Description = "LMS or ML-DSA revocation fuse bits", DefaultValueFactory = _ => "0" };
        var pqcFuse = new Option<string?>("--pqc") { Description = "Fused PQC key type (mldsa|lms); default: the key directory's" };
        pqcFuse.AcceptOnlyFromAmong("mldsa", "lms");
        var command = new Command("verify", "Apply every ROM check to a bundle against fuse values; exit 1 with the named verdict on failure")
        {
            input, keys, vendorHash, ownerHash, minSvn, antiRollback, eccRevoked, pqcRevoked, pqcFuse,
        };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var engines = ImageCliSupport.Engines();
            var path = parse.GetValue(input)!;
            byte[]? vendor = ImageCliSupport.TryParseHex(parse.GetValue(vendorHash));
            byte[]? owner = ImageCliSupport.TryParseHex(parse.GetValue(ownerHash));
            var pqcType = PqcKeyType.MlDsa87;
            if (parse.GetValue(keys) is { } keyPath)
            {
                using var keyDir = ImageCliSupport.OpenKeys(cli, keyPath, engines);
                if (keyDir is null)
                {
                    return ExitCodes.Refused;
                }

                pqcType = keyDir.PqcKeyType;
                vendor ??= FirmwareBundleBuilder.ComputeVendorPublicKeyHash(engines.Sha, keyDir.PqcKeyType, keyDir.VendorEccPublicKeys, keyDir.VendorPqcPublicKeys);
                owner ??= FirmwareBundleBuilder.ComputeOwnerPublicKeyHash(engines.Sha, keyDir.OwnerPublic);
            }

            if (vendor is not { Length: 48 } || (owner is not null && owner.Length != 48)
                || !ImageCliSupport.TryParseNumber(parse.GetValue(eccRevoked), out var ecc) || !ImageCliSupport.TryParseNumber(parse.GetValue(pqcRevoked), out var pqc))
            {
                cli.Error("give --keys or a 48-byte --vendor-pk-hash; hashes are 96 hex digits, revocations numbers");
                return ExitCodes.Usage;
            }

            var bundle = ImageCliSupport.ReadInput(cli, path);
            if (bundle is null)
            {
                return ExitCodes.Refused;
            }

            if (parse.GetValue(pqcFuse) is { } fusedPqc)
            {
                pqcType = fusedPqc == "lms" ? PqcKeyType.Lms : PqcKeyType.MlDsa87;
            }
            else if (parse.GetValue(keys) is null)
            {
                cli.Error("without --keys, give the fused PQC key type with --pqc mldsa|lms");
                return ExitCodes.Usage;
            }

            var fuses = new ImageVerificationFuses(vendor, pqcType, owner ?? new byte[48], (uint)ecc, (uint)pqc, (uint)pqc, parse.GetValue(minSvn), parse.GetValue(antiRollback));
            var verdict = FirmwareBundleVerifier.Verify(engines, bundle, fuses);
            return ImageCliSupport.ReportVerdict(cli, path, verdict);
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var input = new Argument<string>("bundle") { Description = "Bundle to inspect" };
        var command = new Command("inspect", "Show a bundle's preamble, header and TOC (structure only; use verify for authenticity)") { input };
        command.SetAction(parse =>
        {
            var cli = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            var path = parse.GetValue(input)!;
            var bundle = ImageCliSupport.ReadInput(cli, path);
            return bundle is null ? ExitCodes.Refused : Inspect(cli, path, bundle);
        });
        return command;
    }

    private static int Inspect(CliOutput cli, string path, byte[] bytes)
    {
        var status = FirmwareBundle.TryRead(bytes, out var bundle);
        if (status != WireStatus.Done)
        {
            cli.Error($"{path}: not a well-formed firmware bundle ({status})");
            return ExitCodes.Refused;
        }

        using var engines = ImageCliSupport.Engines();
        var vendorHash = new byte[48];
        var ownerHash = new byte[48];
        FirmwareBundleVerifier.TryComputeVendorPublicKeyHash(engines.Sha, bytes, vendorHash);
        FirmwareBundleVerifier.TryComputeOwnerPublicKeyHash(engines.Sha, bytes, ownerHash);
        var signed = bundle!.VendorEccSignature.Span.IndexOfAnyExcept((byte)0) >= 0;
        var report = new BundleReport(
            path, bytes.Length, bundle.PqcKeyType.ToString(), signed, bundle.Header.Svn, bundle.VendorEccKeyIndex, bundle.VendorPqcKeyIndex,
            bundle.VendorEccKeyHashes.Count, bundle.VendorPqcKeyHashes.Count, Convert.ToHexString(vendorHash), Convert.ToHexString(ownerHash),
            Convert.ToHexString(bundle.Header.TocDigest.Span),
            [Toc("FMC", bundle.Fmc), Toc("Runtime", bundle.Runtime)]);
        if (cli.Json)
        {
            cli.WriteJson(report);
            return ExitCodes.Ok;
        }

        ImageCliSupport.WriteFields(cli, $"Caliptra firmware bundle {path}", [
            ("size", report.Size.ToString(CultureInfo.InvariantCulture)),
            ("PQC key type", report.PqcKeyType),
            ("signed", report.Signed ? "yes" : "no"),
            ("firmware SVN", report.Svn.ToString(CultureInfo.InvariantCulture)),
            ("vendor ECC / PQC key index", $"{report.VendorEccKeyIndex} / {report.VendorPqcKeyIndex}"),
            ("descriptor ECC / PQC hashes", $"{report.EccKeyHashes} / {report.PqcKeyHashes}"),
            ("vendor PK hash (fuse)", report.VendorPkHash),
            ("owner PK hash (fuse)", report.OwnerPkHash),
            ("TOC digest", report.TocDigest),
        ]);
        var table = new Spectre.Console.Table().AddColumn("Image").AddColumn("Load").AddColumn("Entry").AddColumn("Offset").AddColumn("Size").AddColumn("SHA-384");
        foreach (var entry in report.Images)
        {
            table.AddRow(entry.Name, $"0x{entry.LoadAddress:X8}", $"0x{entry.EntryPoint:X8}", entry.Offset.ToString(CultureInfo.InvariantCulture), entry.Size.ToString(CultureInfo.InvariantCulture), entry.Sha384[..24] + "…");
        }

        cli.Console.Write(table);
        return ExitCodes.Ok;
    }

    private static TocReport Toc(string name, ImageTocEntry entry) =>
        new(name, entry.Id, entry.Version, entry.LoadAddress, entry.EntryPoint, entry.Offset, entry.Size, Convert.ToHexString(entry.Digest.Span));

    private static bool Address(string? text, out uint value)
    {
        value = 0;
        if (!ImageCliSupport.TryParseNumber(text, out var parsed) || parsed > uint.MaxValue)
        {
            return false;
        }

        value = (uint)parsed;
        return true;
    }

    private sealed record TocReport(string Name, uint Id, uint Version, uint LoadAddress, uint EntryPoint, uint Offset, uint Size, string Sha384);

    private sealed record BundleReport(
        string File, int Size, string PqcKeyType, bool Signed, uint Svn, uint VendorEccKeyIndex, uint VendorPqcKeyIndex,
        int EccKeyHashes, int PqcKeyHashes, string VendorPkHash, string OwnerPkHash, string TocDigest, IReadOnlyList<TocReport> Images);
}
