namespace Rampart.Kernel.Abi;

/// <summary>The three arguments a capsule passes with an upcall (Tock TRD104 §4.2).</summary>
/// <param name="Arg0">First argument.</param>
/// <param name="Arg1">Second argument.</param>
/// <param name="Arg2">Third argument.</param>
public readonly record struct UpcallArgs(uint Arg0, uint Arg1, uint Arg2);

/// <summary>
/// An app's upcall. Tock passes an <c>appdata</c> word as well; in .NET the delegate's closure
/// carries it. The kernel calls it only while the app yields, inside the app's fault boundary.
/// </summary>
public delegate void Upcall(UpcallArgs args);

/// <summary>The result of Subscribe: on success the previously registered upcall (swap semantics).</summary>
/// <param name="Error">Null on success.</param>
/// <param name="Previous">The upcall that was registered before (success), or the one passed in (failure).</param>
public readonly record struct SubscribeResult(ErrorCode? Error, Upcall? Previous)
{
    /// <summary>True when the upcall was registered.</summary>
    public bool IsSuccess => Error is null;
}
