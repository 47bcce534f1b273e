using System.CommandLine;
using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Host.ChipState;
using Spectre.Console;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart lifecycle unlock --chip NAME [--token HEX | --level N --seed SEED]</c>: debug
/// unlock of a named virtual chip through its lifecycle controller. In Manufacturing the
/// manufacturing debug-unlock token is presented; in Production the controller issues a
/// 48-byte challenge for a level, the command signs the <see cref="DebugUnlockMessage"/> with
/// the development debug-unlock keys of that level (ECC P-384 over its SHA-384, ML-DSA-87 over
/// the message; derived from the chip's provisioning seed) and the controller checks the keys
/// against the fused hash and both signatures. Debug state lasts one power cycle, which for a
/// named chip is this command's run: nothing is written to the fuses.
/// </summary>
internal static class LifecycleUnlockCommand
{
    public static Command Create()
    {
        var chip = ChipSession.ChipOption();
        var stateDir = ChipSession.StateDirOption();
        var token = new Option<string?>("--token") { Description = "Manufacturing: the manufacturing debug-unlock token, hex (rampart fuses provision prints it)" };
        var level = new Option<int>("--level")
        {
            Description = "Production: the debug-unlock level (1-8) whose fused key hash authorizes the unlock",
            DefaultValueFactory = _ => DevelopmentProvisioning.DevelopmentDebugLevel,
        };
        var seed = new Option<string>("--seed")
        {
            Description = "Production: the seed phrase the chip was provisioned from (its development debug-unlock keys come from it)",
            DefaultValueFactory = _ => DevelopmentSecrets.DefaultSeed,
        };
        var command = new Command("unlock", "Debug unlock: a token in Manufacturing, a challenge signed with ECC P-384 and ML-DSA-87 in Production")
        {
            chip, stateDir, token, level, seed,
        };
        command.SetAction(parse =>
        {
            var output = CliOutput.For(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            byte[]? tokenBytes = null;
            var tokenHex = parse.GetValue(token);
            if (tokenHex is not null && (!FusesCommand.TryParseHex(tokenHex, out tokenBytes) || tokenBytes.Length == 0))
            {
                output.Error("--token must be hex digits (an even number of them)");
                return ExitCodes.Usage;
            }

            var levelValue = parse.GetValue(level);
            if (levelValue < 1 || levelValue > FuseLayout.DebugUnlockLevels)
            {
                output.Error($"--level must be 1 to {FuseLayout.DebugUnlockLevels}");
                return ExitCodes.Usage;
            }

            var seedValue = parse.GetValue(seed);
            if (string.IsNullOrEmpty(seedValue))
            {
                output.Error("--seed must not be empty");
                return ExitCodes.Usage;
            }

            using var session = ChipSession.Open(output, parse.GetValue(stateDir), parse.GetValue(chip)!, createIfMissing: false);
            if (session is null)
            {
                return ExitCodes.Refused;
            }

            var state = session.Lifecycle.State;
            UnlockResult result;
            LifecycleStatus status;
            if (tokenBytes is not null || state != LifecycleState.Production)
            {
                status = session.Lifecycle.UnlockDebugWithToken(tokenBytes ?? []);
                result = new UnlockResult(session.Name, state, "token", null, null, session.Lifecycle.Debug);
            }
            else
            {
                var challenge = new byte[DebugUnlockMessage.ChallengeSize];
                status = session.Lifecycle.CreateDebugUnlockChallenge(levelValue, challenge);
                if (status == LifecycleStatus.Ok)
                {
                    status = Respond(session, new DevelopmentSecrets(seedValue), levelValue, challenge);
                }

                result = new UnlockResult(session.Name, state, "challenge", levelValue, Convert.ToHexStringLower(challenge), session.Lifecycle.Debug);
            }

            if (status != LifecycleStatus.Ok)
            {
                output.Error($"refused: {status}: {Explain(status, state)}. Debug stays locked.");
                return ExitCodes.Refused;
            }

            if (output.Json)
            {
                output.WriteJson(result);
            }
            else
            {
                var how = result.Level is { } l ? $"challenge {result.Challenge} signed at level {l}" : "manufacturing debug-unlock token";
                output.Console.MarkupLine($"chip [bold]{Markup.Escape(result.Chip)}[/] ({state}): debug [bold]{result.Debug}[/] by {how}; key vault zeroized; lasts this power cycle only");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Signs the debug-unlock message with the development keys of <paramref name="level"/> and presents it.</summary>
    private static LifecycleStatus Respond(ChipSession session, DevelopmentSecrets secrets, int level, byte[] challenge)
    {
        var engines = session.Engines;
        var message = new byte[DebugUnlockMessage.Size];
        DebugUnlockMessage.Write(level, challenge, message);

        var eccPrivate = new byte[P384.PrivateKeySize];
        var eccPublic = new byte[P384.PublicKeySize];
        var eccSignature = new byte[P384.SignatureSize];
        var mlDsaPrivate = new byte[MlDsa87.PrivateKeySize];
        var mlDsaPublic = new byte[MlDsa87.PublicKeySize];
        var mlDsaSignature = new byte[MlDsa87.SignatureSize];
        var eccSeed = secrets.DebugUnlockKeySeed(level, "ecc");
        var mlDsaSeed = secrets.DebugUnlockKeySeed(level, "mldsa");
        try
        {
            engines.Ecc.DeriveKeyPair(eccSeed, eccPrivate, eccPublic);
            engines.Ecc.Sign(eccPrivate, SHA384.HashData(message), eccSignature);
            engines.MlDsa.DeriveKeyPair(mlDsaSeed.AsSpan(0, MlDsa87.SeedSize), mlDsaPrivate, mlDsaPublic);
            engines.MlDsa.Sign(mlDsaPrivate, message, mlDsaSignature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(eccPrivate);
            CryptographicOperations.ZeroMemory(mlDsaPrivate);
            CryptographicOperations.ZeroMemory(eccSeed);
            CryptographicOperations.ZeroMemory(mlDsaSeed);
        }

        return session.Lifecycle.UnlockDebugWithSignature(eccPublic, mlDsaPublic, eccSignature, mlDsaSignature);
    }

    private static string Explain(LifecycleStatus status, LifecycleState state) => status switch
    {
        LifecycleStatus.DebugUnlockNotAllowed => $"debug unlock is possible in Manufacturing (token) and Production (challenge), not in {state}",
        LifecycleStatus.TokenRequired => "Manufacturing needs the manufacturing debug-unlock token (--token HEX)",
        LifecycleStatus.WrongToken => "the token does not match the manufacturing debug-unlock token hash in the fuses",
        LifecycleStatus.TokenNotProvisioned => "no manufacturing debug-unlock token hash was fused",
        LifecycleStatus.KeyHashMismatch => "the signer's keys do not hash to the key hash fused for this level (another --seed or --level?)",
        LifecycleStatus.SignatureInvalid => "a signature over the challenge did not verify",
        LifecycleStatus.FuseFault => "the fuses failed their integrity check",
        _ => status.ToString(),
    };

    private sealed record UnlockResult(string Chip, LifecycleState State, string Method, int? Level, string? Challenge, DebugState Debug);
}
