namespace Rampart.Firmware.Caliptra.Rom;

/// <summary>
/// Fatal errors of the Caliptra ROM, written to MCI's firmware-fatal register and returned in the
/// halt. Image-rule failures carry the image verdict instead (Rampart.Images.ImageVerdict).
/// </summary>
public enum RomError : uint
{
    /// <summary>A crypto engine failed its known-answer self-test.</summary>
    KnownAnswerTestFailed = 0x0200_0001,

    /// <summary>A fuse partition could not be read or failed its digest check.</summary>
    FuseReadFailed = 0x0200_0002,

    /// <summary>The UDS or field entropy could not be loaded into the key vault.</summary>
    SecretLoadFailed = 0x0200_0003,

    /// <summary>The DICE derivation failed in the key vault.</summary>
    DiceDerivationFailed = 0x0200_0004,

    /// <summary>The provisioning region holds no IDevID certificates.</summary>
    ProvisioningDataMissing = 0x0200_0005,

    /// <summary>The provisioned IDevID certificate does not certify the key this chip derives, or names another UEID than the fuses give.</summary>
    IdevIdCertificateMismatch = 0x0200_0006,

    /// <summary>The firmware bundle did not arrive over the recovery interface (timeout, size).</summary>
    RecoveryTransferFailed = 0x0200_0007,

    /// <summary>The PCR bank refused an extend.</summary>
    MeasurementFailed = 0x0200_0008,

    /// <summary>The MCU asked for something other than RI_DOWNLOAD_FIRMWARE.</summary>
    UnexpectedMailboxCommand = 0x0200_0009,
}
