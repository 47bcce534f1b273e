namespace Rampart.Wire.Doe;

/// <summary>
/// Data object types of the PCI-SIG vendor ID 0x0001 (PCIe 6.x §6.30.1, DOE ECN; DSP0274 over DOE
/// in PCIe §6.31). Open: unknown values are carried through.
/// </summary>
public enum DoeDataObjectType : byte
{
    /// <summary>DOE Discovery (0x00).</summary>
    Discovery = 0x00,

    /// <summary>CMA/SPDM (0x01): an SPDM message.</summary>
    Spdm = 0x01,

    /// <summary>Secured CMA/SPDM (0x02): a DSP0277 secured message.</summary>
    SecuredSpdm = 0x02,
}
