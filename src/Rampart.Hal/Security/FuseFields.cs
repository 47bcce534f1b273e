using System.Buffers.Binary;

namespace Rampart.Hal.Security;

/// <summary>Which vendor key family a revocation bit belongs to.</summary>
public enum VendorKeyType : byte
{
    /// <summary>ECC P-384 (4 keys).</summary>
    Ecc = 0x01,

    /// <summary>LMS (32 keys).</summary>
    Lms = 0x02,

    /// <summary>ML-DSA-87 (4 keys).</summary>
    MlDsa = 0x03,
}

/// <summary>
/// Typed views of the fuse fields firmware reads and burns: the one-hot SVNs (the SVN is the
/// position of the highest set bit, so a lost low bit never lowers it), revocation bits,
/// anti-rollback disable, the UEID. Built only on <see cref="IFuseController"/>.
/// </summary>
public static class FuseFields
{
    /// <summary>Decodes a 128-bit one-hot SVN field: the index of the highest set bit plus one.</summary>
    public static int DecodeSvn(ReadOnlySpan<byte> field)
    {
        for (var i = field.Length - 1; i >= 0; i--)
        {
            if (field[i] != 0)
            {
                return (i * 8) + (8 - System.Numerics.BitOperations.LeadingZeroCount((uint)field[i]) + 24);
            }
        }

        return 0;
    }

