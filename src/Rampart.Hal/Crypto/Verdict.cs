namespace Rampart.Hal.Crypto;

/// <summary>
/// A hardened verification result (STYLE.md: hardened security booleans). The two values
/// are bitwise complements far apart in Hamming distance, so no single flipped bit turns a
/// rejection into acceptance; any value other than <see cref="Valid"/> means "not valid".
/// </summary>
public enum Verdict : uint
{
    /// <summary>The check failed.</summary>
    Invalid = 0x3A5C_6C93,

    /// <summary>The check passed.</summary>
    Valid = 0xC5A3_936C,
}

/// <summary>Helpers for <see cref="Verdict"/>.</summary>
public static class VerdictExtensions
{
    /// <summary>True only for exactly <see cref="Verdict.Valid"/>.</summary>
    public static bool IsValid(this Verdict verdict) => verdict == Verdict.Valid;

    /// <summary>Maps a boolean from a library call onto a verdict.</summary>
    public static Verdict From(bool ok) => ok ? Verdict.Valid : Verdict.Invalid;
}
