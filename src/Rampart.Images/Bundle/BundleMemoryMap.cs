namespace Rampart.Images.Bundle;

/// <summary>
/// The Caliptra core's instruction memory (ICCM) the ROM copies the FMC and runtime into: every
/// byte of each image's load range and its entry point must lie in
/// [<see cref="IccmStart"/>, <see cref="IccmStart"/> + <see cref="IccmSize"/>), with load address
/// and entry point 4-byte aligned (caliptra-sw image verifier, verify_fmc / verify_runtime).
/// The data memory (DCCM, 0x5000_0000) is disjoint from it, so an image or entry point placed
/// there fails the ICCM range check.
/// </summary>
/// <param name="IccmStart">First ICCM address.</param>
/// <param name="IccmSize">ICCM size in bytes.</param>
public sealed record BundleMemoryMap(uint IccmStart, uint IccmSize)
{
    /// <summary>Caliptra 2.0's map (caliptra-sw drivers memory_layout): ICCM 256 KiB at 0x4000_0000.</summary>
    public static BundleMemoryMap Caliptra { get; } = new(0x4000_0000, 256 * 1024);

    /// <summary>
    /// Rampart's virtual Caliptra core: ICCM 4 MiB at 0x4000_0000, larger than the silicon's because
    /// its FMC and runtime are managed-code payloads (docs/decisions/0190).
    /// </summary>
    public static BundleMemoryMap Rampart { get; } = new(0x4000_0000, 4 * 1024 * 1024);

    /// <summary>Required alignment of load addresses and entry points.</summary>
    public const uint Alignment = 4;

    /// <summary>True when [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) lies in the ICCM (length ≥ 1).</summary>
    public bool IccmContains(long start, long length) =>
        length >= 1 && start >= IccmStart && start + length <= (long)IccmStart + IccmSize;
}
