namespace Rampart.Identity.Dice;

/// <summary>
/// The diversification labels of the DICE derivations, as caliptra-sw's ROM and FMC use them
/// (ROM and FMC specifications, "IDevID/LDevID/Alias FMC/Alias RT DICE layer").
/// </summary>
public static class DiceLabels
{
    /// <summary>IDevID CDI = KDF(UDS, "idevid_cdi").</summary>
    public static ReadOnlySpan<byte> IdevIdCdi => "idevid_cdi"u8;

    /// <summary>IDevID ECC P-384 key seed.</summary>
    public static ReadOnlySpan<byte> IdevIdEccKey => "idevid_ecc_key"u8;

    /// <summary>IDevID ML-DSA-87 key seed.</summary>
    public static ReadOnlySpan<byte> IdevIdMlDsaKey => "idevid_mldsa_key"u8;

    /// <summary>LDevID CDI, first HMAC step: HMAC(IDevID CDI, "ldevid_cdi").</summary>
    public static ReadOnlySpan<byte> LdevIdCdi => "ldevid_cdi"u8;

    /// <summary>LDevID ECC P-384 key seed.</summary>
    public static ReadOnlySpan<byte> LdevIdEccKey => "ldevid_ecc_key"u8;

    /// <summary>LDevID ML-DSA-87 key seed.</summary>
    public static ReadOnlySpan<byte> LdevIdMlDsaKey => "ldevid_mldsa_key"u8;

    /// <summary>FMC alias CDI = KDF(LDevID CDI, "alias_fmc_cdi", PCR0).</summary>
    public static ReadOnlySpan<byte> FmcAliasCdi => "alias_fmc_cdi"u8;

    /// <summary>FMC alias ECC P-384 key seed.</summary>
    public static ReadOnlySpan<byte> FmcAliasEccKey => "fmc_alias_ecc_key"u8;

    /// <summary>FMC alias ML-DSA-87 key seed.</summary>
    public static ReadOnlySpan<byte> FmcAliasMlDsaKey => "fmc_alias_mldsa_key"u8;

    /// <summary>RT alias CDI = KDF(FMC alias CDI, "alias_rt_cdi", runtime digest || manifest digest).</summary>
    public static ReadOnlySpan<byte> RtAliasCdi => "alias_rt_cdi"u8;

    /// <summary>RT alias ECC P-384 key seed.</summary>
    public static ReadOnlySpan<byte> RtAliasEccKey => "rt_alias_ecc_key"u8;

    /// <summary>RT alias ML-DSA-87 key seed.</summary>
    public static ReadOnlySpan<byte> RtAliasMlDsaKey => "rt_alias_mldsa_key"u8;
}
