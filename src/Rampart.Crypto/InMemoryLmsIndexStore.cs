using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Rampart.Crypto;

/// <summary>
/// An <see cref="ILmsIndexStore"/> held in memory, for tests and as the model of the persisted
/// record: every commit refreshes <see cref="PersistedBytes"/>, and <see cref="TryLoad"/>
/// restores a store from them (as a file-backed store would after a restart).
/// </summary>
public sealed class InMemoryLmsIndexStore : ILmsIndexStore
{
    // Record layout (big-endian):
    // +0  u32 magic "LMSI" (4C 4D 53 49)
    // +4  u32 next index
    // +8  SHA-256 of bytes 0..7 (detects a corrupted record)
    private const uint Magic = 0x4C4D_5349;
    private const int MagicOffset = 0;
    private const int NextIndexOffset = 4;
    private const int DigestOffset = 8;

    /// <summary>Size of a persisted record.</summary>
    public const int RecordSize = DigestOffset + 32;

    private readonly Lock _lock = new();
    private readonly byte[] _record = new byte[RecordSize];
    private uint _next;

    /// <summary>A fresh store (no leaf used).</summary>
    public InMemoryLmsIndexStore()
    {
        Write(0);
    }

    private InMemoryLmsIndexStore(uint next)
    {
        Write(next);
    }

    /// <inheritdoc/>
    public uint NextIndex
    {
        get
        {
            lock (_lock)
            {
                return _next;
            }
        }
    }

    /// <summary>A copy of the record as it would be persisted after the last commit.</summary>
    public byte[] PersistedBytes
    {
        get
        {
            lock (_lock)
            {
                return (byte[])_record.Clone();
            }
        }
    }

    /// <summary>How many commits reached the record (tests check one per signature).</summary>
    public int CommitCount { get; private set; }

    /// <inheritdoc/>
    public void Commit(uint nextIndex)
    {
        lock (_lock)
        {
            if (nextIndex <= _next)
            {
                throw new InvalidOperationException($"LMS index record cannot move from {_next} to {nextIndex}.");
            }

            Write(nextIndex);
            CommitCount++;
        }
    }

    /// <summary>Restores a store from <see cref="PersistedBytes"/>; false for a record of the wrong size, magic or digest.</summary>
    public static bool TryLoad(ReadOnlySpan<byte> record, out InMemoryLmsIndexStore? store)
    {
        store = null;
        if (record.Length != RecordSize || BinaryPrimitives.ReadUInt32BigEndian(record[MagicOffset..]) != Magic)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(record[..DigestOffset], digest);
        if (!CryptographicOperations.FixedTimeEquals(digest, record[DigestOffset..]))
        {
            return false;
        }

        store = new InMemoryLmsIndexStore(BinaryPrimitives.ReadUInt32BigEndian(record[NextIndexOffset..]));
        return true;
    }

    private void Write(uint next)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_record.AsSpan(MagicOffset), Magic);
        BinaryPrimitives.WriteUInt32BigEndian(_record.AsSpan(NextIndexOffset), next);
        SHA256.HashData(_record.AsSpan(0, DigestOffset), _record.AsSpan(DigestOffset));
        _next = next;
    }
}
