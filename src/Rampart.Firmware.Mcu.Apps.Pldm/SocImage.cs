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
    /// <summary>The fw_ids the app asks Caliptra about at start (the manifest's stage-2 entries live here).</summary>
    public const uint LastDiscoveredFwId = 0x3F;

    /// <summary>
    /// The stage-2 table, read from the SoC manifest Caliptra verified: every fw_id (other than the
    /// MCU runtime's) it has an entry for becomes PLDM component fw_id, loaded at the entry's load
    /// address, at most up to the end of SoC image memory.
    /// </summary>
    public static async ValueTask<SocImage[]> DiscoverAsync(IPldmAppPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var images = new List<SocImage>();
        for (var fwId = 1u; fwId <= LastDiscoveredFwId; fwId++)
        {
            if (fwId == Hal.Boot.FirmwareIds.McuRuntime || await port.GetLoadAddressAsync(fwId) is not { } load)
            {
                continue;
            }

            var end = Hal.Boot.SocMemoryMap.SocImageBase + Hal.Boot.SocMemoryMap.SocImageSize;
            if (load >= Hal.Boot.SocMemoryMap.SocImageBase && load < end)
            {
                images.Add(new SocImage((ushort)fwId, fwId, load, (uint)Math.Min(uint.MaxValue, end - load)));
            }
        }

        return images.ToArray();
    }
}
