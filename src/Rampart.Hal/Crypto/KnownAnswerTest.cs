namespace Rampart.Hal.Crypto;

/// <summary>The result of one engine's known-answer self-test.</summary>
/// <param name="Engine">The engine's name, e.g. "SHA-384".</param>
/// <param name="Verdict">Valid when every vector matched.</param>
/// <param name="Failure">What did not match, when it failed.</param>
public readonly record struct KatResult(string Engine, Verdict Verdict, string? Failure)
{
    /// <summary>A passing result.</summary>
    public static KatResult Pass(string engine) => new(engine, Verdict.Valid, null);

    /// <summary>A failing result with a reason.</summary>
    public static KatResult Fail(string engine, string failure) => new(engine, Verdict.Invalid, failure);
}

/// <summary>
/// Every crypto engine carries a known-answer self-test, which the ROM runs at core
/// start-up as Caliptra's does; a failure stops the core with a named error.
/// </summary>
public interface IKnownAnswerTest
{
    /// <summary>The engine's display name.</summary>
    string EngineName { get; }

    /// <summary>Runs the engine's known-answer vectors.</summary>
    KatResult RunKnownAnswerTest();
}
