using Rampart.Hal.Crypto;
using Rampart.Hal.Security;

namespace Rampart.Identity.Dice;

/// <summary>
/// The firmware <see cref="IDiceKeySource"/>: every secret and private key stays in a key-vault
/// slot (<see cref="IKeyVault"/>); handles are slot numbers. New secrets go into free slots
/// from the pool the caller gives (the ROM's slot plan), erased slots return to the pool.
/// </summary>
public sealed class VaultDiceKeySource : IDiceKeySource
{
    private readonly IKeyVault _vault;
    private readonly IShaEngine _sha;
    private readonly Queue<KeySlotId> _free;

    /// <summary>Creates the source over a vault, with the slots it may use for new secrets and keys.</summary>
    public VaultDiceKeySource(IKeyVault vault, IShaEngine sha, IEnumerable<KeySlotId> freeSlots)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(freeSlots);
        _vault = vault;
        _sha = sha;
        _free = new Queue<KeySlotId>(freeSlots);
    }

    /// <summary>The handle of a secret already in the vault (the UDS or field entropy the fuse controller loaded).</summary>
    public static DiceSecret Adopt(KeySlotId slot) => new(slot.Value);

    /// <summary>The slot behind a handle.</summary>
    public static KeySlotId SlotOf(DiceSecret secret) => new((byte)secret.Handle);

    /// <inheritdoc/>
    public DiceSecret Kdf(DiceSecret key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context)
    {
        var destination = Take();
        Check("HMAC KDF", _vault.HmacKdf(SlotOf(key), label, context, destination, KeyUsage.Derive));
        return Adopt(destination);
    }

    /// <inheritdoc/>
    public DiceSecret Mac(DiceSecret key, ReadOnlySpan<byte> data)
    {
        var destination = Take();
        Check("HMAC-512", _vault.Hmac512(SlotOf(key), data, destination, KeyUsage.Derive));
        return Adopt(destination);
    }

    /// <inheritdoc/>
    public DiceSecret Mac(DiceSecret key, DiceSecret data)
    {
        var destination = Take();
        Check("HMAC-512 over a slot", _vault.Hmac512FromSlot(SlotOf(key), SlotOf(data), destination, KeyUsage.Derive));
        return Adopt(destination);
    }

    /// <inheritdoc/>
    public IDiceSigner DeriveSigner(DiceSecret cdi, ReadOnlySpan<byte> label, DiceKeyAlgorithm algorithm)
    {
        var seed = Kdf(cdi, label, []);
        var key = Take();
        var publicKey = new byte[algorithm.PublicKeySize()];
        var status = algorithm == DiceKeyAlgorithm.EccP384
            ? _vault.DeriveEccKeyPair(SlotOf(seed), key, KeyUsage.Sign, publicKey)
            : _vault.DeriveMlDsaKeyPair(SlotOf(seed), key, KeyUsage.Sign, publicKey);
        Erase(seed);
        Check("key-pair derivation", status);
        return new VaultDiceSigner(_vault, _sha, key, algorithm, publicKey);
    }

    /// <summary>
    /// A signer over a key-vault slot a previous stage derived (its handoff names the slot and the
    /// public key): how FMC and runtime sign with the alias keys that never leave the vault.
    /// </summary>
    public static IDiceSigner SignerFor(IKeyVault vault, IShaEngine sha, KeySlotId slot, DiceKeyAlgorithm algorithm, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(sha);
        if (publicKey.Length != algorithm.PublicKeySize())
        {
            throw new ArgumentException("the public key has the wrong size for the algorithm", nameof(publicKey));
        }

        return new VaultDiceSigner(vault, sha, slot, algorithm, publicKey.ToArray());
    }

    /// <summary>The vault slot a signer made by this source signs with.</summary>
    public static bool TryGetSlot(IDiceSigner signer, out KeySlotId slot)
    {
        if (signer is VaultDiceSigner vaultSigner)
        {
            slot = vaultSigner.Slot;
            return true;
        }

        slot = default;
        return false;
    }

    /// <inheritdoc/>
    public void Erase(DiceSecret secret)
    {
        var slot = SlotOf(secret);
        Check("zeroize", _vault.Zeroize(slot));
        _free.Enqueue(slot);
    }

    private KeySlotId Take() =>
        _free.Count > 0 ? _free.Dequeue() : throw new DiceKeySourceException("no free key-vault slot left for the DICE derivation");

    private static void Check(string operation, KeyVaultStatus status)
    {
        if (!status.IsOk())
        {
            throw new DiceKeySourceException(operation, status);
        }
    }

    private sealed class VaultDiceSigner : IDiceSigner
    {
        private readonly IKeyVault _vault;
        private readonly IShaEngine _sha;
        private readonly KeySlotId _slot;
        private readonly byte[] _publicKey;

        public VaultDiceSigner(IKeyVault vault, IShaEngine sha, KeySlotId slot, DiceKeyAlgorithm algorithm, byte[] publicKey)
        {
            _vault = vault;
            _sha = sha;
            _slot = slot;
            Algorithm = algorithm;
            _publicKey = publicKey;
        }

        public DiceKeyAlgorithm Algorithm { get; }

        public KeySlotId Slot => _slot;

        public ReadOnlySpan<byte> PublicKey => _publicKey;

        public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
        {
            if (signature.Length != Algorithm.SignatureSize())
            {
                throw new ArgumentException("signature buffer has the wrong size", nameof(signature));
            }

            KeyVaultStatus status;
            if (Algorithm == DiceKeyAlgorithm.EccP384)
            {
                Span<byte> digest = stackalloc byte[48];
                _sha.Hash(ShaAlgorithm.Sha384, message, digest);
                status = _vault.SignEcc(_slot, digest, signature);
            }
            else
            {
                status = _vault.SignMlDsa(_slot, message, signature);
            }

            Check("signing", status);
        }
    }
}
