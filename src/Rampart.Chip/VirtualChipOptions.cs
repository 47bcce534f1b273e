using Rampart.Hal.Peripherals;
using Rampart.Platform.Peripherals;

namespace Rampart.Chip;

/// <summary>How a <see cref="VirtualChip"/> is put together.</summary>
public sealed record VirtualChipOptions
{
    /// <summary>The run's seed: simulator choices, the DRBG of the crypto engines.</summary>
    public ulong Seed { get; init; } = 0x5241_4D50_4152_5431; // "RAMPART1"

    /// <summary>I3C SCL frequency (SDR 12.5 MHz by default).</summary>
    public long I3cSclHz { get; init; } = I3cTiming.DefaultSclHz;

    /// <summary>I3C address of the OCP recovery register block.</summary>
    public byte RecoveryAddress { get; init; } = 0x5A;

    /// <summary>I3C address of the MCU's MCTP endpoint.</summary>
    public byte MctpAddress { get; init; } = 0x3A;

    /// <summary>Recovery FIFO size in bytes.</summary>
    public int RecoveryFifoBytes { get; init; } = 1024;

    /// <summary>Largest PCIe DOE data object, header included, in dwords (an SPDM message of 4 KiB and its header fit).</summary>
    public int DoeMaxObjectDwords { get; init; } = 1040;

    /// <summary>Largest INDIRECT_FIFO_DATA write the block takes.</summary>
    public int RecoveryMaxTransferBytes { get; init; } = 256;

    /// <summary>Whether the simulator keeps an event trace (off for benchmarks).</summary>
    public bool Trace { get; init; } = true;

    /// <summary>
    /// The debug port's straps (decision 0276): what the host asks the MCU firmware to write to it.
    /// None by default; <see cref="DebugStraps.SpdmSessionSecrets"/> is honoured by a development chip only.
    /// </summary>
    public DebugStraps DebugStraps { get; init; }

    /// <summary>
    /// The SPDM requester-trust record (<c>SpdmRequesterTrustRecord</c>) provisioned in the MCU's
    /// configuration: with one, the SPDM responder asks every KEY_EXCHANGE session for mutual
    /// authentication by that requester (decision 0277). Empty by default: it never asks.
    /// </summary>
    public ReadOnlyMemory<byte> SpdmRequesterTrust { get; init; }
}
