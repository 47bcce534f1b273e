namespace Rampart.Hal.Security;

/// <summary>
/// Whether the chip may hand a session secret out for debugging. Hardened values: no single
/// flipped bit turns a refusal into a permission.
/// </summary>
public enum DebugSecretPermission : uint
{
    /// <summary>Not a development chip: secrets never leave Caliptra.</summary>
    Refused = 0x3CA5_5AC3,

    /// <summary>A development chip: a secret may be exported for a debugger such as DMTF's spdm_dump.</summary>
    Allowed = 0xC35A_A53C,
}

/// <summary>
/// What a "development chip" is (decision 0276). A chip whose lifecycle never reached Production —
/// Raw, TestUnlocked, TestLocked or Manufacturing, the states its DICE certificates already mark
/// NotSecure — or whose debug access is unlocked (a production chip its owner unlocked with the
/// signed debug-unlock challenge, which zeroized the key vault; the certificates then carry the
/// Debug flag). Everything else is refused: Production and ProdEnd with debug locked, RMA (reached
/// from the field), Scrap, a corrupt transition record, and any state this list does not name. The
/// Caliptra runtime asks at every export (it holds the secrets, so its answer is the one that
/// counts); host tools ask too, to refuse a command line before booting a chip that would refuse.
/// </summary>
public static class DebugSecretPolicy
{
    /// <summary>The permission for a chip in <paramref name="state"/> with debug <paramref name="debug"/>.</summary>
    public static DebugSecretPermission Evaluate(LifecycleState state, DebugState debug)
    {
        if (state is LifecycleState.Scrap or LifecycleState.Invalid)
        {
            return DebugSecretPermission.Refused;
        }

        if (debug == DebugState.Unlocked)
        {
            return DebugSecretPermission.Allowed;
        }

        return state switch
        {
            LifecycleState.Raw or LifecycleState.TestUnlocked or LifecycleState.TestLocked or LifecycleState.Manufacturing => DebugSecretPermission.Allowed,
            _ => DebugSecretPermission.Refused,
        };
    }

    /// <summary>The chip state in words, for refusals ("lifecycle Production, debug locked").</summary>
    public static string Describe(LifecycleState state, DebugState debug) =>
        $"lifecycle {state}, debug {(debug == DebugState.Unlocked ? "unlocked" : "locked")}";
}
