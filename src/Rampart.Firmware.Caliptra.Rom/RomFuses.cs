using Rampart.Hal.Security;
using Rampart.Images.Bundle;
using Rampart.Images.Signing;

namespace Rampart.Firmware.Caliptra.Rom;

/// <summary>The fuse values the ROM reads at intake: what the image rules need, and the UEID.</summary>
/// <param name="Image">The values the bundle is checked against.</param>
/// <param name="Ueid">The fused UEID (type byte, serial); all zero when unprogrammed.</param>
internal sealed record RomFuses(ImageVerificationFuses Image, byte[] Ueid)
{
    /// <summary>Reads every partition the image rules use and the UEID; false and the failing partition when one is unreadable.</summary>
    public static bool TryRead(IFuseController fuses, out RomFuses value, out string failure)
    {
        value = null!;
        var vendor = new byte[FuseLayout.VendorKeysSize];
        var owner = new byte[FuseLayout.OwnerKeysSize];
        var revocation = new byte[FuseLayout.RevocationSize];
        var status = fuses.Read(FusePartition.VendorKeys, 0, vendor);
        if (status == FuseStatus.Ok)
        {
            status = fuses.Read(FusePartition.OwnerKeys, 0, owner);
        }

        if (status == FuseStatus.Ok)
        {
            status = fuses.Read(FusePartition.Revocation, 0, revocation);
        }

        var svnStatus = fuses.ReadRuntimeSvn(out var svn);
        var rollbackStatus = fuses.IsAntiRollbackDisabled(out var antiRollbackDisabled);
        var ueid = new byte[FuseLayout.UeidSize];
        var ueidStatus = fuses.ReadUeid(ueid);
        if (status != FuseStatus.Ok || svnStatus != FuseStatus.Ok || rollbackStatus != FuseStatus.Ok || ueidStatus != FuseStatus.Ok)
        {
            failure = $"fuse intake failed: {status}, SVN {svnStatus}, anti-rollback {rollbackStatus}, IDevID attributes {ueidStatus}";
            return false;
        }

        var pqc = vendor[FuseLayout.VendorPqcTypeOffset] == (byte)PqcKeyType.Lms ? PqcKeyType.Lms : PqcKeyType.MlDsa87;
        value = new RomFuses(new ImageVerificationFuses(
            vendor.AsMemory(FuseLayout.VendorPkHashOffset, FuseLayout.HashSize),
            pqc,
            owner,
            EccRevocation: revocation[FuseLayout.EccRevocationOffset],
            LmsRevocation: System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(revocation.AsSpan(FuseLayout.LmsRevocationOffset)),
            MlDsaRevocation: revocation[FuseLayout.MlDsaRevocationOffset],
            MinimumSvn: (uint)svn,
            AntiRollbackDisabled: antiRollbackDisabled),
            ueid);
        failure = string.Empty;
        return true;
    }
}
