namespace Rampart.Hal.CoreControl;

/// <summary>Why the code loader refused an assembly (ARCHITECTURE.md §2; KERNEL.md load-time check).</summary>
public enum LoadRefusalReason
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>The bytes are not a well-formed ECMA-335 assembly or <see cref="FirmwareArchive"/>.</summary>
    Malformed = 0x01,

    /// <summary>The assembly references an assembly outside the allow-list.</summary>
    ForbiddenAssembly = 0x02,

    /// <summary>The assembly references a type outside the allow-list (reflection, threads, files, console…).</summary>
    ForbiddenType = 0x03,

    /// <summary>The assembly references a member outside the allow-list (ArrayPool.Shared, Task.Run…).</summary>
    ForbiddenMember = 0x04,

    /// <summary>A method is a P/Invoke, an internal call, or a module reference row exists.</summary>
    PInvoke = 0x05,

    /// <summary>A method body uses a pointer opcode (localloc outside stackalloc-into-Span, calli, ldind/stind on a pointer, cpblk…).</summary>
    PointerOpcode = 0x06,

    /// <summary>A signature or body uses a function pointer or an unmanaged pointer type.</summary>
    FunctionPointer = 0x07,

    /// <summary>A type declares a mutable static field (shared state), or writes a read-only one.</summary>
    MutableStaticField = 0x08,

    /// <summary>A type has explicit field layout (overlapping fields confuse types).</summary>
    ExplicitLayout = 0x09,

    /// <summary>The assembly defines a name the loader reserves for its instrumentation.</summary>
    ReservedName = 0x0A,

    /// <summary>The requested entry type is missing, not public, abstract or of the wrong kind.</summary>
    NoEntryPoint = 0x0B,

    /// <summary>The assembly exceeds the loader's size limits.</summary>
    TooLarge = 0x0C,

    /// <summary>This loader does not load that kind of code (an app's loader asked for a stage).</summary>
    NotPermitted = 0x0D,

    /// <summary>
    /// A method body uses a value as a type it is not — a number as an object, an object of one
    /// class where another is declared, one struct as another, a non-array as an array, a
    /// covariant array element written through a read-only address: type confusion, which a
    /// verifier refuses (decision 0160).
    /// </summary>
    TypeMismatch = 0x0E,
}

/// <summary>A named refusal: the reason and the offending construct ("System.Console", "calli in Foo::Bar").</summary>
/// <param name="Reason">The category.</param>
/// <param name="Detail">The construct, by name.</param>
public readonly record struct LoadRefusal(LoadRefusalReason Reason, string Detail)
{
    /// <summary>No refusal.</summary>
    public static LoadRefusal None => new(LoadRefusalReason.None, string.Empty);

    /// <inheritdoc />
    public override string ToString() => Reason == LoadRefusalReason.None ? "accepted" : $"{Reason}: {Detail}";
}
