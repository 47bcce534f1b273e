using Rampart.Protocols.Caliptra;

namespace Rampart.Firmware.Mcu.Apps.Vdm;

/// <summary>Where the VDM responder learns the Caliptra core firmware's identity (FW_INFO).</summary>
public interface ICaliptraFirmwareInfo
{
    /// <summary>Caliptra's FW_INFO answer, or null when Caliptra did not answer.</summary>
    ValueTask<FwInfoResponse?> GetFwInfoAsync();
}
