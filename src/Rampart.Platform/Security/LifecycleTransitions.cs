using Rampart.Hal.Security;

namespace Rampart.Platform.Security;

/// <summary>
/// The lifecycle transition table (after the caliptra-ss / OpenTitan lifecycle controller,
/// simplified; decision 0211): which moves are legal, which token each needs, and which
/// zeroize the key vault.
/// </summary>
/// <remarks>
/// <code>
/// from \ to       TestUnl  TestLck  Manuf     Prod      ProdEnd   RMA   Scrap
/// Raw             —        ·        ·         ·         ·         ·     —
/// TestUnlocked    ·        —        TestExit  ·         ·         Rma   —
/// TestLocked      TestUnl  ·        TestExit  ·         ·         Rma   —
/// Manufacturing   ·        ·        ·         Production ·        Rma   —
/// Production      ·        ·        ·         ·         Production Rma  —
/// ProdEnd         ·        ·        ·         ·         ·         ·     —
/// RMA             ·        ·        ·         ·         ·         ·     —
/// Scrap           ·        ·        ·         ·         ·         ·     ·
/// ("—" legal without a token, a name: legal with that token, "·" illegal)
/// </code>
/// Entering TestUnlocked, RMA or Scrap zeroizes the key vault.
/// </remarks>
public static class LifecycleTransitions
{
    /// <summary>True when <paramref name="from"/> → <paramref name="to"/> is in the table; <paramref name="token"/> is the token it needs, if any.</summary>
    public static bool IsLegal(LifecycleState from, LifecycleState to, out LifecycleToken? token)
    {
        token = null;
        if (to == LifecycleState.Scrap)
        {
            return from != LifecycleState.Scrap;
        }

        switch (from, to)
        {
            case (LifecycleState.Raw, LifecycleState.TestUnlocked):
            case (LifecycleState.TestUnlocked, LifecycleState.TestLocked):
                return true;
            case (LifecycleState.TestLocked, LifecycleState.TestUnlocked):
                token = LifecycleToken.TestUnlock;
                return true;
            case (LifecycleState.TestUnlocked or LifecycleState.TestLocked, LifecycleState.Manufacturing):
                token = LifecycleToken.TestExit;
                return true;
            case (LifecycleState.Manufacturing, LifecycleState.Production):
            case (LifecycleState.Production, LifecycleState.ProdEnd):
                token = LifecycleToken.Production;
                return true;
            case (LifecycleState.TestUnlocked or LifecycleState.TestLocked or LifecycleState.Manufacturing or LifecycleState.Production, LifecycleState.Rma):
                token = LifecycleToken.Rma;
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when entering <paramref name="to"/> wipes the key vault.</summary>
    public static bool Zeroizes(LifecycleState to) =>
        to is LifecycleState.TestUnlocked or LifecycleState.Rma or LifecycleState.Scrap;

    /// <summary>The states a user may name, in lifecycle order.</summary>
    public static IReadOnlyList<LifecycleState> States { get; } =
    [
        LifecycleState.Raw, LifecycleState.TestUnlocked, LifecycleState.TestLocked, LifecycleState.Manufacturing,
        LifecycleState.Production, LifecycleState.ProdEnd, LifecycleState.Rma, LifecycleState.Scrap,
    ];

    /// <summary>Decodes a transition-record byte into a state (<see cref="LifecycleState.Invalid"/> for an unknown code).</summary>
    public static LifecycleState Decode(byte code) => code switch
    {
        (byte)LifecycleState.TestUnlocked => LifecycleState.TestUnlocked,
        (byte)LifecycleState.TestLocked => LifecycleState.TestLocked,
        (byte)LifecycleState.Manufacturing => LifecycleState.Manufacturing,
        (byte)LifecycleState.Production => LifecycleState.Production,
        (byte)LifecycleState.ProdEnd => LifecycleState.ProdEnd,
        (byte)LifecycleState.Rma => LifecycleState.Rma,
        (byte)LifecycleState.Scrap => LifecycleState.Scrap,
        _ => LifecycleState.Invalid,
    };
}
