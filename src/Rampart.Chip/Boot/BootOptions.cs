using Rampart.Host.Mctp;
using Rampart.Host.Recovery;

namespace Rampart.Chip.Boot;

/// <summary>Everything a boot can be told (the CLI's options and the tests' tampering).</summary>
public sealed record BootOptions
{
    /// <summary>The development seed: keys, fuses, images, and the simulator.</summary>
    public string Seed { get; init; } = "rampart-dev";

    /// <summary>The chip's build options (I3C speed, addresses); its seed is derived from <see cref="Seed"/> unless set.</summary>
    public VirtualChipOptions? Chip { get; init; }

    /// <summary>How the images are built.</summary>
    public BootImageOptions? Images { get; init; }

    /// <summary>The fuses the chip is provisioned with.</summary>
    public FuseSettings Fuses { get; init; } = new();

    /// <summary>
    /// Makes the chip ready before power-on instead of fresh development provisioning with
    /// <see cref="Fuses"/> (a named chip loads its fuses and provisioning data: <see cref="NamedChipBoot"/>).
    /// </summary>
    public Func<VirtualChip, BootImages, ProvisionedChip>? Provision { get; init; }

    /// <summary>The recovery agent's retry and timeout policy.</summary>
    public RecoveryAgentOptions? Recovery { get; init; }

    /// <summary>Changes the built images before they are streamed (tests and "break it on purpose" runs).</summary>
    public Func<BootImages, BootImages>? Tamper { get; init; }

    /// <summary>Called with the chip before power-on (fault injection).</summary>
    public Action<VirtualChip>? BeforePowerOn { get; init; }

    /// <summary>The longest virtual time the boot may take before it is declared stuck (<see cref="AfterBoot"/> is not bounded by it).</summary>
    public long DeadlineNanoseconds { get; init; } = 120L * 1_000_000_000;

    /// <summary>Receives live progress (on the simulator's thread).</summary>
    public IBootObserver? Observer { get; init; }

    /// <summary>
    /// True (default) to end the boot with SPDM attestation of the device by the BMC; a verdict
    /// other than "trusted" fails the boot at step "attestation".
    /// </summary>
    public bool Attest { get; init; } = true;

    /// <summary>
    /// Attest over the chip's PCIe DOE mailbox (CMA/SPDM data objects, decision 0271) instead of
    /// MCTP over I3C.
    /// </summary>
    public bool AttestOverDoe { get; init; }

    /// <summary>Reference values to attest against instead of those derived from the streamed images.</summary>
    public Host.Attestation.ReferenceValues? AttestationReference { get; init; }

    /// <summary>The root certificate to trust instead of the provisioned manufacturer CA.</summary>
    public ReadOnlyMemory<byte>? AttestationTrustRoot { get; init; }

    /// <summary>
    /// Where the BMC's attestation traffic goes as a pcap DMTF's spdm_dump reads (decision 0276):
    /// link type 291 (MCTP), or 292 (PCI DOE) with <see cref="AttestOverDoe"/>; stamped with chip
    /// time. Null (the default): no capture.
    /// </summary>
    public Stream? AttestationCapture { get; init; }

    /// <summary>
    /// Where the DHE secret of the attestation's session goes (the BMC's own, from its software
    /// crypto; decision 0276). Null (the default): none.
    /// </summary>
    public Protocols.Spdm.ISpdmDheSecretSink? AttestationSecrets { get; init; }

    /// <summary>
    /// What the BMC answers mutual authentication with (decision 0277): the device asks for it when
    /// the chip's <see cref="VirtualChipOptions.SpdmRequesterTrust"/> names a requester. Null (the
    /// default): the BMC has no identity and refuses a device that asks.
    /// </summary>
    public Protocols.Spdm.SpdmRequesterIdentity? AttestationIdentity { get; init; }

    /// <summary>
    /// Awaited by the BMC agent after a successful stage 2, before it stops its MCTP endpoint:
    /// talks to the booted device (tests, VDM queries, <c>rampart serve spdm</c>). Runs on the
    /// simulator's thread; <see cref="DeadlineNanoseconds"/> does not apply while it runs, so it
    /// must end on its own, and keep an event pending while it waits (a chip timer), or the run ends.
    /// <see cref="BootRun.Current"/> gives the boot's verdict from inside it.
    /// </summary>
    public Func<MctpHostEndpoint, Task>? AfterBoot { get; init; }
}

/// <summary>Live progress of a boot, for progress bars.</summary>
public interface IBootObserver
{
    /// <summary>A transfer started: a recovery image or a PLDM component.</summary>
    void TransferStarted(string name, long totalBytes);

    /// <summary>Bytes of the named transfer so far, at virtual time <paramref name="simNanoseconds"/>.</summary>
    void TransferProgress(string name, long bytes, long simNanoseconds);

    /// <summary>A stage of a core ended.</summary>
    void StageEnded(StageRecord stage);
}
