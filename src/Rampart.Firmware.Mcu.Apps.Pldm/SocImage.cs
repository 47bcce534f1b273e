namespace Rampart.Firmware.Mcu.Apps.Pldm;

/// <summary>
/// One SoC image the MCU loads in streaming boot stage 2 (REFERENCE.md "Stage 2"): its PLDM
/// component identifier, the SoC manifest fw_id Caliptra authorizes it by, and where it goes.
/// </summary>
/// <param name="ComponentIdentifier">The DSP0267 ComponentIdentifier (classification Firmware).</param>
/// <param name="FwId">The fw_id of its SoC manifest entry (AUTHORIZE_AND_STASH argument).</param>
/// <param name="LoadAddress">The SoC load address.</param>
/// <param name="MaxSize">The largest image the load region takes.</param>
internal readonly record struct SocImage(ushort ComponentIdentifier, uint FwId, ulong LoadAddress, uint MaxSize)
{
    /// <summary>
    /// The default stage 2 table: two SoC images. The integrator replaces it with the
    /// platform's table (it mirrors the SoC manifest's image metadata entries).
    /// </summary>
    public static SocImage[] DefaultTable() =>
    [
        new(0x0001, 0x0000_0001, 0x4000_0000, 0x0010_0000),
        new(0x0002, 0x0000_0002, 0x4010_0000, 0x0010_0000),
    ];
}
