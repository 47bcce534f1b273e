using Rampart.Hal.Crypto;

namespace Rampart.Identity.Dice;

/// <summary>
/// What Caliptra's ROM measures into PCR0 before it derives the FMC alias CDI (ROM
/// specification, "Alias FMC DICE layer", step 1): the device state as nine bytes, then the
/// vendor key hash, the owner key hash and the FMC digest, each extended in that order.
/// </summary>
/// <param name="Lifecycle">Caliptra's lifecycle state (0 unprovisioned, 1 manufacturing, 3 production).</param>
/// <param name="DebugLocked">1 when debug is locked.</param>
/// <param name="AntiRollbackDisable">The anti-rollback-disable fuse.</param>
/// <param name="VendorEccKeyIndex">The vendor ECC key index the image used.</param>
/// <param name="FirmwareSvn">The image's firmware SVN.</param>
/// <param name="FuseSvn">The SVN in fuses (0 when anti-rollback is disabled).</param>
/// <param name="VendorPqcKeyIndex">The vendor PQC key index the image used.</param>
/// <param name="PqcKeyType">The PQC key type (1 ML-DSA, 3 LMS).</param>
/// <param name="OwnerKeyHashFromFuses">1 when the owner key hash came from fuses.</param>
/// <param name="VendorKeyHash">SHA-384 of the vendor public key descriptor.</param>
/// <param name="OwnerKeyHash">SHA-384 of the owner public keys.</param>
/// <param name="FmcDigest">SHA-384 of the FMC image (its TCI).</param>
public sealed record FmcMeasurement(
    byte Lifecycle,
    byte DebugLocked,
    byte AntiRollbackDisable,
    byte VendorEccKeyIndex,
    byte FirmwareSvn,
    byte FuseSvn,
    byte VendorPqcKeyIndex,
    byte PqcKeyType,
    byte OwnerKeyHashFromFuses,
    ReadOnlyMemory<byte> VendorKeyHash,
    ReadOnlyMemory<byte> OwnerKeyHash,
    ReadOnlyMemory<byte> FmcDigest)
{
    /// <summary>SHA-384 digest and PCR size.</summary>
    public const int DigestSize = 48;

    /// <summary>Size of the packed device-state measurement.</summary>
    public const int DeviceStateSize = 9;

    /// <summary>The nine device-state bytes, in the ROM's order.</summary>
    public void WriteDeviceState(Span<byte> destination)
    {
        if (destination.Length < DeviceStateSize)
        {
            throw new ArgumentException("destination is shorter than 9 bytes", nameof(destination));
        }

        destination[0] = Lifecycle;
        destination[1] = DebugLocked;
        destination[2] = AntiRollbackDisable;
        destination[3] = VendorEccKeyIndex;
        destination[4] = FirmwareSvn;
        destination[5] = FuseSvn;
        destination[6] = VendorPqcKeyIndex;
        destination[7] = PqcKeyType;
        destination[8] = OwnerKeyHashFromFuses;
    }

    /// <summary>
    /// Computes the PCR0 value these measurements give from a cleared PCR: each extend is
    /// PCR = SHA-384(PCR || data).
    /// </summary>
    public void ComputePcr0(IShaEngine sha, Span<byte> pcr0)
    {
        ArgumentNullException.ThrowIfNull(sha);
        if (pcr0.Length != DigestSize || VendorKeyHash.Length != DigestSize || OwnerKeyHash.Length != DigestSize || FmcDigest.Length != DigestSize)
        {
            throw new ArgumentException("PCR0 and every digest are 48 bytes");
        }

        pcr0.Clear();
        Span<byte> state = stackalloc byte[DeviceStateSize];
        WriteDeviceState(state);
        PcrExtend.Extend(sha, pcr0, state);
        PcrExtend.Extend(sha, pcr0, VendorKeyHash.Span);
        PcrExtend.Extend(sha, pcr0, OwnerKeyHash.Span);
        PcrExtend.Extend(sha, pcr0, FmcDigest.Span);
    }
}

/// <summary>Caliptra's PCR extend: PCR = SHA-384(PCR || data).</summary>
public static class PcrExtend
{
    /// <summary>Extends <paramref name="pcr"/> (48 bytes) in place with <paramref name="data"/>.</summary>
    public static void Extend(IShaEngine sha, Span<byte> pcr, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(sha);
        if (pcr.Length != FmcMeasurement.DigestSize)
        {
            throw new ArgumentException("a PCR is 48 bytes", nameof(pcr));
        }

        using var context = sha.CreateContext(ShaAlgorithm.Sha384);
        context.Append(pcr);
        context.Append(data);
        context.GetHashAndReset(pcr);
    }
}
