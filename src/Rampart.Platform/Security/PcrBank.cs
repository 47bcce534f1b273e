using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;

namespace Rampart.Platform.Security;

/// <summary>
/// The PCR bank peripheral (Caliptra's PCR vault): 32 SHA-384 registers, cleared at cold
/// reset. Extend: PCR ← SHA-384(PCR || data), recorded in the measurement log; a locked PCR
/// takes no more extends; quotes sign <see cref="PcrQuoteMessage"/> with a key-vault slot.
/// Verifiers replay the log and check quotes with Rampart.Identity's evidence code (decision 0275).
/// </summary>
public sealed class PcrBank : IPcrBank, IDisposable
{
    /// <summary>The most events the log keeps; an extend beyond it is refused.</summary>
    public const int MaxLogEntries = 1024;

    private const int Size = PcrQuoteMessage.PcrSize;

    private readonly IKeyVault _vault;
    private readonly byte[] _pcrs = new byte[PcrQuoteMessage.PcrCount * Size];
    private readonly bool[] _locked = new bool[PcrQuoteMessage.PcrCount];
    private readonly List<MeasurementLogEntry> _log = [];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA384);
    private readonly byte[] _message = new byte[PcrQuoteMessage.Size];

    /// <summary>Creates a cleared bank whose quotes are signed through <paramref name="vault"/>.</summary>
    public PcrBank(IKeyVault vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        _vault = vault;
    }

    /// <inheritdoc />
    public IReadOnlyList<MeasurementLogEntry> Log => _log;

    /// <inheritdoc />
    public PcrStatus Extend(int index, uint eventType, ReadOnlySpan<byte> data)
    {
        if (!IsValidIndex(index))
        {
            return PcrStatus.InvalidIndex;
        }

        if (_locked[index])
        {
            return PcrStatus.PcrLocked;
        }

        if (_log.Count >= MaxLogEntries)
        {
            return PcrStatus.LogFull;
        }

        var pcr = _pcrs.AsSpan(index * Size, Size);
        _hash.AppendData(pcr);
        _hash.AppendData(data);
        _hash.GetHashAndReset(pcr);
        _log.Add(new MeasurementLogEntry(index, eventType, data.ToArray()));
        return PcrStatus.Ok;
    }

    /// <inheritdoc />
    public PcrStatus Read(int index, Span<byte> value)
    {
        value.Clear();
        if (!IsValidIndex(index))
        {
            return PcrStatus.InvalidIndex;
        }

        if (value.Length < Size)
        {
            return PcrStatus.BufferTooSmall;
        }

        _pcrs.AsSpan(index * Size, Size).CopyTo(value);
        return PcrStatus.Ok;
    }

    /// <inheritdoc />
    public PcrStatus Lock(int index)
    {
        if (!IsValidIndex(index))
        {
            return PcrStatus.InvalidIndex;
        }

        _locked[index] = true;
        return PcrStatus.Ok;
    }

    /// <inheritdoc />
    public bool IsLocked(int index) => IsValidIndex(index) && _locked[index];

    /// <summary>Cold reset: every PCR zero, unlocked, log empty.</summary>
    public void Reset()
    {
        Array.Clear(_pcrs);
        Array.Clear(_locked);
        _log.Clear();
    }

    /// <inheritdoc />
    public PcrStatus WriteQuoteMessage(ReadOnlySpan<byte> nonce, Span<byte> message)
    {
        message.Clear();
        if (nonce.Length != PcrQuoteMessage.NonceSize)
        {
            return PcrStatus.InvalidLength;
        }

        if (message.Length < PcrQuoteMessage.Size)
        {
            return PcrStatus.BufferTooSmall;
        }

        _pcrs.CopyTo(message);
        nonce.CopyTo(message[PcrQuoteMessage.NonceOffset..]);
        return PcrStatus.Ok;
    }

    /// <inheritdoc />
    public PcrStatus QuoteEcc(ReadOnlySpan<byte> nonce, KeySlotId key, Span<byte> signature, out KeyVaultStatus vaultStatus)
    {
        vaultStatus = KeyVaultStatus.Ok;
        signature.Clear();
        var status = WriteQuoteMessage(nonce, _message);
        if (status != PcrStatus.Ok)
        {
            return status;
        }

        Span<byte> digest = stackalloc byte[Size];
        SHA384.HashData(_message, digest);
        vaultStatus = _vault.SignEcc(key, digest, signature);
        return vaultStatus == KeyVaultStatus.Ok ? PcrStatus.Ok : PcrStatus.SigningRefused;
    }

    /// <inheritdoc />
    public PcrStatus QuoteMlDsa(ReadOnlySpan<byte> nonce, KeySlotId key, Span<byte> signature, out KeyVaultStatus vaultStatus)
    {
        vaultStatus = KeyVaultStatus.Ok;
        signature.Clear();
        var status = WriteQuoteMessage(nonce, _message);
        if (status != PcrStatus.Ok)
        {
            return status;
        }

        vaultStatus = _vault.SignMlDsa(key, _message, signature);
        return vaultStatus == KeyVaultStatus.Ok ? PcrStatus.Ok : PcrStatus.SigningRefused;
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();

    private static bool IsValidIndex(int index) => index is >= 0 and < PcrQuoteMessage.PcrCount;
}
