using System.Security.Cryptography;
using Rampart.Hal.Security;

namespace Rampart.Platform.Security;

/// <summary>
/// The OTP fuse controller peripheral. Each partition holds its content, a lock flag and a
/// SHA-384 integrity digest over (partition id, lock flag, content) that the controller
/// recomputes on every program or lock and checks on every read (decision 0210). Bits only
/// go 0→1; a locked partition takes no writes. The whole array is exported and imported as
/// a <see cref="FuseImage"/>; an image whose digests do not match is refused.
/// </summary>
public sealed class OtpFuseController : IFuseController
{
    private readonly Dictionary<FusePartition, Partition> _partitions = [];

    /// <summary>A blank (all-zero, unlocked) fuse array.</summary>
    public OtpFuseController()
    {
        foreach (var id in FuseLayout.All)
        {
            var partition = new Partition(id, new byte[FuseLayout.SizeOf(id)], false, new byte[FuseLayout.HashSize]);
            partition.UpdateDigest();
            _partitions.Add(id, partition);
        }
    }

    /// <inheritdoc />
    public FuseStatus Read(FusePartition partition, int offset, Span<byte> destination)
    {
        if (FuseLayout.IsSecret(partition))
        {
            destination.Clear();
            return FuseStatus.SecretPartition;
        }

        return ReadRaw(partition, offset, destination);
    }

    /// <inheritdoc />
    public FuseStatus Program(FusePartition partition, int offset, ReadOnlySpan<byte> value)
    {
        var status = Locate(partition, offset, value.Length, out var p);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        if (p.Locked)
        {
            return FuseStatus.PartitionLocked;
        }

        var target = p.Content.AsSpan(offset, value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if ((target[i] & ~value[i]) != 0)
            {
                return FuseStatus.WouldClearBits;
            }
        }

        value.CopyTo(target);
        p.UpdateDigest();
        return FuseStatus.Ok;
    }

    /// <summary>Programs <paramref name="value"/> OR the current bits (never refuses for bits already set).</summary>
    public FuseStatus ProgramBits(FusePartition partition, int offset, ReadOnlySpan<byte> value)
    {
        var status = Locate(partition, offset, value.Length, out var p);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        Span<byte> merged = stackalloc byte[value.Length];
        p.Content.AsSpan(offset, value.Length).CopyTo(merged);
        for (var i = 0; i < merged.Length; i++)
        {
            merged[i] |= value[i];
        }

        return Program(partition, offset, merged);
    }

    /// <inheritdoc />
    public FuseStatus Lock(FusePartition partition)
    {
        var status = Locate(partition, 0, 0, out var p);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        if (!p.Locked)
        {
            p.Locked = true;
            p.UpdateDigest();
        }

        return FuseStatus.Ok;
    }

    /// <inheritdoc />
    public bool IsLocked(FusePartition partition) =>
        _partitions.TryGetValue(partition, out var p) && p.Locked;

    /// <inheritdoc />
    public FuseStatus Verify(FusePartition partition) => Locate(partition, 0, 0, out _);

    /// <inheritdoc />
    public FuseStatus LoadSecret(FusePartition partition, IKeyVault vault, KeySlotId slot, KeyUsage usage)
    {
        ArgumentNullException.ThrowIfNull(vault);
        if (!FuseLayout.IsSecret(partition))
        {
            return FuseStatus.UnknownPartition;
        }

        var status = Locate(partition, 0, 0, out var p);
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        return vault.Write(slot, p.Content, usage) == KeyVaultStatus.Ok ? FuseStatus.Ok : FuseStatus.KeyVaultRefused;
    }

    /// <summary>
    /// Reads any partition, secrets included: the back door host tools use (a fuse programmer
    /// reading a chip it provisions), never reachable through <see cref="IFuseController"/>.
    /// </summary>
    public FuseStatus ReadRaw(FusePartition partition, int offset, Span<byte> destination)
    {
        var status = Locate(partition, offset, destination.Length, out var p);
        if (status != FuseStatus.Ok)
        {
            destination.Clear();
            return status;
        }

        p.Content.AsSpan(offset, destination.Length).CopyTo(destination);
        return FuseStatus.Ok;
    }

    /// <summary>True when every byte of a partition is zero (nothing burned yet).</summary>
    public bool IsBlank(FusePartition partition) =>
        _partitions.TryGetValue(partition, out var p) && !p.Content.AsSpan().ContainsAnyExcept((byte)0);

    /// <summary>The size of the exported image.</summary>
    public static int ImageSize => FuseImage.Size;

    /// <summary>Writes the whole array as a <see cref="FuseImage"/>.</summary>
    public byte[] Export()
    {
        var image = new byte[FuseImage.Size];
        FuseImage.Write(image, id => (_partitions[id].Content, _partitions[id].Locked, _partitions[id].Digest));
        return image;
    }

    /// <summary>
    /// Replaces the whole array with an exported image after checking its layout and every
    /// partition digest; on any failure nothing changes and the named error is returned.
    /// </summary>
    public FuseStatus Import(ReadOnlySpan<byte> image)
    {
        var parsed = new Dictionary<FusePartition, Partition>();
        var status = FuseImage.Read(image, (id, content, locked, digest) =>
        {
            var p = new Partition(id, content.ToArray(), locked, digest.ToArray());
            if (!p.DigestMatches())
            {
                return false;
            }

            parsed.Add(id, p);
            return true;
        });
        if (status != FuseStatus.Ok)
        {
            return status;
        }

        _partitions.Clear();
        foreach (var (id, p) in parsed)
        {
            _partitions.Add(id, p);
        }

        return FuseStatus.Ok;
    }

    /// <summary>Flips one content bit without updating the digest: fault injection for tests and the simulator.</summary>
    public void InjectBitFlip(FusePartition partition, int bitIndex)
    {
        var p = _partitions[partition];
        ArgumentOutOfRangeException.ThrowIfNegative(bitIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bitIndex, p.Content.Length * 8);
        p.Content[bitIndex / 8] ^= (byte)(1 << (bitIndex % 8));
    }

    private FuseStatus Locate(FusePartition partition, int offset, int length, out Partition p)
    {
        if (!_partitions.TryGetValue(partition, out var found))
        {
            p = null!;
            return FuseStatus.UnknownPartition;
        }

        p = found;

        if (offset < 0 || length < 0 || offset > p.Content.Length - length)
        {
            return FuseStatus.OutOfRange;
        }

        return p.DigestMatches() ? FuseStatus.Ok : FuseStatus.DigestMismatch;
    }

    private sealed class Partition(FusePartition id, byte[] content, bool locked, byte[] digest)
    {
        public FusePartition Id { get; } = id;

        public byte[] Content { get; } = content;

        public bool Locked { get; set; } = locked;

        public byte[] Digest { get; } = digest;

        public void UpdateDigest() => Compute(Digest);

        public bool DigestMatches()
        {
            Span<byte> expected = stackalloc byte[FuseLayout.HashSize];
            Compute(expected);
            return CryptographicOperations.FixedTimeEquals(expected, Digest);
        }

        private void Compute(Span<byte> digest) => FuseImage.ComputePartitionDigest(Id, Locked, Content, digest);
    }
}
