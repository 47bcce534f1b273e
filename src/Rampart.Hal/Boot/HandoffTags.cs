namespace Rampart.Hal.Boot;

/// <summary>
/// Tags of the <see cref="HandoffTable"/> entries Caliptra's stages pass on (ROM → FMC → runtime)
/// and the MCU ROM passes to the MCU runtime. Key-vault slots are passed as one byte; DER
/// certificates and digests as their bytes.
/// </summary>
public static class HandoffTags
{
    /// <summary>The whole verified firmware bundle (FMC + runtime), so later stages can read its keys and header.</summary>
    public const ushort FirmwareBundle = 0x0001;

    /// <summary>SHA-384 of the FMC image.</summary>
    public const ushort FmcDigest = 0x0002;

    /// <summary>SHA-384 of the runtime image.</summary>
    public const ushort RuntimeDigest = 0x0003;

    /// <summary>SHA-384 of the bundle's signed header (the firmware manifest digest).</summary>
    public const ushort ManifestDigest = 0x0004;

    /// <summary>The firmware SVN from the bundle header (u32).</summary>
    public const ushort FirmwareSvn = 0x0005;

    /// <summary>Key-vault slot of the current layer's CDI (1 byte).</summary>
    public const ushort CdiSlot = 0x0010;

    /// <summary>Key-vault slot of the current layer's ECC private key (1 byte).</summary>
    public const ushort EccKeySlot = 0x0011;

    /// <summary>Key-vault slot of the current layer's ML-DSA seed (1 byte).</summary>
    public const ushort MlDsaKeySlot = 0x0012;

    /// <summary>The current layer's ECC public key (uncompressed point).</summary>
    public const ushort EccPublicKey = 0x0013;

    /// <summary>The current layer's ML-DSA-87 public key.</summary>
    public const ushort MlDsaPublicKey = 0x0014;

    /// <summary>Key-vault slots still free for later stages (one byte each).</summary>
    public const ushort FreeSlots = 0x0015;

    /// <summary>DER of the IDevID ECC certificate.</summary>
    public const ushort IdevIdEccCert = 0x0020;

    /// <summary>DER of the LDevID ECC certificate.</summary>
    public const ushort LdevIdEccCert = 0x0021;

    /// <summary>DER of the FMC alias ECC certificate.</summary>
    public const ushort FmcAliasEccCert = 0x0022;

    /// <summary>DER of the RT alias ECC certificate.</summary>
    public const ushort RtAliasEccCert = 0x0023;

    /// <summary>DER of the IDevID ML-DSA certificate.</summary>
    public const ushort IdevIdMlDsaCert = 0x0028;

    /// <summary>DER of the LDevID ML-DSA certificate.</summary>
    public const ushort LdevIdMlDsaCert = 0x0029;

    /// <summary>DER of the FMC alias ML-DSA certificate.</summary>
    public const ushort FmcAliasMlDsaCert = 0x002A;

    /// <summary>DER of the RT alias ML-DSA certificate.</summary>
    public const ushort RtAliasMlDsaCert = 0x002B;

    /// <summary>DER of the manufacturer CA certificate (ECC) the IDevID chains to.</summary>
    public const ushort CaEccCert = 0x002C;

    /// <summary>DER of the manufacturer CA certificate (ML-DSA).</summary>
    public const ushort CaMlDsaCert = 0x002D;

    /// <summary>The device's UEID.</summary>
    public const ushort Ueid = 0x0030;

    /// <summary>MCU: the MCU runtime image size in SRAM (u32).</summary>
    public const ushort McuImageSize = 0x0040;

    /// <summary>MCU: the MCTP endpoint's I3C address (1 byte).</summary>
    public const ushort I3cAddress = 0x0041;
}