    /// <summary>Encodes an SVN (0…128) as its low bits set.</summary>
    public static void EncodeSvn(int svn, Span<byte> field)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(svn);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(svn, field.Length * 8);
        field.Clear();
        for (var bit = 0; bit < svn; bit++)
        {
            field[bit / 8] |= (byte)(1 << (bit % 8));
        }
    }

    /// <summary>Reads the runtime SVN.</summary>
    public static FuseStatus ReadRuntimeSvn(this IFuseController fuses, out int svn) =>
        ReadSvn(fuses, FuseLayout.RuntimeSvnOffset, out svn);

    /// <summary>Reads the SoC manifest SVN.</summary>
    public static FuseStatus ReadSocManifestSvn(this IFuseController fuses, out int svn) =>
        ReadSvn(fuses, FuseLayout.SocManifestSvnOffset, out svn);

    /// <summary>Raises the runtime SVN to at least <paramref name="svn"/> (a lower value changes nothing).</summary>
    public static FuseStatus BurnRuntimeSvn(this IFuseController fuses, int svn) =>
        BurnSvn(fuses, FuseLayout.RuntimeSvnOffset, svn);

    /// <summary>Raises the SoC manifest SVN to at least <paramref name="svn"/>, refused above the fused max SVN.</summary>
    public static FuseStatus BurnSocManifestSvn(this IFuseController fuses, int svn)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        var status = fuses.ReadSocManifestMaxSvn(out var max);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        return max != 0 && svn > max ? FuseStatus.ValueOutOfRange : BurnSvn(fuses, FuseLayout.SocManifestSvnOffset, svn);
    }

    /// <summary>Reads the SoC manifest max SVN (0: only the 128-bit field width limits it).</summary>
    public static FuseStatus ReadSocManifestMaxSvn(this IFuseController fuses, out int max)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        Span<byte> value = stackalloc byte[1];
        var status = fuses.Read(FusePartition.Svn, FuseLayout.SocManifestMaxSvnOffset, value);
        max = value[0];
        return status;
    }

    /// <summary>Tells whether a vendor key index is revoked.</summary>
    public static FuseStatus IsKeyRevoked(this IFuseController fuses, VendorKeyType type, int index, out bool revoked)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        revoked = false;
        if (!TryLocateRevocation(type, index, out var offset, out var width))
        {
            return FuseStatus.ValueOutOfRange;
        }

        Span<byte> bits = stackalloc byte[4];
        var status = fuses.Read(FusePartition.Revocation, offset, bits[..width]);
        revoked = status == FuseStatus.Ok && (BinaryPrimitives.ReadUInt32LittleEndian(bits) & (1u << index)) != 0;
        return status;
    }

    /// <summary>Revokes a vendor key index (burns its bit).</summary>
    public static FuseStatus RevokeKey(this IFuseController fuses, VendorKeyType type, int index)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        if (!TryLocateRevocation(type, index, out var offset, out var width))
        {
            return FuseStatus.ValueOutOfRange;
        }

        Span<byte> bits = stackalloc byte[4];
        var status = fuses.Read(FusePartition.Revocation, offset, bits[..width]);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(bits) | (1u << index);
        BinaryPrimitives.WriteUInt32LittleEndian(bits, value);
        return fuses.Program(FusePartition.Revocation, offset, bits[..width]);
    }

    /// <summary>Tells whether anti-rollback is disabled.</summary>
    public static FuseStatus IsAntiRollbackDisabled(this IFuseController fuses, out bool disabled)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        Span<byte> value = stackalloc byte[1];
        var status = fuses.Read(FusePartition.AntiRollback, 0, value);
        disabled = status == FuseStatus.Ok && (value[0] & 1) != 0;
        return status;
    }

    /// <summary>
    /// Reads the UEID (17 bytes: the type byte, then the 16-byte serial) from the IDevID
    /// certificate attributes, as Caliptra's ROM does at fuse intake; all zero when unprogrammed.
    /// </summary>
    public static FuseStatus ReadUeid(this IFuseController fuses, Span<byte> ueid)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        if (ueid.Length != FuseLayout.UeidSize)
        {
            throw new ArgumentException("a fused UEID is 17 bytes", nameof(ueid));
        }

        ueid.Clear();
        var status = fuses.Read(FusePartition.IdevidCertAttributes, FuseLayout.UeidTypeOffset, ueid[..1]);
        if (status == FuseStatus.Ok)
        {
            status = fuses.Read(FusePartition.IdevidCertAttributes, FuseLayout.UeidSerialOffset, ueid[1..]);
        }

        if (status != FuseStatus.Ok)
        {
            ueid.Clear();
        }

        return status;
    }

    /// <summary>
    /// Burns a 17-byte UEID (type byte, serial) into the IDevID certificate attributes in one
    /// program request, so a refused burn (<see cref="FuseStatus.WouldClearBits"/>) changes nothing.
    /// </summary>
    public static FuseStatus BurnUeid(this IFuseController fuses, ReadOnlySpan<byte> ueid)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        if (ueid.Length != FuseLayout.UeidSize)
        {
            return FuseStatus.ValueOutOfRange;
        }

        // Words 11–15: the type byte, the three unused bytes of word 11 (kept as they are), the serial.
        Span<byte> words = stackalloc byte[FuseLayout.UeidSerialOffset - FuseLayout.UeidTypeOffset + FuseLayout.UeidSerialSize];
        var status = fuses.Read(FusePartition.IdevidCertAttributes, FuseLayout.UeidTypeOffset, words);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        words[0] = ueid[0];
        ueid[1..].CopyTo(words[(FuseLayout.UeidSerialOffset - FuseLayout.UeidTypeOffset)..]);
        return fuses.Program(FusePartition.IdevidCertAttributes, FuseLayout.UeidTypeOffset, words);
    }

    private static FuseStatus ReadSvn(IFuseController fuses, int offset, out int svn)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        Span<byte> field = stackalloc byte[FuseLayout.SvnFieldSize];
        var status = fuses.Read(FusePartition.Svn, offset, field);
        svn = status == FuseStatus.Ok ? DecodeSvn(field) : 0;
        return status;
    }

    private static FuseStatus BurnSvn(IFuseController fuses, int offset, int svn)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        if (svn < 0 || svn > FuseLayout.MaxSvn)
        {
            return FuseStatus.ValueOutOfRange;
        }

        Span<byte> current = stackalloc byte[FuseLayout.SvnFieldSize];
        var status = fuses.Read(FusePartition.Svn, offset, current);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        Span<byte> wanted = stackalloc byte[FuseLayout.SvnFieldSize];
        EncodeSvn(svn, wanted);
        for (var i = 0; i < wanted.Length; i++)
        {
            wanted[i] |= current[i];
        }

        return fuses.Program(FusePartition.Svn, offset, wanted);
    }

    private static bool TryLocateRevocation(VendorKeyType type, int index, out int offset, out int width)
    {
        (offset, width, var count) = type switch
        {
            VendorKeyType.Ecc => (FuseLayout.EccRevocationOffset, 1, FuseLayout.EccKeyCount),
            VendorKeyType.Lms => (FuseLayout.LmsRevocationOffset, 4, FuseLayout.LmsKeyCount),
            VendorKeyType.MlDsa => (FuseLayout.MlDsaRevocationOffset, 1, FuseLayout.MlDsaKeyCount),
            _ => (0, 0, 0),
        };
        return index >= 0 && index < count;
    }
}
