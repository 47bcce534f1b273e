using System.Text;
using Rampart.Crypto;
using Rampart.Hal.Crypto;
using Rampart.Host.Attestation;
using Rampart.Host.Doe;
using Rampart.Host.Mctp;
using Rampart.Host.SpdmDump;
using Rampart.Protocols.Spdm;

namespace Rampart.Chip.Boot;

/// <content>
/// After stage 2: the BMC attests the booted device over SPDM on the same MCTP endpoint (or over the
/// chip's DOE mailbox with <see cref="BootOptions.AttestOverDoe"/>) — chain to
/// the manufacturer CA, CHALLENGE_AUTH, signed measurements against the values derived from the
/// images it streamed, and a secured session round trip.
/// </content>
internal sealed partial class BmcAgent
{
    /// <summary>The manufacturer CA certificate the BMC trusts (empty: the chain is checked but not anchored).</summary>
    public ReadOnlyMemory<byte> TrustRoot { get; init; }

    /// <summary>The attestation's report, once it ran.</summary>
    public AttestationReport? Attestation { get; private set; }

    private async Task<bool> RunAttestation(MctpHostEndpoint endpoint)
    {
        CurrentStep = options.AttestOverDoe ? "attestation (SPDM over PCIe DOE)" : "attestation (SPDM over MCTP)";
        using var engines = new SoftwareCryptoEngines(Encoding.UTF8.GetBytes("rampart bmc attestation " + options.Seed));
        var reference = options.AttestationReference;
        if (reference is null && !ImageReferenceValues.TryDerive(images.Bundle, images.Manifest, engines.Sha, out reference, out var error))
        {
            return Fail("attestation", "no reference values: " + error);
        }

        ISpdmRequesterTransport transport = options.AttestOverDoe ? new DoeSpdmTransport(chip.DoeHost, chip.Simulator) : new MctpSpdmTransport(endpoint);
        if (options.AttestationCapture is { } capture)
        {
            var simulator = chip.Simulator;
            transport = new CapturingSpdmTransport(transport, new SpdmDumpCapture(capture, options.AttestOverDoe, () => simulator.Now / 1000));
        }

        var peer = options.AttestOverDoe ? "MCU (PCIe DOE)" : $"MCU (MCTP EID 0x{endpoint.DeviceEid:X2})";
        var report = await new Attester(engines) { DheSecrets = options.AttestationSecrets, Identity = options.AttestationIdentity }.AttestAsync(peer, transport, 0, options.AttestationTrustRoot ?? TrustRoot, reference);
        Attestation = report;
        if (report.Verdict == "trusted")
        {
            return true;
        }

        var failed = report.Checks.FirstOrDefault(c => c.Verdict == CheckVerdict.Fail) ?? report.Checks.LastOrDefault();
        return Fail("attestation", $"verdict {report.Verdict}" + (failed is null ? string.Empty : $": {failed.Check}: {failed.Detail}"));
    }
}
