using Rampart.Wire.Spdm;

namespace Rampart.Protocols.Caliptra;

/// <summary>
/// The SPDM measurement blocks Rampart's MCU reports for the boot (decision 0270), shared by the
/// device that writes them and the verifier that derives reference values from the images:
/// <code>
/// index 1      Caliptra FMC digest (SHA-384, mutable firmware)
/// index 2      Caliptra runtime digest (SHA-384, mutable firmware)
/// index 3      SoC manifest digest (SHA-384, firmware configuration)
/// index 4      Caliptra firmware SVN (raw, 8 bytes little-endian, security version number)
/// index 5–9    PCR0, PCR1, PCR2, PCR3, PCR31 (SHA-384, hash-extend measurement)
/// index 10…    each image the SoC manifest authorizes, by ascending fw_id (SHA-384, mutable firmware)
/// </code>
/// </summary>
public static class SpdmMeasurementLayout
{
    /// <summary>Caliptra FMC digest.</summary>
    public const byte FmcDigest = 1;

    /// <summary>Caliptra runtime digest.</summary>
    public const byte RuntimeDigest = 2;

    /// <summary>SoC manifest digest.</summary>
    public const byte SocManifestDigest = 3;

    /// <summary>Caliptra firmware SVN.</summary>
    public const byte FirmwareSvn = 4;

    /// <summary>The first PCR block.</summary>
    public const byte FirstPcr = 5;

    /// <summary>The first manifest image block.</summary>
    public const byte FirstImage = 10;

    /// <summary>The most images reported (fw_ids 1–63, as the manifest allows).</summary>
    public const int MaxImages = 63;

    /// <summary>The PCRs reported, in block order from <see cref="FirstPcr"/>.</summary>
    public static ReadOnlySpan<byte> Pcrs => [0, 1, 2, 3, 31];

    /// <summary>The value type byte of a digest block.</summary>
    public const byte DigestType = (byte)DmtfMeasurementType.MutableFirmware;

    /// <summary>The value type byte of the manifest digest block.</summary>
    public const byte ManifestType = (byte)DmtfMeasurementType.FirmwareConfiguration;

    /// <summary>The value type byte of the SVN block (raw bit stream).</summary>
    public const byte SvnType = 0x80 | (byte)DmtfMeasurementType.SecurityVersionNumber;

    /// <summary>The value type byte of a PCR block.</summary>
    public const byte PcrType = (byte)DmtfMeasurementType.HashExtendMeasurement;

    /// <summary>The SVN block's value.</summary>
    public static byte[] SvnValue(uint svn)
    {
        var value = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(value, svn);
        return value;
    }
}
