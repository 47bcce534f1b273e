using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Pqc.Crypto.Lms;

namespace Rampart.Crypto;

/// <summary>
/// Stateful LMS signing for host tooling only (firmware never signs with LMS):
/// LMS_SHA256_M24_H{5,10,15,20,25} with LMOTS_SHA256_N24_W4 (RFC 8554, NIST SP 800-208),
/// through BouncyCastle. The key is fixed by its identifier I and secret SEED (SP 800-208
/// §6.2 pseudorandom key generation), so the same inputs give the same key.
/// <para>
/// Each <see cref="Sign"/> reads the next unused leaf q from the <see cref="ILmsIndexStore"/>,
/// commits q + 1 (durably, by the store's contract) and only then computes and releases the
/// signature for leaf q, so no leaf is used twice, across restarts included. An H15 tree
/// (32,768 leaves) takes seconds to build on first use; tests use H5.
/// </para>
/// </summary>
public sealed class LmsSigner : IDisposable
{
    /// <summary>Size of the secret SEED (n bytes).</summary>
    public const int SeedSize = LmsSha256N24.HashSize;

    private readonly Lock _lock = new();
    private readonly ILmsIndexStore _store;
    private readonly LMSigParameters _lmsParameters;
    private readonly byte[] _identifier;
    private readonly byte[] _seed;
    private LmsPrivateKeyParameters? _key;
    private byte[]? _publicKey;
    private bool _disposed;

    /// <summary>A signer for the key (height, I, SEED) whose used leaves are recorded in <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">Height not 5/10/15/20/25, I not 16 bytes, or SEED not 24 bytes.</exception>
    public LmsSigner(int height, ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> seed, ILmsIndexStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (identifier.Length != LmsSha256N24.IdentifierSize)
        {
            throw new ArgumentException($"The LMS identifier I is {LmsSha256N24.IdentifierSize} bytes.", nameof(identifier));
        }

        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"The LMS SEED is {SeedSize} bytes.", nameof(seed));
        }

        _lmsParameters = LMSigParameters.GetParametersByID((int)LmsSha256N24.LmsType(height));
        Height = height;
        _identifier = identifier.ToArray();
        _seed = seed.ToArray();
        _store = store;
    }

    /// <summary>The tree height h.</summary>
    public int Height { get; }

    /// <summary>Number of leaves, 2^h.</summary>
    public uint Capacity => 1u << Height;

    /// <summary>Leaves not yet used.</summary>
    public uint Remaining => Capacity - Math.Min(Capacity, _store.NextIndex);

    /// <summary>Size of each signature.</summary>
    public int SignatureSize => LmsSha256N24.SignatureSize(Height);

    /// <summary>The RFC 8554 public key encoding (48 bytes). Building it computes the whole tree.</summary>
    public byte[] PublicKey
    {
        get
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _publicKey ??= KeyAt(Math.Min(_store.NextIndex, Capacity - 1)).GetPublicKey().GetEncoded();
                return (byte[])_publicKey.Clone();
            }
        }
    }

    /// <summary>Signs with the next unused leaf and returns that leaf's index q.</summary>
    /// <exception cref="InvalidOperationException">Every leaf is used, or the store refused the commit (nothing is released then).</exception>
    public uint Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException($"LMS H{Height} signatures are {SignatureSize} bytes.", nameof(signature));
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            uint q = _store.NextIndex;
            if (q >= Capacity)
            {
                throw new InvalidOperationException($"The LMS key's {Capacity} one-time keys are all used.");
            }

            _store.Commit(q + 1);

            LmsPrivateKeyParameters key = KeyAt(q);
            byte[] produced = Lms.GenerateSign(key, message.ToArray()).GetEncoded();
            if (produced.Length != SignatureSize || BinaryPrimitives.ReadUInt32BigEndian(produced) != q)
            {
                throw new InvalidOperationException("The LMS signature was not made with the reserved leaf.");
            }

            produced.CopyTo(signature);
            return q;
        }
    }

    /// <summary>Zeroes the secret seed.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            CryptographicOperations.ZeroMemory(_seed);
            _key = null;
            _disposed = true;
        }
    }

    /// <summary>The BouncyCastle key positioned at leaf q; rebuilt (losing its node cache) only if its index drifted.</summary>
    private LmsPrivateKeyParameters KeyAt(uint q)
    {
        if (_key is null || _key.GetIndex() != (int)q)
        {
            _key = Lms.GenerateKeys(_lmsParameters, LMOtsParameters.sha256_n24_w4, (int)q, _identifier, _seed);
        }

        return _key;
    }
}
