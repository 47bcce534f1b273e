namespace Rampart.Hal.Security;

/// <summary>
/// The subsystem lifecycle states (REFERENCE.md "Lifecycle"; caliptra-ss lifecycle controller).
/// The value is the code written into the fuse transition record; Raw is an empty record.
/// Codes are far apart in bits so one flipped fuse bit never reads as another state.
/// </summary>
public enum LifecycleState : byte
{
    /// <summary>Raw: blank fuses, nothing provisioned.</summary>
    Raw = 0x00,

    /// <summary>TestUnlocked: test access open.</summary>
    TestUnlocked = 0x1E,

    /// <summary>TestLocked: test access closed, may be unlocked again with the test-unlock token.</summary>
    TestLocked = 0x2D,

    /// <summary>Manufacturing: provisioning (Caliptra sees "Manufacturing").</summary>
    Manufacturing = 0x3C,

    /// <summary>Production: in the field (Caliptra sees "Production").</summary>
    Production = 0x4B,

    /// <summary>ProdEnd: production with no way back to RMA.</summary>
    ProdEnd = 0x5A,

    /// <summary>RMA: returned for failure analysis; secrets wiped.</summary>
    Rma = 0x69,

    /// <summary>Scrap: permanently disabled.</summary>
    Scrap = 0x78,

    /// <summary>The record holds a code that names no state (read as a fault; treated like Scrap).</summary>
    Invalid = 0xFF,
}
