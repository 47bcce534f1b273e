using System.CommandLine;
using System.Text;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;
using Rampart.Identity.X509;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart identity export [--chip NAME [--state-dir DIR]] --out DIR [--seed HEX] [--json]</c>:
/// runs the DICE flow of a chip (a named one from its fuses, or a throw-away development chip
/// from the seed) and writes its ECC P-384 and ML-DSA-87 certificate chains as PEM, from the
/// development manufacturer CA to the deepest layer that exists; <c>rampart identity verify
/// --chain FILE [--root FILE]</c> checks such a chain with Rampart's own verifier.
/// </summary>
internal static class IdentityCommand
{
    /// <summary>The seed used without <c>--seed</c>: the bytes of "rampart-dev".</summary>
    public const string DefaultSeedHex = "72616D706172742D646576";

    /// <summary>Key-vault slots the export's DICE flow loads the UDS and field entropy into.</summary>
    private static readonly KeySlotId UdsSlot = new(0);
    private static readonly KeySlotId FieldEntropySlot = new(1);

    public static Command Create()
    {
        var command = new Command("identity", "The DICE identity of a virtual chip: certificates and CSRs");
        command.Subcommands.Add(CreateExport());
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    private static Command CreateVerify()
    {
        var chainFile = new Option<string>("--chain") { Description = "PEM file with the chain, root first (as export writes chain-ecc.pem / chain-mldsa.pem)", Required = true };
        var rootFile = new Option<string?>("--root") { Description = "PEM file with the trusted root; the chain's first certificate must equal it" };
        var command = new Command("verify", "Verify a DICE certificate chain (ECC P-384 or ML-DSA-87): chaining, CA constraints and every signature")
        {
            chainFile, rootFile,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            string chainText;
            string? rootText = null;
            try
            {
                chainText = File.ReadAllText(parse.GetValue(chainFile)!);
                if (parse.GetValue(rootFile) is { } root)
                {
                    rootText = File.ReadAllText(root);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Error(e.Message);
                return ExitCodes.Refused;
            }

            var certificates = Pem.DecodeAll(chainText, Pem.CertificateLabel);
            var trusted = ReadOnlyMemory<byte>.Empty;
            if (rootText is not null)
            {
                var roots = Pem.DecodeAll(rootText, Pem.CertificateLabel);
                if (roots.Count != 1)
                {
                    output.Error($"--root holds {roots.Count} certificates; it must hold exactly one");
                    return ExitCodes.Refused;
                }

                trusted = roots[0];
            }

            using var engines = new SoftwareCryptoEngines(Encoding.UTF8.GetBytes("rampart identity verify"));
            var result = ChainVerifier.Verify(engines, certificates.Select(c => (ReadOnlyMemory<byte>)c).ToList(), trusted);
            var subjects = certificates.Select(SubjectOf).ToList();
            var report = new VerifyResult(result.IsValid, result.Error.ToString(), result.Index, subjects);
            if (output.Json)
            {
                output.WriteJson(report);
            }
            else if (result.IsValid)
            {
                output.Console.MarkupLine($"[green]valid[/]: {certificates.Count} certificates, {Markup.Escape(string.Join(" → ", subjects.Select(s => s ?? "?")))}");
            }
            else
            {
                var where = result.Index >= 0 && result.Index < subjects.Count ? $" at certificate {result.Index} ({subjects[result.Index] ?? "unparsable"})" : "";
                output.Console.MarkupLine($"[red]rejected[/]: {result.Error}{Markup.Escape(where)}");
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    private static Command CreateExport()
    {
        var chip = new Option<string?>("--chip") { Description = "Name of a provisioned virtual chip (default: a throw-away development chip made from --seed)" };
        var stateDir = ChipSession.StateDirOption();
        var outDir = new Option<string>("--out") { Description = "Directory to write the PEM files into (created if missing)", Required = true };
        var seed = new Option<string>("--seed")
        {
            Description = "Seed (hex) of the throw-away chip and of the development manufacturer CA",
            DefaultValueFactory = _ => DefaultSeedHex,
        };
        var command = new Command("export", "Write the chip's ECC and ML-DSA certificate chains (manufacturer CA → IDevID → LDevID …) and IDevID CSRs as PEM")
        {
            chip, stateDir, outDir, seed,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            byte[] seedBytes;
            try
            {
                seedBytes = Convert.FromHexString(parse.GetValue(seed)!);
            }
            catch (FormatException)
            {
                output.Error($"--seed '{parse.GetValue(seed)}' is not hex");
                return ExitCodes.Usage;
            }

            if (seedBytes.Length == 0)
            {
                output.Error("--seed is empty");
                return ExitCodes.Usage;
            }

            var chipName = parse.GetValue(chip);
            (DiceChain Ecc, DiceChain MlDsa)? chains = chipName is null
                ? ThrowAwayChip(seedBytes)
                : NamedChip(output, parse.GetValue(stateDir), chipName, seedBytes);
            if (chains is not { } built)
            {
                return ExitCodes.Refused;
            }

            var files = Write(output, parse.GetValue(outDir)!, built);
            if (files is null)
            {
                return ExitCodes.Refused;
            }

            var result = new ExportResult(chipName ?? "throw-away", chipName is null ? Convert.ToHexString(seedBytes) : null, DiceCertificates.LayerName(built.Ecc.DeepestLayer), Path.GetFullPath(parse.GetValue(outDir)!), files);
            if (output.Json)
            {
                output.WriteJson(result);
                return ExitCodes.Ok;
            }

            output.Console.MarkupLine($"DICE identity of chip [bold]{Markup.Escape(result.Chip)}[/] (deepest layer: {Markup.Escape(result.DeepestLayer)}) written to [grey]{Markup.Escape(result.Directory)}[/]");
            var table = new Table().AddColumn("File").AddColumn("Kind").AddColumn("Subject");
            foreach (var file in files)
            {
                table.AddRow(Markup.Escape(file.Name), Markup.Escape(file.Kind), Markup.Escape(file.Subject ?? ""));
            }

            output.Console.Write(table);
            output.Console.MarkupLine("[grey]check: openssl verify -CAfile ca-ecc.pem -untrusted chain-ecc.pem ldevid-ecc.pem[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (DiceChain Ecc, DiceChain MlDsa) ThrowAwayChip(byte[] seed)
    {
        using var engines = new SoftwareCryptoEngines(seed);
        using var device = DevelopmentDevice.FromSeed(engines.Kdf, seed);
        using var ca = DevelopmentManufacturerCa.FromSeed(engines, device.CaSeed);
        using var source = new SoftwareDiceKeySource(engines);
        var inputs = new DiceChainInputs(device.Ueid, DebugUnlocked: false, Production: true, Fmc: null, Runtime: null);
        return DiceChainBuilder.Build(engines, source, source.Import(device.Uds), source.Import(device.FieldEntropy), ca, inputs);
    }

    private static (DiceChain Ecc, DiceChain MlDsa)? NamedChip(CliOutput output, string? stateDir, string name, byte[] caSeed)
    {
        using var session = ChipSession.Open(output, stateDir, name, createIfMissing: false);
        if (session is null)
        {
            return null;
        }

        if (session.Fuses.IsBlank(FusePartition.UdsSeed) || session.Fuses.IsBlank(FusePartition.FieldEntropy))
        {
            output.Error($"chip '{name}' has no UDS or field entropy fused yet; provision it first: rampart fuses provision --chip {name}");
            return null;
        }

        // As the ROM does at cold boot: the fuse controller loads the secrets into the key vault, and the
        // DICE flow runs on vault slots (the private keys never leave the vault).
        var uds = session.Fuses.LoadSecret(FusePartition.UdsSeed, session.Vault, UdsSlot, KeyUsage.Derive);
        var fieldEntropy = session.Fuses.LoadSecret(FusePartition.FieldEntropy, session.Vault, FieldEntropySlot, KeyUsage.Derive);
        if (uds != FuseStatus.Ok || fieldEntropy != FuseStatus.Ok)
        {
            output.Error($"chip '{name}': the fuse controller refused to load its secrets ({uds}, {fieldEntropy})");
            return null;
        }

        using var device = DevelopmentDevice.FromSeed(session.Engines.Kdf, caSeed);
        using var ca = DevelopmentManufacturerCa.FromSeed(session.Engines, device.CaSeed);
        var freeSlots = Enumerable.Range(2, KeySlotId.Count - 2).Select(i => new KeySlotId((byte)i));
        var source = new VaultDiceKeySource(session.Vault, session.Engines.Sha, freeSlots);
        var state = session.Lifecycle.State;
        var production = state is LifecycleState.Production or LifecycleState.ProdEnd;
        var ueid = new byte[FuseLayout.UeidSize];
        if (session.Fuses.ReadUeid(ueid) != FuseStatus.Ok)
        {
            output.Error($"chip '{name}': its UEID fuse cannot be read");
            return null;
        }

        var inputs = new DiceChainInputs(ueid, session.Lifecycle.Debug == DebugState.Unlocked, production, Fmc: null, Runtime: null);
        try
        {
            return DiceChainBuilder.Build(session.Engines, source, VaultDiceKeySource.Adopt(UdsSlot), VaultDiceKeySource.Adopt(FieldEntropySlot), ca, inputs);
        }
        catch (DiceKeySourceException e)
        {
            output.Error($"chip '{name}': {e.Message}");
            return null;
        }
    }

    private static List<ExportedFile>? Write(CliOutput output, string directory, (DiceChain Ecc, DiceChain MlDsa) chains)
    {
        var files = new List<ExportedFile>();
        var contents = new List<(string Name, string Text)>();
        foreach (var chain in new[] { chains.Ecc, chains.MlDsa })
        {
            var suffix = chain.Algorithm == DiceKeyAlgorithm.EccP384 ? "ecc" : "mldsa";
            var algorithm = DiceCertificates.AlgorithmName(chain.Algorithm);
            for (var i = 0; i < chain.Certificates.Count; i++)
            {
                var layer = i == 0 ? "ca" : FileStem((DiceLayer)(i - 1));
                var name = $"{layer}-{suffix}.pem";
                contents.Add((name, Pem.Encode(Pem.CertificateLabel, chain.Certificates[i])));
                files.Add(new ExportedFile(name, i == 0 ? "manufacturer CA certificate" : "certificate", algorithm, i == 0 ? null : DiceCertificates.LayerName((DiceLayer)(i - 1)), SubjectOf(chain.Certificates[i])));
            }

            var chainName = $"chain-{suffix}.pem";
            contents.Add((chainName, Pem.EncodeCertificates(chain.Certificates.Select(c => (ReadOnlyMemory<byte>)c))));
            files.Add(new ExportedFile(chainName, $"chain (CA first, {chain.Certificates.Count} certificates)", algorithm, DiceCertificates.LayerName(chain.DeepestLayer), null));
            var csrName = $"idevid-csr-{suffix}.pem";
            contents.Add((csrName, Pem.Encode(Pem.CertificateRequestLabel, chain.IdevIdCsr)));
            files.Add(new ExportedFile(csrName, "IDevID CSR", algorithm, DiceCertificates.LayerName(DiceLayer.IdevId), null));
        }

        try
        {
            Directory.CreateDirectory(directory);
            foreach (var (name, text) in contents)
            {
                File.WriteAllText(Path.Combine(directory, name), text, new UTF8Encoding(false));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.Error($"cannot write to {directory}: {e.Message}");
            return null;
        }

        return files;
    }

    private static string FileStem(DiceLayer layer) => layer switch
    {
        DiceLayer.IdevId => "idevid",
        DiceLayer.LdevId => "ldevid",
        DiceLayer.FmcAlias => "fmc-alias",
        _ => "rt-alias",
    };

    private static string? SubjectOf(byte[] certificate) =>
        ParsedCertificate.TryParse(certificate, out var parsed) == Wire.WireStatus.Done && parsed is not null
            ? DiceName.CommonNameOf(parsed.Subject)
            : null;

    private sealed record ExportedFile(string Name, string Kind, string Algorithm, string? Layer, string? Subject);

    private sealed record VerifyResult(bool Valid, string Error, int Index, IReadOnlyList<string?> Subjects);

    private sealed record ExportResult(string Chip, string? Seed, string DeepestLayer, string Directory, IReadOnlyList<ExportedFile> Files);
}
