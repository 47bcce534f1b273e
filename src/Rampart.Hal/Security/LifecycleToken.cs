namespace Rampart.Hal.Security;

/// <summary>
/// The tokens that gate lifecycle transitions and manufacturing debug unlock. Only their
/// SHA-384 hashes are fused, at <c>(int)token * 48</c> in <see cref="FusePartition.LifecycleTokens"/>.
/// </summary>
public enum LifecycleToken : byte
{
    /// <summary>TestLocked → TestUnlocked.</summary>
    TestUnlock = 0x00,

    /// <summary>TestUnlocked/TestLocked → Manufacturing.</summary>
    TestExit = 0x01,

    /// <summary>Manufacturing → Production and Production → ProdEnd.</summary>
    Production = 0x02,

    /// <summary>Test*, Manufacturing or Production → RMA.</summary>
    Rma = 0x03,

    /// <summary>Debug unlock in Manufacturing.</summary>
    ManufacturingDebugUnlock = 0x04,
}
