namespace Rampart.Kernel.Abi;

/// <summary>
/// A system call's return value (Tock TRD104 §3.2): a variant and up to three 32-bit registers.
/// For failures r1 is the <see cref="ErrorCode"/>; 64-bit values are split low word first.
/// </summary>
/// <param name="Variant">Which shape the registers have.</param>
/// <param name="R1">Register 1.</param>
/// <param name="R2">Register 2.</param>
/// <param name="R3">Register 3.</param>
public readonly record struct SyscallReturn(ReturnVariant Variant, uint R1, uint R2, uint R3)
{
    /// <summary>True for the success variants (128 and above).</summary>
    public bool IsSuccess => (byte)Variant >= (byte)ReturnVariant.Success;

    /// <summary>The error of a failure variant, or null on success.</summary>
    public ErrorCode? Error => IsSuccess ? null : (ErrorCode)R1;

    /// <summary>The 64-bit value of SuccessU64 (r1 low, r2 high).</summary>
    public ulong U64 => Variant switch
    {
        ReturnVariant.SuccessU64 => R1 | ((ulong)R2 << 32),
        ReturnVariant.SuccessU32U64 or ReturnVariant.FailureU64 => R2 | ((ulong)R3 << 32),
        _ => 0,
    };

    /// <summary>Success.</summary>
    public static SyscallReturn Success() => new(ReturnVariant.Success, 0, 0, 0);

    /// <summary>Success with one u32.</summary>
    public static SyscallReturn SuccessU32(uint value) => new(ReturnVariant.SuccessU32, value, 0, 0);

    /// <summary>Success with two u32.</summary>
    public static SyscallReturn SuccessU32U32(uint a, uint b) => new(ReturnVariant.SuccessU32U32, a, b, 0);

    /// <summary>Success with three u32.</summary>
    public static SyscallReturn SuccessU32U32U32(uint a, uint b, uint c) => new(ReturnVariant.SuccessU32U32U32, a, b, c);

    /// <summary>Success with a u64.</summary>
    public static SyscallReturn SuccessU64(ulong value) => new(ReturnVariant.SuccessU64, (uint)value, (uint)(value >> 32), 0);

    /// <summary>Success with a u32 and a u64.</summary>
    public static SyscallReturn SuccessU32U64(uint a, ulong value) => new(ReturnVariant.SuccessU32U64, a, (uint)value, (uint)(value >> 32));

    /// <summary>Failure.</summary>
    public static SyscallReturn Failure(ErrorCode error) => new(ReturnVariant.Failure, (uint)error, 0, 0);

    /// <summary>Failure with a u32.</summary>
    public static SyscallReturn FailureU32(ErrorCode error, uint value) => new(ReturnVariant.FailureU32, (uint)error, value, 0);

    /// <summary>Failure with two u32.</summary>
    public static SyscallReturn FailureU32U32(ErrorCode error, uint a, uint b) => new(ReturnVariant.FailureU32U32, (uint)error, a, b);

    /// <summary>Failure with a u64.</summary>
    public static SyscallReturn FailureU64(ErrorCode error, ulong value) => new(ReturnVariant.FailureU64, (uint)error, (uint)value, (uint)(value >> 32));

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"{Variant}({R1}, {R2}, {R3})" : $"{Variant}({Error})";
}
