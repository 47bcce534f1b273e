using Rampart.Host.Recovery;

namespace Rampart.Chip.Boot;

/// <summary>One bulk transfer of the boot: a recovery image or a PLDM component.</summary>
/// <param name="Name">What was sent.</param>
/// <param name="Channel">"recovery" or "pldm".</param>
/// <param name="Bytes">Image bytes.</param>
/// <param name="SimStart">Virtual start (ns).</param>
/// <param name="SimEnd">Virtual end (ns).</param>
/// <param name="Outcome">How it ended.</param>
public sealed record TransferRecord(string Name, string Channel, long Bytes, long SimStart, long SimEnd, string Outcome)
{
    /// <summary>Simulated throughput in bytes per second.</summary>
    public double BytesPerSecond => SimEnd > SimStart ? Bytes * 1e9 / (SimEnd - SimStart) : 0;
}

/// <summary>A message between two parties of the boot, for the sequence chart.</summary>
/// <param name="Time">Virtual time (ns).</param>
/// <param name="From">Sender: BMC, MCU or Caliptra.</param>
/// <param name="To">Receiver.</param>
/// <param name="Label">What it was (e.g. "PLDM RequestFirmwareData").</param>
public sealed record SequenceMessage(long Time, string From, string To, string Label);

/// <summary>A captured MCTP message: the 4-byte transport header (SOM and EOM set) and the whole message.</summary>
/// <param name="Time">Virtual time (ns).</param>
/// <param name="FromBmc">True when the BMC sent it.</param>
/// <param name="Packet">Header and message.</param>
public sealed record CapturedMessage(long Time, bool FromBmc, ReadOnlyMemory<byte> Packet);

/// <summary>A PCR's value after the boot.</summary>
public sealed record PcrValue(int Index, string Hex);

/// <summary>A measurement log entry.</summary>
public sealed record MeasurementRecord(int Pcr, uint EventType, string Event, string DataHex);

/// <summary>A certificate of the device's DICE chain.</summary>
public sealed record ChainCertificate(string Layer, string Algorithm, string Subject, byte[] Der);

/// <summary>A SoC image and whether Caliptra released its core.</summary>
public sealed record ReleasedImage(uint FwId, string Name, long Bytes, int ExecBit, bool Released);

/// <summary>Everything a boot did, for the summary, the JSON and the report.</summary>
public sealed record BootResult
{
    /// <summary>True when every image was verified and loaded and every SoC core released.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>The stage that stopped the boot (empty on success).</summary>
    public required string FailedStage { get; init; }

    /// <summary>A clear message: what happened, with the device's status values on failure.</summary>
    public required string Message { get; init; }

    /// <summary>Every firmware stage of both cores.</summary>
    public required IReadOnlyList<StageRecord> Stages { get; init; }

    /// <summary>Recovery images and PLDM components.</summary>
    public required IReadOnlyList<TransferRecord> Transfers { get; init; }

    /// <summary>The recovery agent's result (per-image statuses).</summary>
    public RecoveryAgentResult? Recovery { get; init; }

    /// <summary>PCR values.</summary>
    public required IReadOnlyList<PcrValue> Pcrs { get; init; }

    /// <summary>The measurement log.</summary>
    public required IReadOnlyList<MeasurementRecord> Measurements { get; init; }

    /// <summary>The DICE chain (ECC), manufacturer CA first.</summary>
    public required IReadOnlyList<ChainCertificate> Chain { get; init; }

    /// <summary>Stage-2 images and their release.</summary>
    public required IReadOnlyList<ReleasedImage> SocImages { get; init; }

    /// <summary>Virtual time of the whole boot (ns).</summary>
    public required long SimulatedNanoseconds { get; init; }

    /// <summary>Wall time of the boot (process start-up excluded).</summary>
    public required TimeSpan Wall { get; init; }

    /// <summary>Simulator events run.</summary>
    public required long Events { get; init; }

    /// <summary>The simulator's trace (timeline of the report).</summary>
    public required IReadOnlyList<Platform.Simulation.TraceEvent> Trace { get; init; }

    /// <summary>Messages between the BMC, the MCU and Caliptra, in time order.</summary>
    public IReadOnlyList<SequenceMessage> Messages { get; init; } = [];

    /// <summary>Every MCTP message between BMC and MCU (the pcap).</summary>
    public IReadOnlyList<CapturedMessage> Captures { get; init; } = [];

    /// <summary>The BMC's SPDM attestation of the booted device (null when it did not run).</summary>
    public Host.Attestation.AttestationReport? Attestation { get; init; }

    /// <summary>DEVICE_STATUS and RECOVERY_STATUS as the BMC last read them (hex), for failures.</summary>
    public string DeviceStatus { get; init; } = string.Empty;
}
