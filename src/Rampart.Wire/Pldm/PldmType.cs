namespace Rampart.Wire.Pldm;

/// <summary>PLDM types (DSP0245 Table 1, carried in the 6-bit type field of the DSP0240 header).</summary>
public enum PldmType : byte
{
    /// <summary>PLDM Messaging Control and Discovery (0x00), DSP0240.</summary>
    Base = 0x00,

    /// <summary>PLDM for SMBIOS (0x01), DSP0246.</summary>
    Smbios = 0x01,

    /// <summary>PLDM for Platform Monitoring and Control (0x02), DSP0248.</summary>
    PlatformMonitoringAndControl = 0x02,

    /// <summary>PLDM for BIOS Control and Configuration (0x03), DSP0247.</summary>
    BiosControl = 0x03,

    /// <summary>PLDM for FRU Data (0x04), DSP0257.</summary>
    FruData = 0x04,

    /// <summary>PLDM for Firmware Update (0x05), DSP0267.</summary>
    FirmwareUpdate = 0x05,

    /// <summary>PLDM for Redfish Device Enablement (0x06), DSP0218.</summary>
    RedfishDeviceEnablement = 0x06,

    /// <summary>PLDM for File Transfer (0x07), DSP0242.</summary>
    FileTransfer = 0x07,

    /// <summary>OEM specific (0x3F).</summary>
    Oem = 0x3F,
}
