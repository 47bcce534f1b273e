using System.Reflection.Metadata;
using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// What the load-time check lets one assembly name from outside itself: the app profile
/// (<see cref="AllowList"/>, KERNEL.md) or the stage profile (<see cref="StageAllowList"/>,
/// docs/decisions/0240-stage-loading.md). Both know the other assemblies of the same archive,
/// which pass the same check and may be named freely.
/// </summary>
internal abstract class CheckProfile
{
    protected CheckProfile(IEnumerable<string> archiveAssemblies)
    {
        ArchiveAssemblies = new HashSet<string>(archiveAssemblies, StringComparer.Ordinal);
    }

    /// <summary>Simple names of the archive's own assemblies (kind 0).</summary>
    public IReadOnlySet<string> ArchiveAssemblies { get; }

    /// <summary>A <c>&lt;&gt;c::&lt;&gt;9__…</c> lambda cache of any delegate type passes (not only the BCL's and the ABI's).</summary>
    public abstract bool AnyLambdaCacheType { get; }

    /// <summary>Checks a referenced assembly by simple name.</summary>
    public LoadRefusal CheckAssembly(string name) =>
        ArchiveAssemblies.Contains(name) ? LoadRefusal.None : CheckOutsideAssembly(name);

    /// <summary>Checks a type referenced from assembly <paramref name="assembly"/>, by namespace and outermost name.</summary>
    public LoadRefusal CheckType(string assembly, string ns, string name) =>
        ArchiveAssemblies.Contains(assembly) ? LoadRefusal.None : CheckOutsideType(assembly, ns, name);

    /// <summary>Checks a referenced member; <paramref name="signature"/> is null for fields.</summary>
    public abstract LoadRefusal CheckMember(string typeFullName, string member, MethodSignature<SignatureShape>? signature);

    protected abstract LoadRefusal CheckOutsideAssembly(string name);

    protected abstract LoadRefusal CheckOutsideType(string assembly, string ns, string name);
}

/// <summary>The app profile: <see cref="AllowList"/>; an app archive's libraries may be named by the app.</summary>
internal sealed class AppCheckProfile : CheckProfile
{
    public AppCheckProfile(IEnumerable<string> archiveAssemblies)
        : base(archiveAssemblies)
    {
    }

    /// <summary>A single-assembly app.</summary>
    public static AppCheckProfile Single { get; } = new([]);

    public override bool AnyLambdaCacheType => false;

    public override LoadRefusal CheckMember(string typeFullName, string member, MethodSignature<SignatureShape>? signature) =>
        AllowList.CheckMember(typeFullName, member);

    protected override LoadRefusal CheckOutsideAssembly(string name) => AllowList.CheckAssembly(name);

    protected override LoadRefusal CheckOutsideType(string assembly, string ns, string name) => AllowList.CheckType(ns, name);
}

/// <summary>The stage profile: <see cref="StageAllowList"/>.</summary>
internal sealed class StageCheckProfile : CheckProfile
{
    public StageCheckProfile(IEnumerable<string> archiveAssemblies)
        : base(archiveAssemblies)
    {
    }

    public override bool AnyLambdaCacheType => true;

    public override LoadRefusal CheckMember(string typeFullName, string member, MethodSignature<SignatureShape>? signature) =>
        StageAllowList.CheckMember(typeFullName, member, signature);

    protected override LoadRefusal CheckOutsideAssembly(string name) => StageAllowList.CheckAssembly(name);

    protected override LoadRefusal CheckOutsideType(string assembly, string ns, string name) => StageAllowList.CheckType(assembly, ns, name);
}
