using System.Security.Cryptography;
using Rampart.Hal.Crypto;

namespace Rampart.Identity.Dice;

/// <summary>
/// The host-tool <see cref="IDiceKeySource"/>: secrets are byte arrays in a private table,
/// every operation runs on the Hal engines (<see cref="ICryptoEngines"/>), and
/// <see cref="Dispose"/> zeroes every secret and private key it made.
/// </summary>
public sealed class SoftwareDiceKeySource : IDiceKeySource, IDisposable
{
    private const int HmacSha512Size = 64;

    private readonly ICryptoEngines _engines;
    private readonly Dictionary<int, byte[]> _secrets = [];
    private readonly List<SoftwareDiceSigner> _signers = [];
    private int _nextHandle = 1;

    /// <summary>Creates an empty key source over <paramref name="engines"/>.</summary>
    public SoftwareDiceKeySource(ICryptoEngines engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        _engines = engines;
    }

    /// <summary>Takes a copy of a secret (the UDS, the field entropy) and returns its handle.</summary>
    public DiceSecret Import(ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("a secret is not empty", nameof(secret));
        }

        return Store(secret.ToArray());
    }

    /// <inheritdoc/>
    public DiceSecret Kdf(DiceSecret key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context)
    {
        var output = new byte[HmacSha512Size];
        _engines.Kdf.CaliptraHmacKdf(Get(key), label, context, output);
        return Store(output);
    }

    /// <inheritdoc/>
    public DiceSecret Mac(DiceSecret key, ReadOnlySpan<byte> data)
    {
        var output = new byte[HmacSha512Size];
        _engines.Hmac.Mac(ShaAlgorithm.Sha512, Get(key), data, output);
        return Store(output);
    }

    /// <inheritdoc/>
    public DiceSecret Mac(DiceSecret key, DiceSecret data) => Mac(key, Get(data));

    /// <inheritdoc/>
    public IDiceSigner DeriveSigner(DiceSecret cdi, ReadOnlySpan<byte> label, DiceKeyAlgorithm algorithm)
    {
        Span<byte> seed = stackalloc byte[HmacSha512Size];
        try
        {
            _engines.Kdf.CaliptraHmacKdf(Get(cdi), label, [], seed);
            var signer = SoftwareDiceSigner.FromSeed(_engines, algorithm, seed);
            _signers.Add(signer);
            return signer;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <inheritdoc/>
    public void Erase(DiceSecret secret)
    {
        if (_secrets.Remove(secret.Handle, out var bytes))
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Zeroes every secret and private key.</summary>
    public void Dispose()
    {
        foreach (var bytes in _secrets.Values)
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        _secrets.Clear();
        foreach (var signer in _signers)
        {
            signer.Dispose();
        }

        _signers.Clear();
    }

    private DiceSecret Store(byte[] bytes)
    {
        var handle = new DiceSecret(_nextHandle++);
        _secrets.Add(handle.Handle, bytes);
        return handle;
    }

    private byte[] Get(DiceSecret secret) =>
        _secrets.TryGetValue(secret.Handle, out var bytes)
            ? bytes
            : throw new ArgumentException("unknown or erased secret handle", nameof(secret));
}
