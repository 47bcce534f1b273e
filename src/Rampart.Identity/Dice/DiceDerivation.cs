namespace Rampart.Identity.Dice;

/// <summary>
/// The DICE derivations of Caliptra's ROM and FMC (caliptra-sw ROM/FMC specifications), written
/// once over <see cref="IDiceKeySource"/> so firmware (key vault) and host tools (software
/// keys) compute the same keys. Each step erases the secret it consumed, as the ROM clears
/// key-vault slots.
/// </summary>
public static class DiceDerivation
{
    /// <summary>Size of the runtime and manifest digests in the RT alias context.</summary>
    public const int DigestSize = 48;

    /// <summary>
    /// IDevID: CDI = HMAC-512 KDF(UDS, "idevid_cdi"); keys from "idevid_ecc_key" and
    /// "idevid_mldsa_key". The UDS is erased afterwards.
    /// </summary>
    public static DiceLayerKeys DeriveIdevId(IDiceKeySource source, DiceSecret uds)
    {
        ArgumentNullException.ThrowIfNull(source);
        var cdi = source.Kdf(uds, DiceLabels.IdevIdCdi, []);
        source.Erase(uds);
        return Keys(source, DiceLayer.IdevId, cdi, DiceLabels.IdevIdEccKey, DiceLabels.IdevIdMlDsaKey);
    }

    /// <summary>
    /// LDevID: CDI = HMAC-512(HMAC-512(IDevID CDI, "ldevid_cdi"), field entropy) — two MAC
    /// steps, as the ROM does it; keys from "ldevid_ecc_key" and "ldevid_mldsa_key". The
    /// IDevID CDI and the field entropy are erased afterwards.
    /// </summary>
    public static DiceLayerKeys DeriveLdevId(IDiceKeySource source, DiceLayerKeys idevId, DiceSecret fieldEntropy)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(idevId);
        var step = source.Mac(idevId.Cdi, DiceLabels.LdevIdCdi);
        var cdi = source.Mac(step, fieldEntropy);
        source.Erase(step);
        source.Erase(idevId.Cdi);
        source.Erase(fieldEntropy);
        return Keys(source, DiceLayer.LdevId, cdi, DiceLabels.LdevIdEccKey, DiceLabels.LdevIdMlDsaKey);
    }

    /// <summary>
    /// FMC alias: CDI = HMAC-512 KDF(LDevID CDI, "alias_fmc_cdi", PCR0); keys from
    /// "fmc_alias_ecc_key" and "fmc_alias_mldsa_key". The LDevID CDI is erased afterwards.
    /// </summary>
    public static DiceLayerKeys DeriveFmcAlias(IDiceKeySource source, DiceLayerKeys ldevId, ReadOnlySpan<byte> pcr0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(ldevId);
        if (pcr0.Length != DigestSize)
        {
            throw new ArgumentException("PCR0 is 48 bytes", nameof(pcr0));
        }

        var cdi = source.Kdf(ldevId.Cdi, DiceLabels.FmcAliasCdi, pcr0);
        source.Erase(ldevId.Cdi);
        return Keys(source, DiceLayer.FmcAlias, cdi, DiceLabels.FmcAliasEccKey, DiceLabels.FmcAliasMlDsaKey);
    }

    /// <summary>
    /// RT alias: CDI = HMAC-512 KDF(FMC alias CDI, "alias_rt_cdi", runtime digest || manifest
    /// digest); keys from "rt_alias_ecc_key" and "rt_alias_mldsa_key". The FMC alias CDI is
    /// erased afterwards.
    /// </summary>
    public static DiceLayerKeys DeriveRtAlias(IDiceKeySource source, DiceLayerKeys fmcAlias, ReadOnlySpan<byte> runtimeDigest, ReadOnlySpan<byte> manifestDigest)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fmcAlias);
        if (runtimeDigest.Length != DigestSize || manifestDigest.Length != DigestSize)
        {
            throw new ArgumentException("the runtime and manifest digests are 48 bytes each");
        }

        Span<byte> tci = stackalloc byte[2 * DigestSize];
        runtimeDigest.CopyTo(tci);
        manifestDigest.CopyTo(tci[DigestSize..]);
        var cdi = source.Kdf(fmcAlias.Cdi, DiceLabels.RtAliasCdi, tci);
        source.Erase(fmcAlias.Cdi);
        return Keys(source, DiceLayer.RtAlias, cdi, DiceLabels.RtAliasEccKey, DiceLabels.RtAliasMlDsaKey);
    }

    private static DiceLayerKeys Keys(IDiceKeySource source, DiceLayer layer, DiceSecret cdi, ReadOnlySpan<byte> eccLabel, ReadOnlySpan<byte> mlDsaLabel) =>
        new(layer, cdi, source.DeriveSigner(cdi, eccLabel, DiceKeyAlgorithm.EccP384), source.DeriveSigner(cdi, mlDsaLabel, DiceKeyAlgorithm.MlDsa87));
}
