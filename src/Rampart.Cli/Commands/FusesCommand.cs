using System.CommandLine;
using System.Globalization;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Platform.Security;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart fuses show|provision|burn --chip NAME [--state-dir DIR]</c>: the OTP fuses of a
/// named virtual chip, kept in its state directory.
/// </summary>
internal static class FusesCommand
{
    public static Command Create()
    {
        var command = new Command("fuses", "Inspect, provision and burn the OTP fuses of a named virtual chip");
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateProvision());
        command.Subcommands.Add(CreateBurn());
        return command;
    }

    private static Command CreateShow()
    {
        var chip = ChipSession.ChipOption();
        var stateDir = ChipSession.StateDirOption();
        var command = new Command("show", "Show every fuse partition, its lock and its value (secrets only as burned/blank)") { chip, stateDir };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var session = ChipSession.Open(output, parse.GetValue(stateDir), parse.GetValue(chip)!, createIfMissing: false);
            if (session is null)
            {
                return ExitCodes.Refused;
            }

            var report = FuseReport.Create(session.Name, session.StateFile, session.Fuses, session.Fuses.ReadRaw, session.Lifecycle);
            if (output.Json)
            {
                output.WriteJson(report);
                return ExitCodes.Ok;
            }

            output.Console.MarkupLine($"[bold]chip[/] {Markup.Escape(report.Chip)}  [grey]{Markup.Escape(report.StateFile)}[/]");
            output.Console.MarkupLine($"[bold]lifecycle[/] {report.Lifecycle} ({report.TransitionCount} transitions; Caliptra sees {report.CaliptraLifecycle})");
            output.Console.MarkupLine(report.Ueid is null ? "[bold]UEID[/] not fused: the certificates carry the UEID derived from the IDevID key" : $"[bold]UEID[/] {report.Ueid}");
            var table = new Table().AddColumn("Partition").AddColumn("Bytes").AddColumn("Locked").AddColumn("Value");
            foreach (var p in report.Partitions)
            {
                table.AddRow(p.Name, p.Size.ToString(CultureInfo.InvariantCulture), p.Locked ? "yes" : "no", Markup.Escape(p.Summary));
            }

            output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateProvision()
    {
        var chip = ChipSession.ChipOption();
        var stateDir = ChipSession.StateDirOption();
        var seed = new Option<string>("--seed")
        {
            Description = "Seed phrase the development secrets are derived from (same seed, same chip)",
            DefaultValueFactory = _ => DevelopmentSecrets.DefaultSeed,
        };
        var lifecycle = new Option<string>("--lifecycle")
        {
            Description = "Lifecycle state to walk the chip to (Raw, TestUnlocked, TestLocked, Manufacturing, Production, ProdEnd)",
            DefaultValueFactory = _ => nameof(LifecycleState.Production),
        };
        var vendor = new Option<string?>("--vendor-pk-hash") { Description = "SHA-384 of the vendor public-key descriptor (96 hex digits)" };
        var owner = new Option<string?>("--owner-pk-hash") { Description = "SHA-384 of the owner public key (96 hex digits)" };
        var command = new Command("provision", "Provision a development chip: UDS, field entropy, lifecycle tokens and debug-unlock key from a seed, then set its lifecycle")
        {
            chip, stateDir, seed, lifecycle, vendor, owner,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (!ChipSession.TryParseState(parse.GetValue(lifecycle), out var target) || target is LifecycleState.Rma or LifecycleState.Scrap)
            {
                output.Error($"'{parse.GetValue(lifecycle)}' is not a lifecycle state provisioning can reach (Raw, TestUnlocked, TestLocked, Manufacturing, Production, ProdEnd)");
                return ExitCodes.Usage;
            }

            if (!TryParseHash(output, "--vendor-pk-hash", parse.GetValue(vendor), out var vendorHash)
                || !TryParseHash(output, "--owner-pk-hash", parse.GetValue(owner), out var ownerHash))
            {
                return ExitCodes.Usage;
            }

            using var session = ChipSession.Open(output, parse.GetValue(stateDir), parse.GetValue(chip)!, createIfMissing: true);
            if (session is null)
            {
                return ExitCodes.Refused;
            }

            var provisioning = new DevelopmentProvisioning(session.Fuses, session.Fuses.ReadRaw, session.Lifecycle, session.Engines, new DevelopmentSecrets(parse.GetValue(seed)!));
            var failure = provisioning.Run(target, vendorHash, ownerHash);
            if (failure is not null)
            {
                output.Error(failure + "; the chip's fuse file is unchanged");
                return ExitCodes.Refused;
            }

            if (!session.Save())
            {
                return ExitCodes.Refused;
            }

            var done = provisioning.Result();
            var result = new ProvisionResult(session.Name, session.StateFile, done.Seed, done.Lifecycle, done.Tokens.ToDictionary(t => t.Key, t => t.Value), done.DebugUnlockLevel);
            if (output.Json)
            {
                output.WriteJson(result);
                return ExitCodes.Ok;
            }

            output.Console.MarkupLine($"provisioned development chip [bold]{Markup.Escape(result.Chip)}[/] from seed '{Markup.Escape(result.Seed)}': lifecycle [bold]{result.Lifecycle}[/]");
            var table = new Table().AddColumn("Development token").AddColumn("Value (hex)");
            foreach (var (name, hex) in done.Tokens)
            {
                table.AddRow(name, hex);
            }

            output.Console.Write(table);
            output.Console.MarkupLine($"[grey]{Markup.Escape(result.StateFile)}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateBurn()
    {
        var chip = ChipSession.ChipOption();
        var stateDir = ChipSession.StateDirOption();
        var partition = new Option<string>("--partition") { Description = "Partition name (e.g. OwnerKeys, Svn, Revocation, AntiRollback)", Required = true };
        var offset = new Option<int>("--offset") { Description = "Byte offset inside the partition", DefaultValueFactory = _ => 0 };
        var value = new Option<string?>("--value") { Description = "Bytes to burn, hex; every bit already 1 must stay 1" };
        var lockPartition = new Option<bool>("--lock") { Description = "Lock the partition after burning (no more writes, ever)" };
        var command = new Command("burn", "Burn bits into a fuse partition (bits only go 0→1) and optionally lock it")
        {
            chip, stateDir, partition, offset, value, lockPartition,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (!Enum.TryParse<FusePartition>(parse.GetValue(partition), ignoreCase: true, out var id) || !FuseLayout.IsDefined(id)
                || int.TryParse(parse.GetValue(partition), out _))
            {
                output.Error($"'{parse.GetValue(partition)}' is not a fuse partition; one of: {string.Join(", ", FuseLayout.All.ToArray())}");
                return ExitCodes.Usage;
            }

            byte[] bytes = [];
            var hex = parse.GetValue(value);
            if (hex is not null && !TryParseHex(hex, out bytes))
            {
                output.Error("--value must be hex digits (an even number of them)");
                return ExitCodes.Usage;
            }

            var doLock = parse.GetValue(lockPartition);
            if (bytes.Length == 0 && !doLock)
            {
                output.Error("nothing to do: give --value HEX and/or --lock");
                return ExitCodes.Usage;
            }

            using var session = ChipSession.Open(output, parse.GetValue(stateDir), parse.GetValue(chip)!, createIfMissing: false);
            if (session is null)
            {
                return ExitCodes.Refused;
            }

            var at = parse.GetValue(offset);
            var status = bytes.Length > 0 ? session.Fuses.Program(id, at, bytes) : FuseStatus.Ok;
            if (status == FuseStatus.Ok && doLock)
            {
                status = session.Fuses.Lock(id);
            }

            if (status != FuseStatus.Ok)
            {
                output.Error($"refused: {status}: {Explain(status, id, at, bytes.Length)}. Nothing was burned.");
                return ExitCodes.Refused;
            }

            if (!session.Save())
            {
                return ExitCodes.Refused;
            }

            var result = new BurnResult(session.Name, id.ToString(), at, Convert.ToHexStringLower(bytes), session.Fuses.IsLocked(id));
            if (output.Json)
            {
                output.WriteJson(result);
            }
            else
            {
                output.Console.MarkupLine($"burned {bytes.Length} byte(s) into [bold]{id}[/] at offset {at}{(result.Locked ? "; partition locked" : string.Empty)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A human explanation of a fuse refusal.</summary>
    internal static string Explain(FuseStatus status, FusePartition partition, int offset, int length) => status switch
    {
        FuseStatus.WouldClearBits => $"fuses only go 0→1, and this value would clear bits already burned in {partition} at offset {offset}",
        FuseStatus.PartitionLocked => $"{partition} is locked; it takes no more writes",
        FuseStatus.OutOfRange => $"{length} byte(s) at offset {offset} do not fit in {partition} ({FuseLayout.SizeOf(partition)} bytes)",
        FuseStatus.DigestMismatch => $"{partition} no longer matches its digest",
        _ => status.ToString(),
    };

    internal static bool TryParseHex(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 2 != 0 || !text.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(text);
        return true;
    }

    private static bool TryParseHash(CliOutput output, string option, string? text, out byte[]? hash)
    {
        hash = null;
        if (text is null)
        {
            return true;
        }

        if (!TryParseHex(text, out var bytes) || bytes.Length != FuseLayout.HashSize)
        {
            output.Error($"{option} must be 96 hex digits (a SHA-384 hash)");
            return false;
        }

        hash = bytes;
        return true;
    }

    private sealed record ProvisionResult(string Chip, string StateFile, string Seed, LifecycleState Lifecycle, IReadOnlyDictionary<string, string> Tokens, int DebugUnlockLevel);

    private sealed record BurnResult(string Chip, string Partition, int Offset, string Value, bool Locked);
}

/// <summary>
/// A named chip opened from its state directory: the fuse file imported into a fuse
/// controller, with a key vault and lifecycle controller over it. Errors are printed and
/// <see cref="Open"/> returns null; nothing is written until <see cref="Save"/>.
/// </summary>
internal sealed class ChipSession : IDisposable
{
    private readonly ChipStateStore _store;
    private readonly CliOutput _output;

    private ChipSession(CliOutput output, ChipStateStore store, string name, OtpFuseController fuses)
    {
        _output = output;
        _store = store;
        Name = name;
        Fuses = fuses;
        Engines = new Rampart.Crypto.SoftwareCryptoEngines(System.Text.Encoding.UTF8.GetBytes("rampart chip " + name));
        Vault = new KeyVault(Engines);
        Lifecycle = new LifecycleController(fuses, Vault, Engines);
    }

    public string Name { get; }

    public string StateFile => Path.Combine(_store.ChipDirectory(Name), ChipStateStore.FuseFileName);

    public OtpFuseController Fuses { get; }

    public Rampart.Crypto.SoftwareCryptoEngines Engines { get; }

    public KeyVault Vault { get; }

    public LifecycleController Lifecycle { get; }

    public static Option<string> ChipOption() => new("--chip") { Description = "Name of the virtual chip", Required = true };

    public static Option<string?> StateDirOption() => new("--state-dir") { Description = "Directory holding the chips' state (default: the user's data folder)" };

    public static bool TryParseState(string? text, out LifecycleState state)
    {
        state = LifecycleState.Invalid;
        var match = LifecycleTransitions.States.Where(s => string.Equals(s.ToString(), text, StringComparison.OrdinalIgnoreCase)).ToList();
        if (match.Count != 1)
        {
            return false;
        }

        state = match[0];
        return true;
    }

    public static ChipSession? Open(CliOutput output, string? stateDir, string name, bool createIfMissing)
    {
        if (!ChipStateStore.IsValidChipName(name))
        {
            output.Error($"'{name}' is not a valid chip name (letters, digits, '-', '_', '.'; at most 64; not starting with '.')");
            return null;
        }

        var store = new ChipStateStore(stateDir);
        var fuses = new OtpFuseController();
        var status = store.ReadFuses(name, out var image);
        var file = Path.Combine(store.ChipDirectory(name), ChipStateStore.FuseFileName);
        switch (status)
        {
            case ChipStateStatus.Ok:
                var imported = fuses.Import(image);
                if (imported != FuseStatus.Ok)
                {
                    output.Error($"the fuse file of chip '{name}' ({file}) was refused: {imported} (a partition does not match its digest); it is not used");
                    return null;
                }

                break;
            case ChipStateStatus.NotFound when createIfMissing:
                break;
            case ChipStateStatus.NotFound:
                output.Error($"chip '{name}' has no fuse file under {store.Root}; provision it first: rampart fuses provision --chip {name}");
                return null;
            case ChipStateStatus.Corrupted:
                output.Error($"the fuse file of chip '{name}' ({file}) is corrupted: its SHA-384 digest does not match; refusing to use it");
                return null;
            case ChipStateStatus.Malformed:
                output.Error($"{file} is not a Rampart fuse file (bad magic, version, kind or length); refusing to use it");
                return null;
            default:
                output.Error($"cannot read {file}: {status}");
                return null;
        }

        return new ChipSession(output, store, name, fuses);
    }

    public bool Save()
    {
        var status = _store.WriteFuses(Name, Fuses.Export());
        if (status != ChipStateStatus.Ok)
        {
            _output.Error($"cannot write {StateFile}: {status}");
            return false;
        }

        return true;
    }

    public void Dispose() => Engines.Dispose();
}
