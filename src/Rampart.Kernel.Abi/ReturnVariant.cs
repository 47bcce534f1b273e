namespace Rampart.Kernel.Abi;

/// <summary>System call return variants (Tock TRD104 §3.2); failures are below 128, successes from 128.</summary>
public enum ReturnVariant : byte
{
    /// <summary>Failure (0): r1 = error code.</summary>
    Failure = 0,

    /// <summary>Failure with u32 (1).</summary>
    FailureU32 = 1,

    /// <summary>Failure with 2 u32 (2).</summary>
    FailureU32U32 = 2,

    /// <summary>Failure with u64 (3).</summary>
    FailureU64 = 3,

    /// <summary>Success (128).</summary>
    Success = 128,

    /// <summary>Success with u32 (129).</summary>
    SuccessU32 = 129,

    /// <summary>Success with 2 u32 (130).</summary>
    SuccessU32U32 = 130,

    /// <summary>Success with u64 (131).</summary>
    SuccessU64 = 131,

    /// <summary>Success with 3 u32 (132).</summary>
    SuccessU32U32U32 = 132,

    /// <summary>Success with u32 and u64 (133).</summary>
    SuccessU32U64 = 133,
}
