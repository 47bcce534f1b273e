using System.CommandLine;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Rampart.Platform.Security;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart lifecycle show|transition|unlock --chip NAME [--state-dir DIR]</c>: the lifecycle state of
/// a named virtual chip, token-gated transitions recorded in its fuses, and debug unlock
/// (<see cref="LifecycleUnlockCommand"/>).
/// </summary>
internal static class LifecycleCommand
{
    public static Command Create()
    {
        var command = new Command("lifecycle", "Show or change the lifecycle state of a named virtual chip, or unlock debug");
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateTransition());
        command.Subcommands.Add(LifecycleUnlockCommand.Create());
        return command;
    }

    private static Command CreateShow()
    {
        var chip = ChipSession.ChipOption();
        var stateDir = ChipSession.StateDirOption();
        var command = new Command("show", "Show the lifecycle state, the transitions used and what the Caliptra core sees") { chip, stateDir };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            using var session = ChipSession.Open(output, parse.GetValue(stateDir), parse.GetValue(chip)!, createIfMissing: false);
            if (session is null)
            {
                return ExitCodes.Refused;
            }

            var state = session.Lifecycle.State;
            var next = LifecycleTransitions.States
                .Where(to => LifecycleTransitions.IsLegal(state, to, out _))
                .Select(to => LifecycleTransitions.IsLegal(state, to, out var token) && token is { } t ? $"{to} (token {t})" : to.ToString())
                .ToList();
            var info = new LifecycleInfo(session.Name, state, session.Lifecycle.TransitionCount, FuseLayout.LifecycleRecordSize, FuseReport.CaliptraView(state), next);
            if (output.Json)
            {
                output.WriteJson(info);
                return ExitCodes.Ok;
            }

            output.Console.MarkupLine($"[bold]chip[/] {Markup.Escape(info.Chip)}: lifecycle [bold]{info.State}[/] ({info.TransitionCount} of {info.TransitionLimit} transitions used; Caliptra sees {info.CaliptraLifecycle})");
            output.Console.MarkupLine("legal next states: " + Markup.Escape(next.Count == 0 ? "none" : string.Join(", ", next)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateTransition()
    {
        var chip = ChipSession.ChipOption();
        var stateDir = ChipSession.StateDirOption();
        var to = new Option<string>("--to") { Description = "Target state: TestUnlocked, TestLocked, Manufacturing, Production, ProdEnd, Rma or Scrap", Required = true };
        var token = new Option<string?>("--token") { Description = "The transition token, hex (rampart fuses provision prints a development chip's tokens)" };
        var command = new Command("transition", "Move the chip to another lifecycle state, presenting a token when the transition needs one")
        {
            chip, stateDir, to, token,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (!ChipSession.TryParseState(parse.GetValue(to), out var target))
            {
                output.Error($"'{parse.GetValue(to)}' is not a lifecycle state; one of: {string.Join(", ", LifecycleTransitions.States)}");
                return ExitCodes.Usage;
            }

            byte[] tokenBytes = [];
            var tokenHex = parse.GetValue(token);
            if (tokenHex is not null && !FusesCommand.TryParseHex(tokenHex, out tokenBytes))
            {
                output.Error("--token must be hex digits (an even number of them)");
                return ExitCodes.Usage;
            }

            using var session = ChipSession.Open(output, parse.GetValue(stateDir), parse.GetValue(chip)!, createIfMissing: false);
            if (session is null)
            {
                return ExitCodes.Refused;
            }

            var from = session.Lifecycle.State;
            var status = session.Lifecycle.Transition(target, tokenBytes);
            if (status != LifecycleStatus.Ok)
            {
                output.Error($"refused: {status}: {Explain(status, from, target)}. The chip is unchanged.");
                return ExitCodes.Refused;
            }

            if (!session.Save())
            {
                return ExitCodes.Refused;
            }

            var result = new TransitionResult(session.Name, from, target, session.Lifecycle.TransitionCount, LifecycleTransitions.Zeroizes(target));
            if (output.Json)
            {
                output.WriteJson(result);
            }
            else
            {
                output.Console.MarkupLine($"chip [bold]{Markup.Escape(result.Chip)}[/]: {from} → [bold]{target}[/]{(result.KeyVaultZeroized ? " (key vault zeroized)" : string.Empty)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Explain(LifecycleStatus status, LifecycleState from, LifecycleState to) => status switch
    {
        LifecycleStatus.IllegalTransition => $"{from} → {to} is not a legal lifecycle transition",
        LifecycleStatus.WrongToken => $"the token for {from} → {to} does not match the hash in the fuses",
        LifecycleStatus.TokenRequired => $"{from} → {to} needs a token (--token HEX)",
        LifecycleStatus.TokenNotProvisioned => "the token for this transition was never fused, so nothing can authorize it",
        LifecycleStatus.TransitionLimitReached => "the fuse transition record is full; only Scrap remains",
        LifecycleStatus.FuseFault => "the lifecycle fuses failed their integrity check",
        LifecycleStatus.CorruptState => "the recorded lifecycle state is not valid",
        _ => status.ToString(),
    };

    private sealed record LifecycleInfo(string Chip, LifecycleState State, int TransitionCount, int TransitionLimit, string CaliptraLifecycle, IReadOnlyList<string> LegalNext);

    private sealed record TransitionResult(string Chip, LifecycleState From, LifecycleState To, int TransitionCount, bool KeyVaultZeroized);
}
