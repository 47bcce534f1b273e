using System.Security.Cryptography;
using System.Text;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;
using Rampart.Identity.Dice;
using Rampart.Identity.Manufacturing;

namespace Rampart.Host.ChipState;

/// <summary>Reads a fuse partition including secrets: the fuse programmer's view, which host tools have and firmware never does.</summary>
public delegate FuseStatus RawFuseReader(FusePartition partition, int offset, Span<byte> destination);

/// <summary>What provisioning did, for the CLI's table and JSON.</summary>
/// <param name="Seed">The seed phrase.</param>
/// <param name="Lifecycle">The state reached.</param>
/// <param name="Tokens">Each development token by name, hex.</param>
/// <param name="DebugUnlockLevel">The level whose development debug-unlock key hash was fused.</param>
public sealed record ProvisioningResult(string Seed, LifecycleState Lifecycle, IReadOnlyList<KeyValuePair<string, string>> Tokens, int DebugUnlockLevel);

/// <summary>
/// Provisions a development chip from a seed: burns and locks the UDS seed and field entropy,
/// fuses the hashes of the lifecycle tokens and of a level-1 production debug-unlock key
/// (ECC P-384 + ML-DSA-87 derived from the seed), optionally the vendor and owner key hashes,
/// then walks the lifecycle to the requested state with the development tokens.
/// Re-provisioning with the same seed changes nothing; a different seed is refused because
/// burned secrets can never be replaced.
/// </summary>
/// <remarks>
/// The UEID (decision 0274) is fused together with the UDS, only when the UDS is burned by this
/// run: the development device's UEID of the seed, unless a UEID is already fused (a
/// manufacturer's own value is kept); the IDevID certificate attributes are then locked. A chip
/// whose UDS was fused before keeps an unprogrammed UEID fuse and the key-derived UEID its
/// IDevID certificate already names.
/// </remarks>
public sealed class DevelopmentProvisioning
{
    /// <summary>The debug-unlock level the development key is fused at.</summary>
    public const int DevelopmentDebugLevel = 1;

    private readonly IFuseController _fuses;
    private readonly RawFuseReader _readRaw;
    private readonly ILifecycleController _lifecycle;
    private readonly ICryptoEngines _engines;
    private readonly DevelopmentSecrets _secrets;

    /// <summary>Prepares provisioning of the chip behind these peripherals.</summary>
    public DevelopmentProvisioning(IFuseController fuses, RawFuseReader readRaw, ILifecycleController lifecycle, ICryptoEngines engines, DevelopmentSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(fuses);
        ArgumentNullException.ThrowIfNull(readRaw);
        ArgumentNullException.ThrowIfNull(lifecycle);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(secrets);
        _fuses = fuses;
        _readRaw = readRaw;
        _lifecycle = lifecycle;
        _engines = engines;
        _secrets = secrets;
    }

    /// <summary>
    /// Runs provisioning; returns null on success or a sentence saying what was refused. The
    /// peripherals may have been partly changed on failure: callers persist only on success.
    /// </summary>
    public string? Run(LifecycleState target, byte[]? vendorPkHash, byte[]? ownerPkHash)
    {
        var firstProvisioning = !_fuses.IsLocked(FusePartition.UdsSeed);
        var failure = BurnAndLock(FusePartition.UdsSeed, _secrets.UdsSeed())
            ?? (firstProvisioning ? FuseUeid() : null)
            ?? BurnAndLock(FusePartition.FieldEntropy, _secrets.FieldEntropy())
            ?? BurnAndLock(FusePartition.LifecycleTokens, TokenHashes())
            ?? Burn(FusePartition.DebugUnlockKeys, (DevelopmentDebugLevel - 1) * FuseLayout.HashSize, DebugUnlockKeyHash());
        if (failure is null && vendorPkHash is not null)
        {
            failure = Burn(FusePartition.VendorKeys, FuseLayout.VendorPkHashOffset, vendorPkHash);
        }

        if (failure is null && ownerPkHash is not null)
        {
            failure = Burn(FusePartition.OwnerKeys, 0, ownerPkHash);
        }

        return failure ?? WalkTo(target);
    }

    /// <summary>The result after a successful <see cref="Run"/>.</summary>
    public ProvisioningResult Result() => new(
        _secrets.Seed,
        _lifecycle.State,
        Enum.GetValues<LifecycleToken>().Select(t => new KeyValuePair<string, string>(t.ToString(), Convert.ToHexStringLower(_secrets.Token(t)))).ToList(),
        DevelopmentDebugLevel);

    /// <summary>The shortest legal path of states from <paramref name="from"/> to <paramref name="to"/> (excluding <paramref name="from"/>), or null.</summary>
    public static IReadOnlyList<LifecycleState>? PathBetween(LifecycleState from, LifecycleState to, Func<LifecycleState, LifecycleState, bool> isLegal)
    {
        ArgumentNullException.ThrowIfNull(isLegal);
        var states = new[]
        {
            LifecycleState.Raw, LifecycleState.TestUnlocked, LifecycleState.TestLocked, LifecycleState.Manufacturing,
            LifecycleState.Production, LifecycleState.ProdEnd, LifecycleState.Rma, LifecycleState.Scrap,
        };
        var previous = new Dictionary<LifecycleState, LifecycleState> { [from] = from };
        var queue = new Queue<LifecycleState>([from]);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            if (state == to)
            {
                var path = new List<LifecycleState>();
                for (var s = to; s != from; s = previous[s])
                {
                    path.Add(s);
                }

                path.Reverse();
                return path;
            }

            foreach (var next in states.Where(n => !previous.ContainsKey(n) && isLegal(state, n)))
            {
                previous[next] = state;
                queue.Enqueue(next);
            }
        }

