namespace Rampart.Kernel.Abi;

/// <summary>
/// An app's "pointer": a slice of its own memory arena, as (offset, length). The kernel checks it
/// lies inside the app's accessible memory when the app allows it (KERNEL.md, ".NET mapping").
/// </summary>
/// <param name="Offset">Byte offset from the start of the app's arena.</param>
/// <param name="Length">Length in bytes; zero means "no buffer".</param>
public readonly record struct AppSlice(int Offset, int Length)
{
    /// <summary>The empty slice: allowing it takes a buffer back from the kernel.</summary>
    public static AppSlice Empty => default;

    /// <summary>True when the slice has no bytes.</summary>
    public bool IsEmpty => Length == 0;
}

/// <summary>The result of an allow: on success the buffer previously allowed under that number (swap semantics).</summary>
/// <param name="Error">Null on success.</param>
/// <param name="Previous">The previous slice (success), or the slice passed in (failure).</param>
public readonly record struct AllowResult(ErrorCode? Error, AppSlice Previous)
{
    /// <summary>True when the buffer was allowed.</summary>
    public bool IsSuccess => Error is null;
}
