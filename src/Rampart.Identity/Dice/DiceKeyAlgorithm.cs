namespace Rampart.Identity.Dice;

/// <summary>The signature algorithms of a DICE layer's two key pairs (Caliptra 2.x pairs ECC with ML-DSA).</summary>
public enum DiceKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-384 with SHA-384 (FIPS 186-5).</summary>
    EccP384 = 0x01,

    /// <summary>ML-DSA-87 (FIPS 204), pure mode, empty context.</summary>
    MlDsa87 = 0x02,
}

/// <summary>Sizes of the raw forms of each <see cref="DiceKeyAlgorithm"/>.</summary>
public static class DiceKeyAlgorithmSizes
{
    /// <summary>Raw public key size: ECC x||y (96) or the ML-DSA-87 encoding (2592).</summary>
    public static int PublicKeySize(this DiceKeyAlgorithm algorithm) => algorithm switch
    {
        DiceKeyAlgorithm.EccP384 => Hal.Crypto.P384.PublicKeySize,
        DiceKeyAlgorithm.MlDsa87 => Hal.Crypto.MlDsa87.PublicKeySize,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Raw signature size: ECC r||s (96) or ML-DSA-87 (4627).</summary>
    public static int SignatureSize(this DiceKeyAlgorithm algorithm) => algorithm switch
    {
        DiceKeyAlgorithm.EccP384 => Hal.Crypto.P384.SignatureSize,
        DiceKeyAlgorithm.MlDsa87 => Hal.Crypto.MlDsa87.SignatureSize,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };
}
