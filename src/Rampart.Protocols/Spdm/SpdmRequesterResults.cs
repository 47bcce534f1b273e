namespace Rampart.Protocols.Spdm;

/// <summary>DIGESTS as the requester saw it.</summary>
public sealed record SpdmDigestsResult(SpdmOutcome Outcome, byte SlotMask, IReadOnlyList<byte[]> Digests);

/// <summary>A certificate chain read with GET_CERTIFICATE and checked against its DIGESTS entry.</summary>
public sealed record SpdmCertificateResult(SpdmOutcome Outcome, byte[] Chain, IReadOnlyList<byte[]> Certificates, byte[] LeafPublicKey);

/// <summary>CHALLENGE_AUTH after its signature verified.</summary>
public sealed record SpdmChallengeResult(SpdmOutcome Outcome, byte[] MeasurementSummaryHash);

/// <summary>One DMTF measurement block.</summary>
public sealed record SpdmMeasurement(byte Index, byte ValueType, byte[] Value);

/// <summary>MEASUREMENTS (signature verified when one was asked for).</summary>
public sealed record SpdmMeasurementsResult(SpdmOutcome Outcome, IReadOnlyList<SpdmMeasurement> Blocks, bool Signed, int TotalBlocks);
