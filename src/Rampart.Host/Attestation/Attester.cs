using System.Formats.Asn1;
using Rampart.Hal.Crypto;
using Rampart.Identity.X509;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Host.Attestation;

/// <summary>
/// The verifier behind <c>rampart attest</c>: runs the SPDM requester against a device, checks
/// its certificate chain to a trust anchor, the CHALLENGE_AUTH and MEASUREMENTS signatures,
/// the measurements against reference values, and a secured session round trip.
/// </summary>
public sealed class Attester(ICryptoEngines engines)
{
    /// <summary>
    /// Where the secured session's DHE secret goes, for DMTF's spdm_dump (decision 0276): the
    /// requester's own secret, exported from its software crypto. Null (the default): none.
    /// </summary>
    public ISpdmDheSecretSink? DheSecrets { get; init; }

    /// <summary>
    /// What the requester answers a device's request for mutual authentication with (decision
    /// 0277); null (the default): none, and a device that asks is refused.
    /// </summary>
    public SpdmRequesterIdentity? Identity { get; init; }

    /// <summary>Told of each round trip the requester makes to the device (none by default).</summary>
    public ISpdmRoundTripObserver? RoundTrips { get; init; }

    /// <summary>Runs the whole attestation over <paramref name="transport"/>.</summary>
    public async Task<AttestationReport> AttestAsync(
        string peer, ISpdmRequesterTransport transport, byte slot, ReadOnlyMemory<byte> trustedRoot, ReferenceValues? reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var checks = new List<AttestationCheck>();
        var measurements = new List<AttestedMeasurement>();
        var subjects = new List<string>();
        var requester = new SpdmRequester(transport, new EngineSpdmCrypto(engines, allowDebugExport: DheSecrets is not null))
        {
            DheSecretSink = DheSecrets,
            RoundTrips = RoundTrips,
            Identity = Identity,
        };
        var version = "?";

        AttestationReport Report() => new(peer, version, checks, measurements, subjects);

        var init = await requester.InitConnectionAsync(cancellationToken);
        var measurementHash = requester.MeasurementHash == SpdmMeasurementHashAlgo.None ? "" : $", measurements {requester.MeasurementHash}";
        checks.Add(Row("connection (VCA)", init, $"SPDM {requester.Version >> 4}.{requester.Version & 0xF}, ECDSA P-384, SHA-384{measurementHash}"));
        if (!init.IsOk)
        {
            return Report();
        }

        version = $"{requester.Version >> 4}.{requester.Version & 0xF}";
        var digests = await requester.GetDigestsAsync(cancellationToken);
        checks.Add(Row("certificate digests", digests.Outcome, $"slot mask 0x{digests.SlotMask:X2}"));
        var chain = await requester.GetCertificateChainAsync(slot, cancellationToken);
        checks.Add(Row($"certificate chain (slot {slot})", chain.Outcome, $"{chain.Certificates.Count} certificates, root hash and digest match"));
        if (!chain.Outcome.IsOk)
        {
            return Report();
        }

        subjects.AddRange(chain.Certificates.Select(SubjectOf));
        checks.Add(VerifyChain(chain.Certificates, trustedRoot));

        var challenge = await requester.ChallengeAsync(slot, 0xFF, cancellationToken);
        checks.Add(Row("CHALLENGE_AUTH signature", challenge.Outcome, "signed by the leaf key over the M1 transcript"));

        var signed = await requester.GetMeasurementsAsync(GetMeasurements.OperationAll, signed: true, slot, cancellationToken);
        checks.Add(Row("MEASUREMENTS signature", signed.Outcome, $"{signed.Blocks.Count} blocks signed over the L1 transcript"));
        if (signed.Outcome.IsOk)
        {
            checks.Add(CompareReference(signed.Blocks, reference, measurements));
        }

        var session = await requester.StartSessionAsync(slot, cancellationToken: cancellationToken);
        var mutual = session.IsOk && requester.Session is { MutualAuthentication: true };
        var heartbeat = session.IsOk ? await requester.HeartbeatAsync(cancellationToken) : session;
        var end = session.IsOk ? await requester.EndSessionAsync(cancellationToken) : session;
        var sessionOutcome = !session.IsOk ? session : !heartbeat.IsOk ? heartbeat : end;
        checks.Add(Row("secured session", sessionOutcome, mutual
            ? "KEY_EXCHANGE, FINISH signed by the requester (mutual authentication), HEARTBEAT, END_SESSION under AES-256-GCM"
            : "KEY_EXCHANGE, FINISH, HEARTBEAT, END_SESSION under AES-256-GCM"));
        return Report();
    }

