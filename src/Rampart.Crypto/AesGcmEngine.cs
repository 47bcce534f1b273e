using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Crypto;

/// <summary>
/// AES-256-GCM (NIST SP 800-38D) over <see cref="AesGcm"/>, 12-byte nonces and 16-byte tags.
/// The cipher object of the most recently used key is kept (a copy of the key is compared in
/// constant time), so a session encrypting many records under one key allocates nothing per
/// record. Thread-safe.
/// </summary>
public sealed class AesGcmEngine : IAesGcmEngine, IDisposable
{
    /// <summary>AES-256 key size.</summary>
    public const int KeySize = 32;

    /// <summary>GCM nonce (IV) size.</summary>
    public const int NonceSize = 12;

    /// <summary>GCM tag size.</summary>
    public const int TagSize = 16;

    /// <summary>A known-answer vector.</summary>
    internal readonly record struct Vector(string Name, byte[] Key, byte[] Nonce, byte[] Plaintext, byte[] AssociatedData, byte[] Ciphertext, byte[] Tag);

    /// <summary>The GCM specification's AES-256 test cases 13, 14 and 16 (McGrew and Viega, as used by NIST's GCM validation).</summary>
    internal static readonly Vector[] KnownAnswers =
    [
        new("GCM test case 13", new byte[32], new byte[12], [], [], [], Hex.Decode("530f8afbc74536b9a963b4f1c4cb738b")),
        new("GCM test case 14", new byte[32], new byte[12], new byte[16], [],
            Hex.Decode("cea7403d4d606b6e074ec5d3baf39d18"), Hex.Decode("d0d1c8a799996bf0265b98b5d48ab919")),
        new("GCM test case 16",
            Hex.Decode("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
            Hex.Decode("cafebabefacedbaddecaf888"),
            Hex.Decode("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"),
            Hex.Decode("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
            Hex.Decode("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"),
            Hex.Decode("76fc6ece0f4e1768cddf8853bb2d551b")),
    ];

    private readonly Lock _lock = new();
    private readonly byte[] _cachedKey = new byte[KeySize];
    private AesGcm? _cached;

    /// <inheritdoc/>
    public string EngineName => "AES-256-GCM";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Key, nonce, tag or ciphertext of the wrong size (caller bugs).</exception>
    public void Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> ciphertext, Span<byte> tag)
    {
        RequireKeyAndNonce(key, nonce);
        if (ciphertext.Length != plaintext.Length)
        {
            throw new ArgumentException("The ciphertext must be as long as the plaintext.", nameof(ciphertext));
        }

        if (tag.Length != TagSize)
        {
            throw new ArgumentException($"The tag is {TagSize} bytes.", nameof(tag));
        }

        lock (_lock)
        {
            CipherFor(key).Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A tag of the wrong length is Invalid; a key or nonce of the wrong length, or a plaintext buffer of another length than the ciphertext, is a caller bug.</remarks>
    public Verdict Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        RequireKeyAndNonce(key, nonce);
        if (plaintext.Length != ciphertext.Length)
        {
            throw new ArgumentException("The plaintext buffer must be as long as the ciphertext.", nameof(plaintext));
        }

        if (tag.Length != TagSize)
        {
            plaintext.Clear();
            return Verdict.Invalid;
        }

        lock (_lock)
        {
            try
            {
                CipherFor(key).Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
                return Verdict.Valid;
            }
            catch (CryptographicException)
            {
                CryptographicOperations.ZeroMemory(plaintext);
                return Verdict.Invalid;
            }
        }
    }

    /// <inheritdoc/>
    public KatResult RunKnownAnswerTest() => RunKnownAnswerTest(KnownAnswers);

    /// <summary>Runs the given vectors: encrypt (exact bytes), decrypt, and reject a flipped tag bit.</summary>
    internal KatResult RunKnownAnswerTest(IReadOnlyList<Vector> vectors) => KnownAnswer.Guard(EngineName, () => RunVectors(vectors));

    private KatResult RunVectors(IReadOnlyList<Vector> vectors)
    {
        foreach (Vector v in vectors)
        {
            byte[] ciphertext = new byte[v.Plaintext.Length];
            byte[] tag = new byte[TagSize];
            Encrypt(v.Key, v.Nonce, v.Plaintext, v.AssociatedData, ciphertext, tag);
            if (!ciphertext.AsSpan().SequenceEqual(v.Ciphertext) || !tag.AsSpan().SequenceEqual(v.Tag))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: encryption mismatch");
            }

            byte[] plaintext = new byte[v.Ciphertext.Length];
            if (!Decrypt(v.Key, v.Nonce, v.Ciphertext, v.Tag, v.AssociatedData, plaintext).IsValid() || !plaintext.AsSpan().SequenceEqual(v.Plaintext))
            {
                return KatResult.Fail(EngineName, $"{v.Name}: decryption mismatch");
            }

            tag[0] ^= 0x80;
            if (Decrypt(v.Key, v.Nonce, v.Ciphertext, tag, v.AssociatedData, plaintext) != Verdict.Invalid)
            {
                return KatResult.Fail(EngineName, $"{v.Name}: a flipped tag bit was accepted");
            }
        }

        return KatResult.Pass(EngineName);
    }

    /// <summary>Disposes the cached cipher and zeroes the cached key.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _cached?.Dispose();
            _cached = null;
            CryptographicOperations.ZeroMemory(_cachedKey);
        }
    }

    private AesGcm CipherFor(ReadOnlySpan<byte> key)
    {
        if (_cached is not null && CryptographicOperations.FixedTimeEquals(_cachedKey, key))
        {
            return _cached;
        }

        _cached?.Dispose();
        _cached = new AesGcm(key, TagSize);
        key.CopyTo(_cachedKey);
        return _cached;
    }

    private static void RequireKeyAndNonce(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"AES-256 keys are {KeySize} bytes.", nameof(key));
        }

        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"GCM nonces are {NonceSize} bytes here.", nameof(nonce));
        }
    }
}
