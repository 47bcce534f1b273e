namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>UpdateOptionFlags (DSP0267 1.3 UpdateComponent, GetStatus and package FD records); other bits are carried as they are.</summary>
[Flags]
public enum UpdateOptionFlags : uint
{
    /// <summary>No option.</summary>
    None = 0,

    /// <summary>Bit 0: request force update of the component.</summary>
    ForceUpdate = 1u << 0,

    /// <summary>
    /// Bit 1 (1.3): the component has opaque data the FD may read with GetComponentOpaqueData;
    /// when the FD enables it, its UpdateComponent response carries the largest part it will ask for.
    /// </summary>
    ComponentOpaqueData = 1u << 1,

    /// <summary>Bit 2 (1.3): the component's security revision is raised later, by UpdateSecurityRevision.</summary>
    SecurityRevisionDelayedUpdate = 1u << 2,
}

/// <summary>ComponentActivationMethods bit field (DSP0267 1.3 component parameter table, ApplyComplete).</summary>
[Flags]
public enum ComponentActivationMethods : ushort
{
    /// <summary>No method.</summary>
    None = 0,

    /// <summary>Bit 0: automatic.</summary>
    Automatic = 1 << 0,

    /// <summary>Bit 1: self-contained.</summary>
    SelfContained = 1 << 1,

    /// <summary>Bit 2: medium-specific reset.</summary>
    MediumSpecificReset = 1 << 2,

    /// <summary>Bit 3: system reboot.</summary>
    SystemReboot = 1 << 3,

    /// <summary>Bit 4: DC power cycle.</summary>
    DcPowerCycle = 1 << 4,

    /// <summary>Bit 5: AC power cycle.</summary>
    AcPowerCycle = 1 << 5,

    /// <summary>Bit 6: supports activate pending image.</summary>
    ActivatePendingImage = 1 << 6,

    /// <summary>Bit 7: supports activate pending image set.</summary>
    ActivatePendingImageSet = 1 << 7,
}
