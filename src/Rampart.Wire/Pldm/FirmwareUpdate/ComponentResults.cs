namespace Rampart.Wire.Pldm.FirmwareUpdate;

/// <summary>TransferResult of TransferComplete (DSP0267 1.3); 0x70–0x8F vendor defined.</summary>
public enum TransferResult : byte
{
    /// <summary>Transfer successful (0x00).</summary>
    Success = 0x00,

    /// <summary>Transfer failed: the image is corrupt (0x01).</summary>
    CorruptImage = 0x01,

    /// <summary>Transfer failed: version mismatch (0x02).</summary>
    VersionMismatch = 0x02,

    /// <summary>FD aborted the transfer (0x03).</summary>
    FdAbortedTransfer = 0x03,

    /// <summary>Timeout (0x09).</summary>
    Timeout = 0x09,

    /// <summary>Generic error (0x0A).</summary>
    GenericError = 0x0A,

    /// <summary>FD aborted: low power state (0x0B).</summary>
    FdAbortedLowPowerState = 0x0B,

    /// <summary>FD aborted: reset needed (0x0C).</summary>
    FdAbortedResetNeeded = 0x0C,

    /// <summary>FD aborted: storage issue (0x0D).</summary>
    FdAbortedStorageIssue = 0x0D,
}

/// <summary>VerifyResult of VerifyComplete (DSP0267 1.3); 0x90–0xAF vendor defined.</summary>
public enum VerifyResult : byte
{
    /// <summary>Verify successful (0x00).</summary>
    Success = 0x00,

    /// <summary>Verification failure (0x01).</summary>
    VerificationFailure = 0x01,

    /// <summary>Version mismatch (0x02).</summary>
    VersionMismatch = 0x02,

    /// <summary>Failed FD security checks (0x03).</summary>
    FailedSecurityChecks = 0x03,

    /// <summary>Image incomplete (0x04).</summary>
    ImageIncomplete = 0x04,

    /// <summary>Timeout (0x09).</summary>
    Timeout = 0x09,

    /// <summary>Generic error (0x0A).</summary>
    GenericError = 0x0A,
}

/// <summary>ApplyResult of ApplyComplete (DSP0267 1.3); 0xB0–0xCF vendor defined.</summary>
public enum ApplyResult : byte
{
    /// <summary>Apply successful (0x00).</summary>
    Success = 0x00,

    /// <summary>Apply successful with a modified activation method (0x01).</summary>
    SuccessWithActivationMethod = 0x01,

    /// <summary>Apply failed: memory write issue (0x02).</summary>
    FailureMemoryIssue = 0x02,

    /// <summary>Timeout (0x09).</summary>
    Timeout = 0x09,

    /// <summary>Generic error (0x0A).</summary>
    GenericError = 0x0A,
}

/// <summary>ComponentResponse of PassComponentTable (DSP0267 1.3).</summary>
public enum ComponentResponse : byte
{
    /// <summary>Component can be updated (0).</summary>
    CanBeUpdated = 0,

    /// <summary>Component will not be updated (1).</summary>
    MayBeUpdateable = 1,
}

/// <summary>
/// ComponentResponseCode of PassComponentTable and ComponentCompatibilityResponseCode of
/// UpdateComponent (DSP0267 1.3; the tables share their values, 0xD0–0xEF vendor defined).
/// </summary>
public enum ComponentResponseCode : byte
{
    /// <summary>Component can be updated / no response code (0x00).</summary>
    CanBeUpdated = 0x00,

    /// <summary>Comparison stamp identical (0x01).</summary>
    ComparisonStampIdentical = 0x01,

    /// <summary>Comparison stamp lower (0x02).</summary>
    ComparisonStampLower = 0x02,

    /// <summary>Invalid comparison stamp (0x03).</summary>
    InvalidComparisonStamp = 0x03,

    /// <summary>Component conflict (0x04).</summary>
    Conflict = 0x04,

    /// <summary>Component prerequisites not met (0x05).</summary>
    PrerequisitesNotMet = 0x05,

    /// <summary>Component not supported (0x06).</summary>
    NotSupported = 0x06,

    /// <summary>Security restrictions (0x07).</summary>
    SecurityRestrictions = 0x07,

    /// <summary>Incomplete component image set (0x08).</summary>
    IncompleteImageSet = 0x08,

    /// <summary>PassComponentTable: active image not updateable subsequently; UpdateComponent: component info no match (0x09).</summary>
    ActiveImageNotUpdateableOrInfoNoMatch = 0x09,

    /// <summary>Version string identical (0x0A).</summary>
    VersionStringIdentical = 0x0A,

    /// <summary>Version string lower (0x0B).</summary>
    VersionStringLower = 0x0B,
}

/// <summary>ComponentCompatibilityResponse of UpdateComponent (DSP0267 1.3).</summary>
public enum ComponentCompatibilityResponse : byte
{
    /// <summary>Component can be updated (0).</summary>
    CanBeUpdated = 0,

    /// <summary>Component cannot be updated (1).</summary>
    CannotBeUpdated = 1,
}

/// <summary>Range checks for the component result codes.</summary>
public static class ComponentResults
{
    /// <summary>True for 0x00–0x0B and the vendor range 0xD0–0xEF.</summary>
    public static bool IsDefined(ComponentResponseCode code) =>
        code <= ComponentResponseCode.VersionStringLower || (byte)code is >= 0xD0 and <= 0xEF;
}
