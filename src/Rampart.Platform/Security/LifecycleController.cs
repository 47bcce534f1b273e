using System.Security.Cryptography;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;

namespace Rampart.Platform.Security;

/// <summary>
/// The lifecycle controller peripheral. The state is the last code in the fuse transition
/// record (<see cref="FusePartition.Lifecycle"/>): a transition burns the next byte, so the
/// record only ever gains bits. Transitions follow <see cref="LifecycleTransitions"/>; tokens
/// are checked against their fused SHA-384 hashes in constant time. Debug unlock: a token in
/// Manufacturing, a signed challenge in Production. A refused request changes nothing.
/// </summary>
public sealed class LifecycleController : ILifecycleController
{
    private readonly IFuseController _fuses;
    private readonly KeyVault _vault;
    private readonly ICryptoEngines _engines;
    private readonly byte[] _challenge = new byte[DebugUnlockMessage.ChallengeSize];
    private int _challengeLevel;

    /// <summary>Creates the controller over the chip's fuses and key vault.</summary>
    public LifecycleController(IFuseController fuses, KeyVault vault, ICryptoEngines engines)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(engines);
        _fuses = fuses;
        _vault = vault;
        _engines = engines;
    }

    /// <inheritdoc />
    public LifecycleState State => ReadRecord(out var state, out _) == LifecycleStatus.Ok ? state : LifecycleState.Invalid;

    /// <inheritdoc />
    public int TransitionCount => ReadRecord(out _, out var count) == LifecycleStatus.Ok ? count : FuseLayout.LifecycleRecordSize;

    /// <inheritdoc />
    public DebugState Debug { get; private set; } = DebugState.Locked;

    /// <inheritdoc />
    public LifecycleStatus Transition(LifecycleState target, ReadOnlySpan<byte> token)
    {
        var status = ReadRecord(out var current, out var count);
        if (status != LifecycleStatus.Ok)
        {
            return status;
        }

        if (current == LifecycleState.Invalid && target != LifecycleState.Scrap)
        {
            return LifecycleStatus.CorruptState;
        }

        if (!LifecycleTransitions.IsLegal(current, target, out var required))
        {
            return LifecycleStatus.IllegalTransition;
        }

        var limit = target == LifecycleState.Scrap ? FuseLayout.LifecycleRecordSize : FuseLayout.LifecycleRecordSize - 1;
        if (count >= limit)
        {
            return LifecycleStatus.TransitionLimitReached;
        }

        if (required is { } needed)
        {
            status = CheckToken(needed, token);
            if (status != LifecycleStatus.Ok)
            {
                return status;
            }
        }

        ReadOnlySpan<byte> code = [(byte)target];
        if (_fuses.Program(FusePartition.Lifecycle, count, code) != FuseStatus.Ok)
        {
            return LifecycleStatus.FuseFault;
        }

        Debug = DebugState.Locked;
        ClearChallenge();
        if (LifecycleTransitions.Zeroizes(target))
        {
            _vault.ZeroizeAll();
        }

        return LifecycleStatus.Ok;
    }

    /// <inheritdoc />
    public LifecycleStatus UnlockDebugWithToken(ReadOnlySpan<byte> token)
    {
        if (State != LifecycleState.Manufacturing)
        {
            return LifecycleStatus.DebugUnlockNotAllowed;
        }

        var status = CheckToken(LifecycleToken.ManufacturingDebugUnlock, token);
        if (status != LifecycleStatus.Ok)
        {
            return status;
        }

        Unlock();
        return LifecycleStatus.Ok;
    }

    /// <inheritdoc />
    public LifecycleStatus CreateDebugUnlockChallenge(int level, Span<byte> challenge)
    {
        challenge.Clear();
        if (State != LifecycleState.Production)
        {
            return LifecycleStatus.DebugUnlockNotAllowed;
        }

        if (level < 1 || level > FuseLayout.DebugUnlockLevels)
        {
            return LifecycleStatus.InvalidLevel;
        }

        if (challenge.Length < DebugUnlockMessage.ChallengeSize)
        {
            return LifecycleStatus.InvalidLength;
        }

        _engines.Drbg.Generate(_challenge);
        _challengeLevel = level;
        _challenge.CopyTo(challenge);
        return LifecycleStatus.Ok;
    }

    /// <inheritdoc />
    public LifecycleStatus UnlockDebugWithSignature(
        ReadOnlySpan<byte> eccPublicKey,
        ReadOnlySpan<byte> mlDsaPublicKey,
        ReadOnlySpan<byte> eccSignature,
        ReadOnlySpan<byte> mlDsaSignature)
    {
        if (_challengeLevel == 0)
        {
            return LifecycleStatus.NoChallenge;
        }

        // One attempt per challenge, whatever its outcome.
        var level = _challengeLevel;
        Span<byte> message = stackalloc byte[DebugUnlockMessage.Size];
        DebugUnlockMessage.Write(level, _challenge, message);
        ClearChallenge();
        if (State != LifecycleState.Production)
        {
            return LifecycleStatus.DebugUnlockNotAllowed;
        }

        if (eccPublicKey.Length != P384.PublicKeySize || mlDsaPublicKey.Length != MlDsa87.PublicKeySize
            || eccSignature.Length != P384.SignatureSize || mlDsaSignature.Length != MlDsa87.SignatureSize)
        {
            return LifecycleStatus.InvalidLength;
        }

        Span<byte> fused = stackalloc byte[FuseLayout.HashSize];
        if (_fuses.Read(FusePartition.DebugUnlockKeys, (level - 1) * FuseLayout.HashSize, fused) != FuseStatus.Ok)
        {
            return LifecycleStatus.FuseFault;
        }

        Span<byte> keyHash = stackalloc byte[FuseLayout.HashSize];
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA384))
        {
            hash.AppendData(eccPublicKey);
            hash.AppendData(mlDsaPublicKey);
            hash.GetHashAndReset(keyHash);
        }

        if (!fused.ContainsAnyExcept((byte)0) || !CryptographicOperations.FixedTimeEquals(fused, keyHash))
        {
            return LifecycleStatus.KeyHashMismatch;
        }

        Span<byte> digest = stackalloc byte[FuseLayout.HashSize];
        SHA384.HashData(message, digest);
        var ecc = _engines.Ecc.Verify(eccPublicKey, digest, eccSignature);
        var mlDsa = _engines.MlDsa.Verify(mlDsaPublicKey, message, mlDsaSignature);
        if (ecc != Verdict.Valid || mlDsa != Verdict.Valid)
        {
            return LifecycleStatus.SignatureInvalid;
        }

        Unlock();
        return LifecycleStatus.Ok;
    }

    private void Unlock()
    {
        _vault.ZeroizeAll();
        Debug = DebugState.Unlocked;
    }

    private void ClearChallenge()
    {
        CryptographicOperations.ZeroMemory(_challenge);
        _challengeLevel = 0;
    }

    private LifecycleStatus CheckToken(LifecycleToken which, ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty)
        {
            return LifecycleStatus.TokenRequired;
        }

        Span<byte> fused = stackalloc byte[FuseLayout.HashSize];
        if (_fuses.Read(FusePartition.LifecycleTokens, LifecycleTokenHash.OffsetOf(which), fused) != FuseStatus.Ok)
        {
            return LifecycleStatus.FuseFault;
        }

        if (!fused.ContainsAnyExcept((byte)0))
        {
            return LifecycleStatus.TokenNotProvisioned;
        }

        Span<byte> presented = stackalloc byte[FuseLayout.HashSize];
        if (!LifecycleTokenHash.TryCompute(_engines.Sha, token, presented))
        {
            return LifecycleStatus.WrongToken;
        }

        return CryptographicOperations.FixedTimeEquals(fused, presented) ? LifecycleStatus.Ok : LifecycleStatus.WrongToken;
    }

    private LifecycleStatus ReadRecord(out LifecycleState state, out int count)
    {
        Span<byte> record = stackalloc byte[FuseLayout.LifecycleRecordSize];
        state = LifecycleState.Invalid;
        count = 0;
        if (_fuses.Read(FusePartition.Lifecycle, 0, record) != FuseStatus.Ok)
        {
            return LifecycleStatus.FuseFault;
        }

        count = record.IndexOf((byte)0);
        if (count < 0)
        {
            count = record.Length;
        }

        // Every byte after the first empty one must be empty too; any gap is a fault.
        if (record[count..].ContainsAnyExcept((byte)0))
        {
            return LifecycleStatus.CorruptState;
        }

        state = count == 0 ? LifecycleState.Raw : LifecycleTransitions.Decode(record[count - 1]);
        return LifecycleStatus.Ok;
    }
}