        return null;
    }

    /// <summary>The token the development chip uses for a transition into <paramref name="to"/> (the CLI and tests share this).</summary>
    public static LifecycleToken? TokenFor(LifecycleState from, LifecycleState to) => (from, to) switch
    {
        (LifecycleState.TestLocked, LifecycleState.TestUnlocked) => LifecycleToken.TestUnlock,
        (_, LifecycleState.Manufacturing) => LifecycleToken.TestExit,
        (_, LifecycleState.Production or LifecycleState.ProdEnd) => LifecycleToken.Production,
        (_, LifecycleState.Rma) => LifecycleToken.Rma,
        _ => null,
    };

    private string? WalkTo(LifecycleState target)
    {
        var current = _lifecycle.State;
        if (current == target)
        {
            return null;
        }

        var path = PathBetween(current, target, (a, b) => a != b && IsForward(a, b));
        if (path is null)
        {
            return $"the chip is in {current} and cannot move to {target}";
        }

        foreach (var next in path)
        {
            var from = _lifecycle.State;
            var token = TokenFor(from, next) is { } t ? _secrets.Token(t) : [];
            var status = _lifecycle.Transition(next, token);
            if (status != LifecycleStatus.Ok)
            {
                return $"the lifecycle transition {from} → {next} was refused: {status}";
            }
        }

        return null;
    }

    /// <summary>The moves provisioning takes: toward production, never RMA/Scrap and never back into test.</summary>
    private static bool IsForward(LifecycleState from, LifecycleState to) => (from, to) switch
    {
        (LifecycleState.Raw, LifecycleState.TestUnlocked) => true,
        (LifecycleState.TestUnlocked, LifecycleState.TestLocked or LifecycleState.Manufacturing) => true,
        (LifecycleState.TestLocked, LifecycleState.Manufacturing) => true,
        (LifecycleState.Manufacturing, LifecycleState.Production) => true,
        (LifecycleState.Production, LifecycleState.ProdEnd) => true,
        _ => false,
    };

    private byte[] TokenHashes()
    {
        var hashes = new byte[FuseLayout.LifecycleTokensSize];
        foreach (var token in Enum.GetValues<LifecycleToken>())
        {
            if (!LifecycleTokenHash.TryCompute(_engines.Sha, _secrets.Token(token), hashes.AsSpan(LifecycleTokenHash.OffsetOf(token), FuseLayout.HashSize)))
            {
                throw new InvalidOperationException("Development tokens have a fixed valid size.");
            }
        }

        return hashes;
    }

    private byte[] DebugUnlockKeyHash()
    {
        var eccPrivate = new byte[P384.PrivateKeySize];
        var eccPublic = new byte[P384.PublicKeySize];
        _engines.Ecc.DeriveKeyPair(_secrets.DebugUnlockKeySeed(DevelopmentDebugLevel, "ecc"), eccPrivate, eccPublic);
        var mlDsaPrivate = new byte[MlDsa87.PrivateKeySize];
        var mlDsaPublic = new byte[MlDsa87.PublicKeySize];
        _engines.MlDsa.DeriveKeyPair(_secrets.DebugUnlockKeySeed(DevelopmentDebugLevel, "mldsa").AsSpan(0, MlDsa87.SeedSize), mlDsaPrivate, mlDsaPublic);
        CryptographicOperations.ZeroMemory(eccPrivate);
        CryptographicOperations.ZeroMemory(mlDsaPrivate);
        return SHA384.HashData([.. eccPublic, .. mlDsaPublic]);
    }

    private string? FuseUeid()
    {
        Span<byte> fused = stackalloc byte[FuseLayout.UeidSize];
        var status = _fuses.ReadUeid(fused);
        if (status == FuseStatus.Ok && !DeviceUeid.IsProgrammed(fused) && !_fuses.IsLocked(FusePartition.IdevidCertAttributes))
        {
            using var device = DevelopmentDevice.FromSeed(_engines.Kdf, Encoding.UTF8.GetBytes(_secrets.Seed));
            status = _fuses.BurnUeid(device.Ueid);
        }

        if (status == FuseStatus.Ok)
        {
            status = _fuses.Lock(FusePartition.IdevidCertAttributes);
        }

        return status == FuseStatus.Ok ? null : $"{FusePartition.IdevidCertAttributes}: the UEID could not be fused: {status}";
    }

    private string? BurnAndLock(FusePartition partition, byte[] value)
    {
        if (_fuses.IsLocked(partition))
        {
            var current = new byte[value.Length];
            var status = _readRaw(partition, 0, current);
            var same = status == FuseStatus.Ok && CryptographicOperations.FixedTimeEquals(current, value);
            CryptographicOperations.ZeroMemory(current);
            return same ? null : $"{partition} is already burned and locked with different contents (another seed?)";
        }

        return Burn(partition, 0, value) ?? (_fuses.Lock(partition) == FuseStatus.Ok ? null : $"{partition} could not be locked");
    }

    private string? Burn(FusePartition partition, int offset, byte[] value)
    {
        var status = _fuses.Program(partition, offset, value);
        return status switch
        {
            FuseStatus.Ok => null,
            FuseStatus.WouldClearBits => $"{partition} already holds different bits (fuses only go 0→1; another seed?)",
            _ => $"{partition}: {status}",
        };
    }
}
