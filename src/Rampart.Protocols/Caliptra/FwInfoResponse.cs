using Rampart.Wire;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// FW_INFO response (caliptra-sw <c>FwInfoResp</c>), 392 bytes; the request is the bare header.
/// Rampart writes digests as their bytes (caliptra-sw stores them as u32 words) and leaves the
/// ROM fields, pl0_pauser and the owner-manifest SVNs zero.
/// <code>
///   +0 chksum | +4 fips_status | +8 pl0_pauser | +12 fw_svn | +16 min_fw_svn | +20 cold_boot_fw_svn
///  +24 attestation_disabled | +28 rom_revision(20) | +48 fmc_revision(20) | +68 runtime_revision(20)
///  +88 rom_sha256(32) | +120 fmc_sha384(48) | +168 runtime_sha384(48) | +216 owner_pub_key_hash(48)
/// +264 authman_sha384(48) | +312 most_recent_fw_error | +316 vendor_pub_key_hash(48)
/// +364 pqc_type | +368 vendor_ecc_key_index | +372 vendor_pqc_key_index | +376 soc_manifest_current_svn
/// +380 soc_manifest_min_svn | +384 owner_manifest_current_svn | +388 owner_manifest_min_svn
/// </code>
/// </summary>
public sealed record FwInfoResponse
{
    /// <summary>Encoded size.</summary>
    public const int Size = 392;

    /// <summary>The running firmware's SVN.</summary>
    public uint FwSvn { get; init; }

    /// <summary>The fused minimum firmware SVN.</summary>
    public uint MinFwSvn { get; init; }

    /// <summary>The SVN at cold boot.</summary>
    public uint ColdBootFwSvn { get; init; }

    /// <summary>Non-zero when attestation is disabled.</summary>
    public uint AttestationDisabled { get; init; }

    /// <summary>FMC revision (20 bytes).</summary>
    public ReadOnlyMemory<byte> FmcRevision { get; init; } = new byte[20];

    /// <summary>Runtime revision (20 bytes).</summary>
    public ReadOnlyMemory<byte> RuntimeRevision { get; init; } = new byte[20];

    /// <summary>SHA-384 of the FMC.</summary>
    public ReadOnlyMemory<byte> FmcDigest { get; init; } = new byte[48];

    /// <summary>SHA-384 of the runtime.</summary>
    public ReadOnlyMemory<byte> RuntimeDigest { get; init; } = new byte[48];

    /// <summary>SHA-384 of the installed SoC manifest (zero when none).</summary>
    public ReadOnlyMemory<byte> AuthManifestDigest { get; init; } = new byte[48];

    /// <summary>The last firmware error code.</summary>
    public uint MostRecentFwError { get; init; }

    /// <summary>PQC key type of the bundle.</summary>
    public uint PqcType { get; init; }

    /// <summary>Active vendor ECC key index.</summary>
    public uint VendorEccKeyIndex { get; init; }

    /// <summary>Active vendor PQC key index.</summary>
    public uint VendorPqcKeyIndex { get; init; }

    /// <summary>SVN of the installed SoC manifest.</summary>
    public uint SocManifestSvn { get; init; }

    /// <summary>Fused minimum SoC manifest SVN.</summary>
    public uint SocManifestMinSvn { get; init; }

    /// <summary>Writes the response.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size || FmcRevision.Length != 20 || RuntimeRevision.Length != 20
            || FmcDigest.Length != 48 || RuntimeDigest.Length != 48 || AuthManifestDigest.Length != 48)
        {
            return false;
        }

        var w = MailboxHeaders.ResponseWriter(destination, Size);
        w.TryWriteU32(0);
        w.TryWriteU32(FwSvn);
        w.TryWriteU32(MinFwSvn);
        w.TryWriteU32(ColdBootFwSvn);
        w.TryWriteU32(AttestationDisabled);
        w.TryWriteZeros(20);
        w.TryWriteBytes(FmcRevision.Span);
        w.TryWriteBytes(RuntimeRevision.Span);
        w.TryWriteZeros(32);
        w.TryWriteBytes(FmcDigest.Span);
        w.TryWriteBytes(RuntimeDigest.Span);
        w.TryWriteZeros(48);
        w.TryWriteBytes(AuthManifestDigest.Span);
        w.TryWriteU32(MostRecentFwError);
        w.TryWriteZeros(48);
        w.TryWriteU32(PqcType);
        w.TryWriteU32(VendorEccKeyIndex);
        w.TryWriteU32(VendorPqcKeyIndex);
        w.TryWriteU32(SocManifestSvn);
        w.TryWriteU32(SocManifestMinSvn);
        w.TryWriteU32(0);
        w.TryWriteU32(0);
        return MailboxHeaders.TryFinishResponse(destination, Size, out written);
    }

    /// <summary>Reads the response.</summary>
    public static WireStatus TryRead(ReadOnlySpan<byte> response, out FwInfoResponse? value)
    {
        value = null;
        if (response.Length != Size)
        {
            return response.Length < Size ? WireStatus.NeedMoreData : WireStatus.Invalid;
        }

        var r = MailboxHeaders.ResponseBody(response);
        r.TrySkip(4);
        r.TryReadU32(out var svn);
        r.TryReadU32(out var min);
        r.TryReadU32(out var cold);
        r.TryReadU32(out var disabled);
        r.TrySkip(20);
        r.TryReadBytes(20, out var fmcRev);
        r.TryReadBytes(20, out var rtRev);
        r.TrySkip(32);
        r.TryReadBytes(48, out var fmc);
        r.TryReadBytes(48, out var rt);
        r.TrySkip(48);
        r.TryReadBytes(48, out var man);
        r.TryReadU32(out var error);
        r.TrySkip(48);
        r.TryReadU32(out var pqc);
        r.TryReadU32(out var ecc);
        r.TryReadU32(out var pqcIndex);
        r.TryReadU32(out var socSvn);
        r.TryReadU32(out var socMin);
        value = new FwInfoResponse
        {
            FwSvn = svn, MinFwSvn = min, ColdBootFwSvn = cold, AttestationDisabled = disabled,
            FmcRevision = fmcRev.ToArray(), RuntimeRevision = rtRev.ToArray(), FmcDigest = fmc.ToArray(), RuntimeDigest = rt.ToArray(),
            AuthManifestDigest = man.ToArray(), MostRecentFwError = error, PqcType = pqc, VendorEccKeyIndex = ecc,
            VendorPqcKeyIndex = pqcIndex, SocManifestSvn = socSvn, SocManifestMinSvn = socMin,
        };
        return WireStatus.Done;
    }
}
