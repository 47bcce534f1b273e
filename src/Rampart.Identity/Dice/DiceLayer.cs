namespace Rampart.Identity.Dice;

/// <summary>The DICE layers of a Caliptra-class core, outermost first.</summary>
public enum DiceLayer
{
    /// <summary>Initial device identity (ROM, from the UDS); certified by the manufacturer CA.</summary>
    IdevId = 0x00,

    /// <summary>Local (owner) device identity (ROM, mixes in the field entropy).</summary>
    LdevId = 0x01,

    /// <summary>FMC alias (ROM, from the FMC's measurements in PCR0).</summary>
    FmcAlias = 0x02,

    /// <summary>Runtime alias (FMC, from the runtime and manifest digests); the deepest layer.</summary>
    RtAlias = 0x03,
}

/// <summary>What one DICE layer leaves to the next: its CDI and its two key pairs.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Cdi">The layer's CDI, held by the key source.</param>
/// <param name="Ecc">The ECC P-384 key.</param>
/// <param name="MlDsa">The ML-DSA-87 key.</param>
public sealed record DiceLayerKeys(DiceLayer Layer, DiceSecret Cdi, IDiceSigner Ecc, IDiceSigner MlDsa)
{
    /// <summary>The layer's key of <paramref name="algorithm"/>.</summary>
    public IDiceSigner For(DiceKeyAlgorithm algorithm) => algorithm switch
    {
        DiceKeyAlgorithm.EccP384 => Ecc,
        DiceKeyAlgorithm.MlDsa87 => MlDsa,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
