namespace Rampart.Wire.Spdm;

/// <summary>
/// The SPDMVersion byte of every message (DSP0274 §10.2): major in bits 7:4, minor in 3:0.
/// Rampart speaks 1.2 and 1.3.
/// </summary>
public static class SpdmVersion
{
    /// <summary>SPDM 1.0 (0x10): only GET_VERSION/VERSION use it.</summary>
    public const byte V10 = 0x10;

    /// <summary>SPDM 1.1 (0x11).</summary>
    public const byte V11 = 0x11;

    /// <summary>SPDM 1.2 (0x12).</summary>
    public const byte V12 = 0x12;

    /// <summary>SPDM 1.3 (0x13).</summary>
    public const byte V13 = 0x13;

    /// <summary>
    /// A version number entry of VERSION (DSP0274 Table 9): major(15:12) minor(11:8)
    /// update(7:4) alpha(3:0).
    /// </summary>
    public static ushort ToVersionNumberEntry(byte version) => (ushort)(version << 8);

    /// <summary>The SPDMVersion byte of a version number entry.</summary>
    public static byte FromVersionNumberEntry(ushort entry) => (byte)(entry >> 8);

    /// <summary>The label prefix of the key schedule and signing contexts, e.g. "spdm1.2 " (DSP0274 §12.5).</summary>
    public static string BinConcatLabel(byte version) => $"spdm{version >> 4}.{version & 0xF} ";
}
