using System.Collections.Frozen;
using System.Reflection.Metadata;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// What a firmware stage (FMC, Caliptra runtime, MCU runtime) may name outside its archive
/// (docs/decisions/0240-stage-loading.md). The app allow-list widened by exactly what the
/// firmware libraries (Identity, Images, Protocols, Kernel, Kernel.Abi) need: the shared
/// contracts whole (core control included), ASN.1, a few crypto helpers and an in-memory
/// stream, the kernel's synchronization context, <c>new T()</c> and <c>Type.Name</c>. Still
/// refused: reflection beyond attributes and <c>typeof</c>, Emit, files, sockets, threads and
/// timers, the console, the environment, the GC, raw memory, <c>AssemblyLoadContext</c>,
/// <c>ArrayPool.Shared</c>, the wall clock, <c>Random</c> and <c>Guid.NewGuid</c>.
/// </summary>
internal static class StageAllowList
{
    /// <summary>BCL assemblies a stage may reference (Rampart.Hal and Rampart.Wire come from the chip).</summary>
    private static readonly FrozenSet<string> Assemblies = new[]
    {
        "System.Runtime", "System.Private.CoreLib", "netstandard", "mscorlib",
        "System.Collections", "System.Linq", "System.Memory", "System.Threading",
        "System.Threading.Tasks", "System.Text.Encoding.Extensions", "System.Runtime.Numerics",
        "System.Formats.Asn1", "System.Security.Cryptography",
        "Rampart.Hal", "Rampart.Wire",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Namespaces whose every type is allowed (subject to the refused members).</summary>
    private static readonly FrozenSet<string> OpenNamespaces = new[]
    {
        "System", "System.Runtime.CompilerServices",
        "System.Collections", "System.Collections.Generic", "System.Collections.ObjectModel",
        "System.Linq", "System.Text", "System.Text.Unicode", "System.Buffers", "System.Buffers.Binary",
        "System.Buffers.Text", "System.Numerics", "System.Globalization", "System.Diagnostics.CodeAnalysis",
        "System.Runtime.Versioning", "System.ComponentModel", "System.Formats.Asn1",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Types allowed one by one in namespaces that are otherwise closed (beyond the app's).</summary>
    private static readonly FrozenSet<string> SingleTypes = new[]
    {
        // The kernel posts app continuations to its own context (KERNEL.md "async apps").
        "System.Threading.SynchronizationContext", "System.Threading.SendOrPostCallback",
        "System.Threading.Tasks.TaskCanceledException",
        // Protocols builds certificate chains in memory; files stay closed.
        "System.IO.Stream", "System.IO.MemoryStream",
        // Type.Name on an exception's type (a fault crosses the boundary as names).
        "System.Reflection.MemberInfo",
        // Constant-time compares and PEM framing (Identity, Images); the SPDM requester reads a leaf
        // certificate's public key. Only the members listed in RestrictedMembers.
        "System.Security.Cryptography.CryptographicOperations", "System.Security.Cryptography.CryptographicException",
        "System.Security.Cryptography.PemEncoding", "System.Security.Cryptography.PemFields",
        "System.Security.Cryptography.ECAlgorithm", "System.Security.Cryptography.ECDsa",
        "System.Security.Cryptography.ECParameters", "System.Security.Cryptography.ECPoint",
        "System.Security.Cryptography.AsymmetricAlgorithm",
        "System.Security.Cryptography.X509Certificates.X509Certificate2", "System.Security.Cryptography.X509Certificates.X509Certificate",
        "System.Security.Cryptography.X509Certificates.X509CertificateLoader",
        "System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Types refused inside open namespaces.</summary>
    private static readonly FrozenSet<string> RefusedTypes = new[]
    {
        "System.Console", "System.Environment", "System.AppDomain", "System.AppContext",
        "System.GC", "System.Random", "System.ThreadStaticAttribute", "System.TimeProvider",
        "System.TypedReference", "System.ArgIterator", "System.RuntimeArgumentHandle", "System.RuntimeMethodHandle",
        "System.ModuleHandle", "System.LocalDataStoreSlot", "System.Buffer",
        "System.Runtime.CompilerServices.Unsafe", "System.Runtime.CompilerServices.UnsafeAccessorAttribute",
        "System.Runtime.CompilerServices.SkipLocalsInitAttribute", "System.Runtime.CompilerServices.FixedBufferAttribute",
        "System.Runtime.CompilerServices.ConditionalWeakTable`2", "System.Runtime.CompilerServices.RuntimeFeature",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Types whose members are allowed one by one ("Type" → members); any other member is refused.</summary>
    private static readonly FrozenDictionary<string, FrozenSet<string>> RestrictedMembers = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["System.Type"] = ["GetTypeFromHandle", "op_Equality", "op_Inequality", "Equals", "GetHashCode", "ToString", "get_Name", "get_FullName"],
        ["System.Reflection.MemberInfo"] = ["get_Name"],
        ["System.Runtime.CompilerServices.RuntimeHelpers"] = ["InitializeArray", "CreateSpan", "GetSubArray", "IsReferenceOrContainsReferences", "EnsureSufficientExecutionStack"],
        ["System.Activator"] = ["CreateInstance"],
        ["System.Threading.SynchronizationContext"] = [".ctor", "get_Current", "SetSynchronizationContext", "Post", "Send", "CreateCopy", "OperationStarted", "OperationCompleted"],
        ["System.IO.Stream"] = ["Write", "WriteByte", "Read", "ReadByte", "get_Length", "get_Position", "set_Position", "Dispose", "CopyTo", "Flush", "Seek", "SetLength"],
        ["System.Security.Cryptography.CryptographicOperations"] = ["FixedTimeEquals", "ZeroMemory"],
        ["System.Security.Cryptography.ECAlgorithm"] = ["ExportParameters"],
        ["System.Security.Cryptography.ECDsa"] = ["ExportParameters", "Dispose"],
        ["System.Security.Cryptography.AsymmetricAlgorithm"] = ["Dispose", "get_KeySize"],
        ["System.Security.Cryptography.ECParameters"] = ["Q", "D", "Curve"],
        ["System.Security.Cryptography.ECPoint"] = ["X", "Y"],
        ["System.Security.Cryptography.X509Certificates.X509CertificateLoader"] = ["LoadCertificate"],
        ["System.Security.Cryptography.X509Certificates.X509Certificate2"] = ["Dispose", "get_RawData", "get_RawDataMemory", "GetECDsaPublicKey"],
        ["System.Security.Cryptography.X509Certificates.X509Certificate"] = ["Dispose", "GetRawCertData"],
        ["System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions"] = ["GetECDsaPublicKey"],
    }.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Members refused by name on otherwise allowed types ("Type::member").</summary>
    private static readonly FrozenSet<string> RefusedMembers = new[]
    {
        "System.Buffers.ArrayPool`1::get_Shared", "System.Buffers.MemoryPool`1::get_Shared",
        "System.Threading.Tasks.Task::Run", "System.Threading.Tasks.Task::Delay", "System.Threading.Tasks.Task::get_Factory",
        "System.Threading.Tasks.Task::RunSynchronously", "System.Threading.Tasks.Task`1::get_Factory",
        "System.Threading.CancellationTokenSource::CancelAfter",
        "System.DateTime::get_Now", "System.DateTime::get_UtcNow", "System.DateTime::get_Today",
        "System.DateTimeOffset::get_Now", "System.DateTimeOffset::get_UtcNow", "System.Guid::NewGuid",
        "System.Delegate::DynamicInvoke", "System.Delegate::get_Method", "System.Delegate::CreateDelegate",
        "System.Delegate::get_Target", "System.MulticastDelegate::GetInvocationList",
        "System.Globalization.CultureInfo::set_CurrentCulture", "System.Globalization.CultureInfo::set_CurrentUICulture",
        "System.Globalization.CultureInfo::set_DefaultThreadCurrentCulture",
        "System.Globalization.CultureInfo::set_DefaultThreadCurrentUICulture",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Checks a referenced assembly by simple name (the archive's own names are checked by the caller).</summary>
    public static LoadRefusal CheckAssembly(string name) =>
        Assemblies.Contains(name) ? LoadRefusal.None : new LoadRefusal(LoadRefusalReason.ForbiddenAssembly, name);

    /// <summary>Checks a type referenced from <paramref name="assembly"/> outside the archive.</summary>
    public static LoadRefusal CheckType(string assembly, string ns, string name)
    {
        var full = ns.Length == 0 ? name : ns + "." + name;
        if (assembly is "Rampart.Hal" or "Rampart.Wire")
        {
            // The shared contracts, core control included: a stage launches the next one and loads apps.
            return ns.StartsWith("Rampart.", StringComparison.Ordinal) || ns == "Rampart"
                ? LoadRefusal.None
                : new LoadRefusal(LoadRefusalReason.ForbiddenType, full + " from " + assembly);
        }

        if (RefusedTypes.Contains(full))
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenType, full);
        }

        var allowed = OpenNamespaces.Contains(ns) || SingleTypes.Contains(full)
            || (!ns.StartsWith("Rampart.", StringComparison.Ordinal) && AllowList.CheckType(ns, name).Reason == LoadRefusalReason.None);
        return allowed
            ? LoadRefusal.None
            : new LoadRefusal(LoadRefusalReason.ForbiddenType, full);
    }

    /// <summary>Checks a referenced member of an allowed type; <paramref name="signature"/> is null for fields.</summary>
    public static LoadRefusal CheckMember(string typeFullName, string member, MethodSignature<SignatureShape>? signature)
    {
        var key = typeFullName + "::" + member;
        if (RestrictedMembers.TryGetValue(typeFullName, out var allowed) && !allowed.Contains(member))
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenMember, key);
        }

        // Activator: only the generic, parameterless CreateInstance<T>() the compiler emits for `new T()`.
        if (typeFullName == "System.Activator"
            && (signature is not { } s || s.GenericParameterCount != 1 || s.ParameterTypes.Length != 0))
        {
            return new LoadRefusal(LoadRefusalReason.ForbiddenMember, key + " (only new T())");
        }

        // X509: certificates are parsed from bytes, never read from a file or a store.
        if (member.Contains("File", StringComparison.Ordinal) || member.Contains("Pkcs12", StringComparison.Ordinal))
        {
            return typeFullName.StartsWith("System.Security.Cryptography.", StringComparison.Ordinal)
                ? new LoadRefusal(LoadRefusalReason.ForbiddenMember, key)
                : LoadRefusal.None;
        }

        return RefusedMembers.Contains(key) ? new LoadRefusal(LoadRefusalReason.ForbiddenMember, key) : LoadRefusal.None;
    }
}
