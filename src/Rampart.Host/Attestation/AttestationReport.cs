namespace Rampart.Host.Attestation;

/// <summary>The verdict of one attestation check.</summary>
public enum CheckVerdict
{
    /// <summary>Checked and good.</summary>
    Pass,

    /// <summary>Checked and bad.</summary>
    Fail,

    /// <summary>Not checked (no reference or trust anchor given, or an earlier step failed).</summary>
    Skipped,
}

/// <summary>One row of the verdict table.</summary>
/// <param name="Check">What was checked.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Detail">Why, for people.</param>
public sealed record AttestationCheck(string Check, CheckVerdict Verdict, string Detail);

/// <summary>One measurement as reported, with its comparison to the reference.</summary>
public sealed record AttestedMeasurement(int Index, string Type, string Digest, CheckVerdict Verdict);

/// <summary>Everything <c>rampart attest</c> found.</summary>
/// <param name="Peer">Who was attested.</param>
/// <param name="Version">Negotiated SPDM version, e.g. "1.3".</param>
/// <param name="Checks">The verdict rows in order.</param>
/// <param name="Measurements">The measurements the device reported.</param>
/// <param name="Certificates">Subjects of the chain, root first.</param>
public sealed record AttestationReport(string Peer, string Version, IReadOnlyList<AttestationCheck> Checks, IReadOnlyList<AttestedMeasurement> Measurements, IReadOnlyList<string> Certificates)
{
    /// <summary>"trusted" when every check passed; "mismatch" when only reference values differ; "failed" otherwise.</summary>
    public string Verdict =>
        Checks.All(c => c.Verdict == CheckVerdict.Pass) ? "trusted"
        : Checks.Any(c => c.Verdict == CheckVerdict.Fail && c.Check != ReferenceCheck) ? "failed"
        : Checks.Any(c => c.Verdict == CheckVerdict.Fail) ? "mismatch"
        : "incomplete";

    /// <summary>The name of the reference-value check.</summary>
    public const string ReferenceCheck = "reference values";
}