    private AttestationCheck VerifyChain(IReadOnlyList<byte[]> certificates, ReadOnlyMemory<byte> trustedRoot)
    {
        var result = ChainVerifier.Verify(engines, certificates.Select(c => (ReadOnlyMemory<byte>)c).ToList(), trustedRoot);
        if (!result.IsValid)
        {
            return new AttestationCheck("chain to trust anchor", CheckVerdict.Fail, $"{result.Error} at certificate {result.Index}");
        }

        if (IsRequesterOnlyLeaf(certificates[^1]))
        {
            return new AttestationCheck("chain to trust anchor", CheckVerdict.Fail, "the leaf certificate's extended key usage names an SPDM requester, not a responder");
        }

        return trustedRoot.IsEmpty
            ? new AttestationCheck("chain to trust anchor", CheckVerdict.Skipped, "signatures chain, but no --trust-root was given")
            : new AttestationCheck("chain to trust anchor", CheckVerdict.Pass, "every signature verifies up to the trusted root");
    }

    /// <summary>
    /// The SPDM reading of a leaf's extKeyUsage: without DMTF's SPDM purposes it says nothing of
    /// the SPDM role (DMTF's own sample chains carry only TLS purposes, critical); listing
    /// id-DMTF-eku-requester-auth without id-DMTF-eku-responder-auth makes it a requester's key.
    /// </summary>
    private static bool IsRequesterOnlyLeaf(byte[] leaf) =>
        ParsedCertificate.TryParse(leaf, out var parsed) == WireStatus.Done && parsed is not null &&
        parsed.ExtendedKeyUsages.Contains(X509Oids.DmtfEkuRequesterAuth) && !parsed.ExtendedKeyUsages.Contains(X509Oids.DmtfEkuResponderAuth);

    private static AttestationCheck CompareReference(IReadOnlyList<SpdmMeasurement> blocks, ReferenceValues? reference, List<AttestedMeasurement> output)
    {
        var mismatches = new List<int>();
        foreach (var block in blocks)
        {
            var verdict = CheckVerdict.Skipped;
            if (reference is not null && reference.Digests.TryGetValue(block.Index, out var expected))
            {
                verdict = expected.AsSpan().SequenceEqual(block.Value) ? CheckVerdict.Pass : CheckVerdict.Fail;
                if (verdict == CheckVerdict.Fail)
                {
                    mismatches.Add(block.Index);
                }
            }

            output.Add(new AttestedMeasurement(block.Index, TypeName(block.ValueType), Convert.ToHexString(block.Value), verdict));
        }

        if (reference is null)
        {
            return new AttestationCheck(AttestationReport.ReferenceCheck, CheckVerdict.Skipped, "no --reference given");
        }

        var missing = reference.Digests.Keys.Where(i => blocks.All(b => b.Index != i)).ToList();
        if (mismatches.Count > 0 || missing.Count > 0)
        {
            var parts = new List<string>();
            if (mismatches.Count > 0)
            {
                parts.Add("differ at index " + string.Join(", ", mismatches));
            }

            if (missing.Count > 0)
            {
                parts.Add("not reported: index " + string.Join(", ", missing));
            }

            return new AttestationCheck(AttestationReport.ReferenceCheck, CheckVerdict.Fail, string.Join("; ", parts));
        }

        return new AttestationCheck(AttestationReport.ReferenceCheck, CheckVerdict.Pass, $"{reference.Digests.Count} values match");
    }

    private static AttestationCheck Row(string check, SpdmOutcome outcome, string detail) =>
        new(check, outcome.IsOk ? CheckVerdict.Pass : CheckVerdict.Fail, outcome.IsOk ? detail : outcome.ToString());

    private static string TypeName(byte valueType) => (DmtfMeasurementType)(valueType & 0x7F) switch
    {
        DmtfMeasurementType.ImmutableRom => "immutable ROM",
        DmtfMeasurementType.MutableFirmware => "mutable firmware",
        DmtfMeasurementType.HardwareConfiguration => "hardware configuration",
        DmtfMeasurementType.FirmwareConfiguration => "firmware configuration",
        DmtfMeasurementType.MeasurementManifest => "measurement manifest",
        DmtfMeasurementType.DeviceMode => "device mode",
        DmtfMeasurementType.Version => "version",
        DmtfMeasurementType.SecurityVersionNumber => "SVN",
        DmtfMeasurementType.HashExtendMeasurement => "hash-extend (PCR)",
        _ => $"type {valueType & 0x7F}",
    };

    private static string SubjectOf(byte[] certificate)
    {
        try
        {
            using var parsed = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate);
            return parsed.Subject;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "(unparsable)";
        }
        catch (AsnContentException)
        {
            return "(unparsable)";
        }
    }
}
