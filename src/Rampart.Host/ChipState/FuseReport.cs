using System.Buffers.Binary;
using System.Globalization;
using Rampart.Hal.Security;

namespace Rampart.Host.ChipState;

/// <summary>One partition as <c>rampart fuses show</c> prints it.</summary>
/// <param name="Name">Partition name.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Locked">Locked.</param>
/// <param name="Blank">Nothing burned yet.</param>
/// <param name="Hex">The content, hex; null for the secret partitions.</param>
/// <param name="Summary">A one-line reading of the content.</param>
public sealed record PartitionReport(string Name, int Size, bool Locked, bool Blank, string? Hex, string Summary);

/// <summary>
/// A named chip's fuses as <c>rampart fuses show</c> prints them (table or JSON). Secret
/// partitions are reported only as burned or blank.
/// </summary>
/// <param name="Chip">The chip name.</param>
/// <param name="StateFile">The fuse file.</param>
/// <param name="Lifecycle">The lifecycle state.</param>
/// <param name="TransitionCount">Transitions recorded.</param>
/// <param name="CaliptraLifecycle">What the Caliptra core sees.</param>
/// <param name="RuntimeSvn">Runtime SVN.</param>
/// <param name="SocManifestSvn">SoC manifest SVN.</param>
/// <param name="SocManifestMaxSvn">SoC manifest max SVN (0: none).</param>
/// <param name="AntiRollbackDisabled">Anti-rollback disabled.</param>
/// <param name="RevokedEccKeys">Revoked vendor ECC key indices.</param>
/// <param name="RevokedLmsKeys">Revoked vendor LMS key indices.</param>
/// <param name="RevokedMlDsaKeys">Revoked vendor ML-DSA key indices.</param>
/// <param name="Ueid">The fused UEID (type byte, serial), hex; null when unprogrammed (the certificates then carry the key-derived UEID, decision 0274).</param>
/// <param name="Partitions">Every partition.</param>
public sealed record FuseReport(
    string Chip,
    string StateFile,
    LifecycleState Lifecycle,
    int TransitionCount,
    string CaliptraLifecycle,
    int RuntimeSvn,
    int SocManifestSvn,
    int SocManifestMaxSvn,
    bool AntiRollbackDisabled,
    IReadOnlyList<int> RevokedEccKeys,
    IReadOnlyList<int> RevokedLmsKeys,
    IReadOnlyList<int> RevokedMlDsaKeys,
    string? Ueid,
    IReadOnlyList<PartitionReport> Partitions)
{
    /// <summary>What the Caliptra core sees of a subsystem lifecycle state (REFERENCE.md "Lifecycle").</summary>
    public static string CaliptraView(LifecycleState state) => state switch
    {
        LifecycleState.Manufacturing => "Manufacturing",
        LifecycleState.Production or LifecycleState.ProdEnd => "Production",
        _ => "Unprovisioned",
    };

    /// <summary>Reads the report from a chip's fuse controller and lifecycle controller.</summary>
    public static FuseReport Create(string chip, string stateFile, IFuseController fuses, RawFuseReader readRaw, ILifecycleController lifecycle)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        ArgumentNullException.ThrowIfNull(readRaw);
        ArgumentNullException.ThrowIfNull(lifecycle);
        fuses.ReadRuntimeSvn(out var runtimeSvn);
        fuses.ReadSocManifestSvn(out var socSvn);
        fuses.ReadSocManifestMaxSvn(out var maxSvn);
        fuses.IsAntiRollbackDisabled(out var arDisabled);
        var ueid = new byte[FuseLayout.UeidSize];
        var ueidFused = fuses.ReadUeid(ueid) == FuseStatus.Ok && ueid.AsSpan().ContainsAnyExcept((byte)0);
        var partitions = new List<PartitionReport>();
        foreach (var id in FuseLayout.All)
        {
            var content = new byte[FuseLayout.SizeOf(id)];
            readRaw(id, 0, content);
            var blank = !content.AsSpan().ContainsAnyExcept((byte)0);
            var secret = FuseLayout.IsSecret(id);
            partitions.Add(new PartitionReport(
                id.ToString(),
                content.Length,
                fuses.IsLocked(id),
                blank,
                secret ? null : Convert.ToHexStringLower(content),
                Summarize(id, content, blank)));
            Array.Clear(content);
        }

        var state = lifecycle.State;
        return new FuseReport(
            chip,
            stateFile,
            state,
            lifecycle.TransitionCount,
            CaliptraView(state),
            runtimeSvn,
            socSvn,
            maxSvn,
            arDisabled,
            Revoked(fuses, VendorKeyType.Ecc, FuseLayout.EccKeyCount),
            Revoked(fuses, VendorKeyType.Lms, FuseLayout.LmsKeyCount),
            Revoked(fuses, VendorKeyType.MlDsa, FuseLayout.MlDsaKeyCount),
            ueidFused ? Convert.ToHexStringLower(ueid) : null,
            partitions);
    }

    private static List<int> Revoked(IFuseController fuses, VendorKeyType type, int count) =>
        Enumerable.Range(0, count).Where(i => fuses.IsKeyRevoked(type, i, out var revoked) == FuseStatus.Ok && revoked).ToList();

    private static string Summarize(FusePartition id, byte[] content, bool blank)
    {
        if (FuseLayout.IsSecret(id))
        {
            return blank ? "blank" : "burned (secret, never shown)";
        }

        if (blank)
        {
            return "blank";
        }

        var inv = CultureInfo.InvariantCulture;
        switch (id)
        {
            case FusePartition.VendorKeys:
                var pqc = content[FuseLayout.VendorPqcTypeOffset] switch { 1 => "ML-DSA", 3 => "LMS", 0 => "unset", var other => "unknown " + other.ToString(inv) };
                return $"PK hash {Short(content.AsSpan(0, FuseLayout.HashSize))}, PQC type {pqc}";
            case FusePartition.OwnerKeys:
                return "PK hash " + Short(content);
            case FusePartition.Svn:
                return string.Create(inv, $"runtime {FuseFields.DecodeSvn(content.AsSpan(FuseLayout.RuntimeSvnOffset, FuseLayout.SvnFieldSize))}, SoC manifest {FuseFields.DecodeSvn(content.AsSpan(FuseLayout.SocManifestSvnOffset, FuseLayout.SvnFieldSize))}, max {content[FuseLayout.SocManifestMaxSvnOffset]}");
            case FusePartition.Revocation:
                return string.Create(inv, $"ECC 0x{content[FuseLayout.EccRevocationOffset] & 0xF:x1}, LMS 0x{BinaryPrimitives.ReadUInt32LittleEndian(content.AsSpan(FuseLayout.LmsRevocationOffset)):x8}, ML-DSA 0x{content[FuseLayout.MlDsaRevocationOffset] & 0xF:x1}");
            case FusePartition.IdevidCertAttributes:
                byte[] ueid = [content[FuseLayout.UeidTypeOffset], .. content.AsSpan(FuseLayout.UeidSerialOffset, FuseLayout.UeidSerialSize)];
                return ueid.AsSpan().ContainsAnyExcept((byte)0) ? "UEID " + Convert.ToHexStringLower(ueid) : "UEID not fused (key-derived); other attributes " + Short(content);
            case FusePartition.AntiRollback:
                return (content[0] & 1) != 0 ? "anti-rollback DISABLED" : "other bits set";
            case FusePartition.DebugUnlockKeys:
                return "key hashes for levels " + string.Join(",", Enumerable.Range(0, FuseLayout.DebugUnlockLevels).Where(l => content.AsSpan(l * FuseLayout.HashSize, FuseLayout.HashSize).ContainsAnyExcept((byte)0)).Select(l => (l + 1).ToString(inv)));
            case FusePartition.LifecycleTokens:
                return "token hashes: " + string.Join(", ", Enum.GetValues<LifecycleToken>().Where(t => content.AsSpan(LifecycleTokenHash.OffsetOf(t), FuseLayout.HashSize).ContainsAnyExcept((byte)0)));
            case FusePartition.Lifecycle:
                return "record " + Convert.ToHexStringLower(content.AsSpan(0, Math.Max(1, content.AsSpan().IndexOf((byte)0) is var n and >= 0 ? n : content.Length)));
            default:
                return Short(content);
        }
    }

    private static string Short(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 8 ? Convert.ToHexStringLower(bytes) : Convert.ToHexStringLower(bytes[..8]) + "…";
}
