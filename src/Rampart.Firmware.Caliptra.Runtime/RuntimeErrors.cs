namespace Rampart.Firmware.Caliptra.Runtime;

/// <summary>
/// Fatal error codes of the Caliptra runtime (the <c>StageExit.ErrorCode</c> and the MCI
/// firmware-error value). Extend-only; success is never one of these.
/// </summary>
public static class RuntimeErrors
{
    /// <summary>The handoff table is malformed or misses a required entry.</summary>
    public const uint HandoffMalformed = 0x000E_0001;

    /// <summary>The SoC manifest did not arrive over the recovery interface.</summary>
    public const uint SocManifestNotReceived = 0x000E_0002;

    /// <summary>The SoC manifest failed verification.</summary>
    public const uint SocManifestInvalid = 0x000E_0003;

    /// <summary>The MCU runtime did not arrive over the recovery interface.</summary>
    public const uint McuRuntimeNotReceived = 0x000E_0004;

    /// <summary>The MCU runtime is not authorized by the SoC manifest.</summary>
    public const uint McuRuntimeUnauthorized = 0x000E_0005;

    /// <summary>Writing the MCU runtime into MCU SRAM failed.</summary>
    public const uint McuSramWriteFailed = 0x000E_0006;

    /// <summary>The SoC manifest SVN fuses could not be read.</summary>
    public const uint FuseReadFailed = 0x000E_0007;
}
