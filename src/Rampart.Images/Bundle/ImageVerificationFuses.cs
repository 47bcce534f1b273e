using Rampart.Images.Signing;

namespace Rampart.Images.Bundle;

/// <summary>
/// The fuse values the ROM checks a firmware bundle against, as plain values (the OTP
/// controller that holds them lives in Rampart.Platform).
/// </summary>
/// <param name="VendorPublicKeyHash">SHA-384 of the vendor key descriptors (48 bytes).</param>
/// <param name="PqcKeyType">The fused PQC key type.</param>
/// <param name="OwnerPublicKeyHash">SHA-384 of the owner keys; all zero (or empty) when not yet provisioned, as Caliptra treats it.</param>
/// <param name="EccRevocation">Vendor ECC key revocation bits (bit i revokes index i; 4 used).</param>
/// <param name="LmsRevocation">Vendor LMS key revocation bits (32 used).</param>
/// <param name="MlDsaRevocation">Vendor ML-DSA key revocation bits (4 used).</param>
/// <param name="MinimumSvn">The lowest firmware SVN allowed (decoded from the one-hot fuse).</param>
/// <param name="AntiRollbackDisabled">The anti-rollback disable fuse.</param>
public sealed record ImageVerificationFuses(
    ReadOnlyMemory<byte> VendorPublicKeyHash,
    PqcKeyType PqcKeyType,
    ReadOnlyMemory<byte> OwnerPublicKeyHash,
    uint EccRevocation,
    uint LmsRevocation,
    uint MlDsaRevocation,
    uint MinimumSvn,
    bool AntiRollbackDisabled)
{
    /// <summary>The largest SVN a 128-bit one-hot fuse encodes.</summary>
    public const uint MaxSvn = 128;

    /// <summary>
    /// The SVN a one-hot-encoded (thermometer) 128-bit fuse holds: the number of the highest
    /// set bit plus one, 0 when no bit is set.
    /// </summary>
    public static uint SvnFromFuse(UInt128 fuse) => fuse == UInt128.Zero ? 0u : 128u - (uint)UInt128.LeadingZeroCount(fuse);

    /// <summary>The revocation bits for the given PQC type.</summary>
    public uint PqcRevocation => PqcKeyType == PqcKeyType.Lms ? LmsRevocation : MlDsaRevocation;

    /// <summary>True when the owner PK hash fuse holds a value.</summary>
    public bool OwnerHashProvisioned => OwnerPublicKeyHash.Span.IndexOfAnyExcept((byte)0) >= 0;
}
