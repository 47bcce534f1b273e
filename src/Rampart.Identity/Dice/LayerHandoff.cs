using Rampart.Hal.Boot;
using Rampart.Hal.Crypto;
using Rampart.Hal.Security;

namespace Rampart.Identity.Dice;

/// <summary>
/// Passes a DICE layer from one Caliptra stage to the next as handoff bytes: the key-vault slots of
/// its CDI and signing keys, its public keys, and the slots still free. The secrets stay in the
/// vault; only slot numbers cross (HandoffTags.CdiSlot … FreeSlots).
/// </summary>
public static class LayerHandoff
{
    /// <summary>Writes <paramref name="keys"/> (made by a <see cref="VaultDiceKeySource"/>) and the vault's empty slots.</summary>
    public static void Write(HandoffTable table, DiceLayerKeys keys, IKeyVault vault)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(vault);
        if (!VaultDiceKeySource.TryGetSlot(keys.Ecc, out var ecc) || !VaultDiceKeySource.TryGetSlot(keys.MlDsa, out var mlDsa))
        {
            throw new ArgumentException("the layer's keys are not key-vault keys", nameof(keys));
        }

        table.Set(HandoffTags.CdiSlot, [VaultDiceKeySource.SlotOf(keys.Cdi).Value])
            .Set(HandoffTags.EccKeySlot, [ecc.Value])
            .Set(HandoffTags.MlDsaKeySlot, [mlDsa.Value])
            .Set(HandoffTags.EccPublicKey, keys.Ecc.PublicKey)
            .Set(HandoffTags.MlDsaPublicKey, keys.MlDsa.PublicKey);
        var free = new List<byte>();
        for (var i = 0; i < KeySlotId.Count; i++)
        {
            if (vault.GetSlotInfo(new KeySlotId((byte)i), out var info) == KeyVaultStatus.Ok && info.Content == KeySlotContent.Empty)
            {
                free.Add((byte)i);
            }
        }

        table.Set(HandoffTags.FreeSlots, free.ToArray());
    }

    /// <summary>Reads a layer back; false when a tag is missing or malformed.</summary>
    public static bool TryRead(HandoffTable table, DiceLayer layer, IKeyVault vault, IShaEngine sha, out DiceLayerKeys? keys, out IReadOnlyList<KeySlotId> freeSlots)
    {
        ArgumentNullException.ThrowIfNull(table);
        keys = null;
        freeSlots = [];
        if (!TryGetSlot(table, HandoffTags.CdiSlot, out var cdi) || !TryGetSlot(table, HandoffTags.EccKeySlot, out var ecc)
            || !TryGetSlot(table, HandoffTags.MlDsaKeySlot, out var mlDsa)
            || !table.TryGet(HandoffTags.EccPublicKey, out var eccPublic) || eccPublic.Length != DiceKeyAlgorithm.EccP384.PublicKeySize()
            || !table.TryGet(HandoffTags.MlDsaPublicKey, out var mlDsaPublic) || mlDsaPublic.Length != DiceKeyAlgorithm.MlDsa87.PublicKeySize()
            || !table.TryGet(HandoffTags.FreeSlots, out var free))
        {
            return false;
        }

        var slots = new List<KeySlotId>();
        foreach (var slot in free.Span)
        {
            if (slot >= KeySlotId.Count)
            {
                return false;
            }

            slots.Add(new KeySlotId(slot));
        }

        keys = new DiceLayerKeys(
            layer,
            VaultDiceKeySource.Adopt(cdi),
            VaultDiceKeySource.SignerFor(vault, sha, ecc, DiceKeyAlgorithm.EccP384, eccPublic.Span),
            VaultDiceKeySource.SignerFor(vault, sha, mlDsa, DiceKeyAlgorithm.MlDsa87, mlDsaPublic.Span));
        freeSlots = slots;
        return true;
    }

    private static bool TryGetSlot(HandoffTable table, ushort tag, out KeySlotId slot)
    {
        slot = default;
        if (!table.TryGet(tag, out var value) || value.Length != 1 || value.Span[0] >= KeySlotId.Count)
        {
            return false;
        }

        slot = new KeySlotId(value.Span[0]);
        return true;
    }
}
