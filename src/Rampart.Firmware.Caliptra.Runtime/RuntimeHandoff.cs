using Rampart.Hal.Boot;
using Rampart.Hal.Security;
using Rampart.Images.Bundle;
using Rampart.Wire;

namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// What the FMC hands the runtime (a <see cref="HandoffTable"/>): the verified bundle, the
/// digests, the RT alias layer's key-vault slots and public keys, and the DICE certificates.
/// </summary>
public sealed record RuntimeHandoff
{
    /// <summary>The verified firmware bundle.</summary>
    public required FirmwareBundle Bundle { get; init; }

    /// <summary>SHA-384 of the FMC.</summary>
    public required ReadOnlyMemory<byte> FmcDigest { get; init; }

    /// <summary>SHA-384 of the runtime.</summary>
    public required ReadOnlyMemory<byte> RuntimeDigest { get; init; }

    /// <summary>SHA-384 of the bundle's signed header.</summary>
    public required ReadOnlyMemory<byte> ManifestDigest { get; init; }

    /// <summary>The firmware SVN.</summary>
    public required uint FirmwareSvn { get; init; }

    /// <summary>The RT alias CDI slot.</summary>
    public required KeySlotId CdiSlot { get; init; }

    /// <summary>The RT alias ECC private key slot.</summary>
    public required KeySlotId EccKeySlot { get; init; }

    /// <summary>The RT alias ML-DSA key slot.</summary>
    public required KeySlotId MlDsaKeySlot { get; init; }

    /// <summary>The RT alias ECC public key (x ‖ y).</summary>
    public required ReadOnlyMemory<byte> EccPublicKey { get; init; }

    /// <summary>The RT alias ML-DSA-87 public key.</summary>
    public required ReadOnlyMemory<byte> MlDsaPublicKey { get; init; }

    /// <summary>The free key-vault slots.</summary>
    public required IReadOnlyList<KeySlotId> FreeSlots { get; init; }

    /// <summary>The handoff table itself (certificates by tag).</summary>
    public required HandoffTable Table { get; init; }

    /// <summary>The tags a runtime handoff must carry.</summary>
    public static IReadOnlyList<ushort> RequiredTags { get; } =
    [
        HandoffTags.FirmwareBundle, HandoffTags.FmcDigest, HandoffTags.RuntimeDigest, HandoffTags.ManifestDigest,
        HandoffTags.FirmwareSvn, HandoffTags.CdiSlot, HandoffTags.EccKeySlot, HandoffTags.MlDsaKeySlot,
        HandoffTags.EccPublicKey, HandoffTags.MlDsaPublicKey,
    ];

    /// <summary>Parses the handoff; false and a reason when anything is missing or malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out RuntimeHandoff? handoff, out string reason)
    {
        handoff = null;
        if (!HandoffTable.TryRead(bytes, out var table) || table is null)
        {
            reason = "handoff table malformed";
            return false;
        }

        foreach (var tag in RequiredTags)
        {
            if (!table.TryGet(tag, out _))
            {
                reason = $"handoff tag 0x{tag:X4} missing";
                return false;
            }
        }

        table.TryGet(HandoffTags.FirmwareBundle, out var bundleBytes);
        if (FirmwareBundle.TryRead(bundleBytes.Span, out var bundle) != WireStatus.Done || bundle is null)
        {
            reason = "handoff bundle malformed";
            return false;
        }

        if (!TryDigest(table, HandoffTags.FmcDigest, out var fmc) || !TryDigest(table, HandoffTags.RuntimeDigest, out var rt)
            || !TryDigest(table, HandoffTags.ManifestDigest, out var man) || !table.TryGetU32(HandoffTags.FirmwareSvn, out var svn)
            || !TrySlot(table, HandoffTags.CdiSlot, out var cdi) || !TrySlot(table, HandoffTags.EccKeySlot, out var ecc)
            || !TrySlot(table, HandoffTags.MlDsaKeySlot, out var mldsa))
        {
            reason = "handoff digest, SVN or slot malformed";
            return false;
        }

        table.TryGet(HandoffTags.EccPublicKey, out var eccKey);
        table.TryGet(HandoffTags.MlDsaPublicKey, out var mldsaKey);
        if (eccKey.Length != Hal.Crypto.P384.PublicKeySize || mldsaKey.Length != Hal.Crypto.MlDsa87.PublicKeySize)
        {
            reason = "handoff public key malformed";
            return false;
        }

        var free = new List<KeySlotId>();
        if (table.TryGet(HandoffTags.FreeSlots, out var freeBytes))
        {
            foreach (var b in freeBytes.Span)
            {
                var slot = new KeySlotId(b);
                if (!slot.IsValid)
                {
                    reason = "handoff free slot invalid";
                    return false;
                }

                free.Add(slot);
            }
        }

        handoff = new RuntimeHandoff
        {
            Bundle = bundle, FmcDigest = fmc, RuntimeDigest = rt, ManifestDigest = man, FirmwareSvn = svn,
            CdiSlot = cdi, EccKeySlot = ecc, MlDsaKeySlot = mldsa, EccPublicKey = eccKey, MlDsaPublicKey = mldsaKey,
            FreeSlots = free, Table = table,
        };
        reason = "ok";
        return true;
    }

    private static bool TryDigest(HandoffTable table, ushort tag, out ReadOnlyMemory<byte> digest) =>
        table.TryGet(tag, out digest) && digest.Length == 48;

    private static bool TrySlot(HandoffTable table, ushort tag, out KeySlotId slot)
    {
        slot = default;
        if (!table.TryGet(tag, out var value) || value.Length != 1)
        {
            return false;
        }

        slot = new KeySlotId(value.Span[0]);
        return slot.IsValid;
    }
}
