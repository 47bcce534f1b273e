using System.Collections.Frozen;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// What an app may name (KERNEL.md, "what .NET does not enforce by itself"). An allow-list:
/// a referenced assembly, namespace or type that is not listed here is refused. Inside allowed
/// namespaces a few types and members are refused by name because they reach shared state,
/// threads, timers, the clock or raw memory.
/// </summary>
internal static class AllowList
{
    /// <summary>Assemblies an app may reference; all others are refused.</summary>
    private static readonly FrozenSet<string> Assemblies = new[]
    {
        "System.Runtime", "System.Private.CoreLib", "netstandard", "mscorlib",
        "System.Collections", "System.Linq", "System.Memory", "System.Threading",
        "System.Threading.Tasks", "System.Text.Encoding.Extensions", "System.Runtime.Numerics",
        "System.Security.Cryptography",
        "Rampart.Kernel.Abi", "Rampart.Hal", "Rampart.Wire",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Namespaces whose every type is allowed (subject to the refused members).</summary>
    private static readonly FrozenSet<string> OpenNamespaces = new[]
    {
        "System.Collections", "System.Collections.Generic", "System.Collections.ObjectModel",
        "System.Linq", "System.Text", "System.Text.Unicode", "System.Buffers", "System.Buffers.Binary",
        "System.Buffers.Text", "System.Numerics", "System.Globalization", "System.Diagnostics.CodeAnalysis",
        "System.Runtime.Versioning", "System.ComponentModel",
        "Rampart.Kernel.Abi", "Rampart.Wire",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Types allowed one by one in namespaces that are otherwise closed.</summary>
    private static readonly FrozenSet<string> SingleTypes = new[]
    {
        "System.Threading.CancellationToken", "System.Threading.CancellationTokenSource",
        "System.Threading.CancellationTokenRegistration", "System.Threading.Interlocked", "System.Threading.Volatile",
        "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1", "System.Threading.Tasks.ValueTask",
        "System.Threading.Tasks.ValueTask`1", "System.Threading.Tasks.TaskCompletionSource",
        "System.Threading.Tasks.TaskCompletionSource`1", "System.Threading.Tasks.TaskStatus",
        "System.Threading.Tasks.TaskCreationOptions", "System.Threading.Tasks.TaskContinuationOptions",
        "System.Diagnostics.DebuggerBrowsableAttribute", "System.Diagnostics.DebuggerBrowsableState",
        "System.Diagnostics.DebuggerHiddenAttribute", "System.Diagnostics.DebuggerStepThroughAttribute",
        "System.Diagnostics.DebuggableAttribute", "System.Diagnostics.DebuggerDisplayAttribute",
        "System.Diagnostics.DebuggerNonUserCodeAttribute", "System.Diagnostics.ConditionalAttribute",
        "System.Diagnostics.StackTraceHiddenAttribute",
        "System.Reflection.AssemblyCompanyAttribute", "System.Reflection.AssemblyConfigurationAttribute",
        "System.Reflection.AssemblyFileVersionAttribute", "System.Reflection.AssemblyInformationalVersionAttribute",
        "System.Reflection.AssemblyProductAttribute", "System.Reflection.AssemblyTitleAttribute",
        "System.Reflection.AssemblyVersionAttribute", "System.Reflection.AssemblyMetadataAttribute",
        "System.Reflection.AssemblyDescriptionAttribute", "System.Reflection.AssemblyCopyrightAttribute",
        "System.Reflection.AssemblyTrademarkAttribute", "System.Reflection.DefaultMemberAttribute",
        "System.Runtime.InteropServices.InAttribute", "System.Runtime.InteropServices.OutAttribute",

        // Pure, no state, no engine bypass: constant-time compare and wipe (docs/decisions/0240-stage-loading.md).
        "System.Security.Cryptography.CryptographicOperations",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Types refused inside the <c>System</c> and <c>System.Runtime.CompilerServices</c> namespaces.</summary>
    private static readonly FrozenSet<string> RefusedTypes = new[]
    {
        "System.Console", "System.Environment", "System.AppDomain", "System.AppContext", "System.Activator",
        "System.GC", "System.Random", "System.ThreadStaticAttribute", "System.TimeProvider",
        "System.TypedReference", "System.ArgIterator", "System.RuntimeArgumentHandle", "System.RuntimeMethodHandle",
        "System.ModuleHandle", "System.LocalDataStoreSlot", "System.Buffer",
        "System.Runtime.CompilerServices.Unsafe", "System.Runtime.CompilerServices.UnsafeAccessorAttribute",
        "System.Runtime.CompilerServices.SkipLocalsInitAttribute", "System.Runtime.CompilerServices.FixedBufferAttribute",
        "System.Runtime.CompilerServices.ConditionalWeakTable`2", "System.Runtime.CompilerServices.RuntimeFeature",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Members refused by name on otherwise allowed types ("Type::member").</summary>
    private static readonly FrozenSet<string> RefusedMembers = new[]
    {
        "System.Buffers.ArrayPool`1::get_Shared", "System.Buffers.MemoryPool`1::get_Shared",
        "System.Threading.Tasks.Task::Run", "System.Threading.Tasks.Task::Delay", "System.Threading.Tasks.Task::get_Factory",
        "System.Threading.Tasks.Task::RunSynchronously", "System.Threading.Tasks.Task`1::get_Factory",
        "System.Threading.Tasks.Task::ConfigureAwait", "System.Threading.Tasks.Task`1::ConfigureAwait",
        "System.Threading.Tasks.ValueTask::ConfigureAwait", "System.Threading.Tasks.ValueTask`1::ConfigureAwait",
        "System.Threading.CancellationTokenSource::CancelAfter",
        "System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTime::get_Today",
        "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow", "System.Guid::NewGuid",
        "System.Delegate::DynamicInvoke", "System.Delegate::get_Method", "System.Delegate::CreateDelegate",
        "System.Delegate::get_Target", "System.MulticastDelegate::GetInvocationList",
        "System.Globalization.CultureInfo::set_CurrentCulture", "System.Globalization.CultureInfo::set_CurrentUICulture",
        "System.Globalization.CultureInfo::set_DefaultThreadCurrentCulture",
        "System.Globalization.CultureInfo::set_DefaultThreadCurrentUICulture",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The only members of <c>System.Type</c> an app may call (what the compiler emits for records, <c>typeof</c> compares).</summary>
    private static readonly FrozenSet<string> TypeMembers = new[]
    {
        "GetTypeFromHandle", "op_Equality", "op_Inequality", "Equals", "GetHashCode", "ToString", "get_Name", "get_FullName",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The only members of <c>RuntimeHelpers</c> an app may call (array and span constants, ranges).</summary>
    private static readonly FrozenSet<string> RuntimeHelpersMembers = new[]
    {
        "InitializeArray", "CreateSpan", "GetSubArray", "IsReferenceOrContainsReferences", "EnsureSufficientExecutionStack",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The only members of <c>CryptographicOperations</c> an app may call (its hashing would bypass the engines).</summary>
    private static readonly FrozenSet<string> CryptographicOperationsMembers = new[]
    {
        "FixedTimeEquals", "ZeroMemory",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Checks a referenced assembly by simple name.</summary>
    public static LoadRefusal CheckAssembly(string name) =>
        Assemblies.Contains(name) ? LoadRefusal.None : new LoadRefusal(LoadRefusalReason.ForbiddenAssembly, name);

    /// <summary>Checks a type defined outside the app, by namespace and outermost type name.</summary>
    public static LoadRefusal CheckType(string ns, string name)
    {
        var full = ns.Length == 0 ? name : ns + "." + name;
        if (RefusedTypes.Contains(full))
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenType, full);
        }

        if (ns == "Rampart.Hal")
        {
            return LoadRefusal.None;
        }

        if (ns.StartsWith("Rampart.Hal.", StringComparison.Ordinal))
        {
            return ns == "Rampart.Hal.CoreControl" ? new LoadRefusal(LoadRefusalReason.ForbiddenType, full) : LoadRefusal.None;
        }

        if (ns.StartsWith("Rampart.Wire.", StringComparison.Ordinal) || ns.StartsWith("Rampart.Kernel.Abi.", StringComparison.Ordinal))
        {
            return LoadRefusal.None;
        }

        if (ns is "System" or "System.Runtime.CompilerServices" || OpenNamespaces.Contains(ns) || SingleTypes.Contains(full))
        {
            return LoadRefusal.None;
        }

        return new LoadRefusal(LoadRefusalReason.ForbiddenType, full);
    }

    /// <summary>Checks a referenced member of an allowed type.</summary>
    public static LoadRefusal CheckMember(string typeFullName, string member)
    {
        if (typeFullName == "System.Type" && !TypeMembers.Contains(member))
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenMember, typeFullName + "::" + member);
        }

        if (typeFullName == "System.Runtime.CompilerServices.RuntimeHelpers" && !RuntimeHelpersMembers.Contains(member))
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenMember, typeFullName + "::" + member);
        }

        if (typeFullName == "System.Security.Cryptography.CryptographicOperations" && !CryptographicOperationsMembers.Contains(member))
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenMember, typeFullName + "::" + member);
        }

        var key = typeFullName + "::" + member;
        return RefusedMembers.Contains(key) ? new LoadRefusal(LoadRefusalReason.ForbiddenMember, key) : LoadRefusal.None;
    }
}
