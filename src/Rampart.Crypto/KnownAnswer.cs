using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>Shared plumbing of the engines' known-answer tests.</summary>
internal static class KnownAnswer
{
    /// <summary>
    /// Runs a known-answer test so that it never throws: a self-test that blew up is a failed
    /// self-test, reported with the exception's type, and the ROM stops the core as for any failure.
    /// </summary>
    public static KatResult Guard(string engine, Func<KatResult> run)
    {
        try
        {
            return run();
        }
        catch (Exception e)
        {
            return KatResult.Fail(engine, $"known-answer test raised {e.GetType().Name}: {e.Message}");
        }
    }
}
