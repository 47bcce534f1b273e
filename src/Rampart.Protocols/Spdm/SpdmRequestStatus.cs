using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Spdm;

/// <summary>How one requester step ended.</summary>
public enum SpdmRequestStatus
{
    /// <summary>The step worked and everything verified.</summary>
    Ok = 1,

    /// <summary>The responder answered ERROR.</summary>
    PeerError = 2,

    /// <summary>The response was malformed, of the wrong code, or out of order.</summary>
    Malformed = 3,

    /// <summary>A signature, digest or verify data did not check.</summary>
    VerificationFailed = 4,

    /// <summary>The responder did not answer (or a secured record was dropped).</summary>
    NoResponse = 5,

    /// <summary>The responder selected something Rampart does not speak.</summary>
    Unsupported = 6,
}

/// <summary>The outcome of a requester step, with a precise reason when it failed.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Detail">What happened, for people.</param>
/// <param name="PeerError">The responder's ERROR code when <see cref="Status"/> is PeerError.</param>
public sealed record SpdmOutcome(SpdmRequestStatus Status, string Detail, SpdmErrorCode? PeerError = null)
{
    /// <summary>Success.</summary>
    public static SpdmOutcome Success { get; } = new(SpdmRequestStatus.Ok, "ok");

    /// <summary>True on success.</summary>
    public bool IsOk => Status == SpdmRequestStatus.Ok;

    /// <inheritdoc/>
    public override string ToString() => IsOk ? "ok" : $"{Status}: {Detail}";
}
