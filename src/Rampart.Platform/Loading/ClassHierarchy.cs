using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Rampart.Platform.Loading;

/// <summary>
/// What the class check needs of one type definition (docs/decisions/0160-kernel-cooperative-syscalls.md,
/// "class identity"): its direct base class and interfaces, written over its own generic parameters
/// (<c>!n</c>), whether it is an interface, and the variance of each generic parameter.
/// </summary>
internal sealed record ClassInfo(SignatureShape? Base, SignatureShape[] Interfaces, bool IsInterface, byte[] Variance)
{
    public const byte Covariant = 1;
    public const byte Contravariant = 2;

    public static byte VarianceOf(GenericParameterAttributes attributes) => (attributes & GenericParameterAttributes.VarianceMask) switch
    {
        GenericParameterAttributes.Covariant => Covariant,
        GenericParameterAttributes.Contravariant => Contravariant,
        _ => 0,
    };
}

/// <summary>
/// Where the class check finds the hierarchy of a type the checked assembly names from outside itself:
/// another assembly of its archive (read from that assembly's metadata, as the checked one is) or an
/// assembly of the host — the BCL and the shared contracts, read by reflection over the host's loaded
/// types. Nothing of the checked archive is loaded or run to answer. One instance serves the checks of
/// one archive; what it learns of host types that cannot be unloaded is kept for the process.
/// </summary>
internal sealed class ClassHierarchy
{
    private static readonly ConditionalWeakTable<Type, ClassInfo> HostInfos = new();

    // Framework types by (assembly named, type name): one answer for the whole process, whatever the host.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Scope, string Name), Type> FrameworkTypes = new();

    private readonly Dictionary<string, ReadOnlyMemory<byte>> _archive = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MetadataClasses?> _archiveClasses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClassInfo?> _hostInfos = new(StringComparer.Ordinal);
    private readonly AssemblyLoadContext _host;
    private Dictionary<string, Assembly>? _hostAssemblies;

    /// <summary>A hierarchy over the <paramref name="archive"/>'s assemblies and the <paramref name="host"/> context (the default context when null).</summary>
    public ClassHierarchy(IEnumerable<KeyValuePair<string, ReadOnlyMemory<byte>>> archive, AssemblyLoadContext? host)
    {
        foreach (var (name, bytes) in archive)
        {
            _archive.TryAdd(name, bytes);
        }

        _host = host ?? AssemblyLoadContext.Default;
    }

    /// <summary>A hierarchy for one assembly checked alone: only the host's types are known besides its own.</summary>
    public static ClassHierarchy HostOnly(AssemblyLoadContext? host = null) => new([], host);

    /// <summary>
    /// Whether <paramref name="host"/> (or the default context) has <paramref name="assembly"/> loaded, so that the check
    /// reads its types: <c>Rampart.Kernel.Abi</c> is read only where a kernel loaded it, never loaded to answer.
    /// </summary>
    public static bool Reads(AssemblyLoadContext host, string assembly) =>
        host.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies).Any(a => a.GetName().Name == assembly);

    /// <summary>Whether <paramref name="assembly"/> is one of the archive's (its types are told apart from the host's by assembly).</summary>
    public bool InArchive(string assembly) => _archive.ContainsKey(assembly);

    /// <summary>The class facts of the definition <paramref name="type"/> names (by <see cref="SignatureShape.Scope"/> and name), or null when unknown.</summary>
    public ClassInfo? Resolve(SignatureShape type)
    {
        if (type.Scope is { } scope && _archive.TryGetValue(scope, out var bytes))
        {
            if (!_archiveClasses.TryGetValue(scope, out var classes))
            {
                classes = Open(bytes, scope);
                _archiveClasses[scope] = classes;
            }

            return classes?.Resolve(type.Name);
        }

        if (!_hostInfos.TryGetValue(type.Name, out var info))
        {
            try
            {
                info = FindHostType(type.Scope, type.Name) is { } found ? HostInfo(found) : null;
            }
            catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or NotSupportedException)
            {
                // A host type whose own supertypes cannot be loaded: not known, so nothing is assignable through it.
                info = null;
            }

            _hostInfos[type.Name] = info;
        }

        return info;
    }

    private static MetadataClasses? Open(ReadOnlyMemory<byte> bytes, string scope)
    {
        var pe = new PEReader(ImmutableArray.Create(bytes.Span));
        return pe.HasMetadata ? new MetadataClasses(pe.GetMetadataReader(), scope) : null;
    }

    /// <summary>
    /// A host type by metadata name. Names are untrusted: one that reflection would read as more than a
    /// type name (generic arguments, an assembly, a pointer) is never looked up.
    /// </summary>
    private Type? FindHostType(string? scope, string name)
    {
        if (name.AsSpan().IndexOfAny("[]*&,+\\") >= 0)
        {
            return null;
        }

        var framework = scope is null || !scope.StartsWith("Rampart.", StringComparison.Ordinal);
        if (framework && FrameworkTypes.TryGetValue((scope ?? string.Empty, name), out var known))
        {
            return known;
        }

        var reflectionName = name.Replace('/', '+');
        try
        {
            var found = scope is not null && HostAssembly(scope)?.GetType(reflectionName, throwOnError: false) is { } scoped
                ? scoped
                : typeof(object).Assembly.GetType(reflectionName, throwOnError: false);
            if (framework && found is not null && !found.Assembly.IsCollectible)
            {
                FrameworkTypes.TryAdd((scope ?? string.Empty, name), found);
            }

            return found;
        }
        catch (Exception e) when (e is ArgumentException or FileLoadException or FileNotFoundException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }

    /// <summary>
    /// A host assembly by simple name: one already loaded in the host or default context, else what the host context
    /// loads for a framework assembly or for the loader's own contracts (<c>Rampart.Hal</c>, <c>Rampart.Wire</c>) —
    /// never another Rampart assembly (<c>Rampart.Kernel.Abi</c> must not reach a context no kernel loaded it in).
    /// </summary>
    private Assembly? HostAssembly(string name)
    {
        if (_hostAssemblies is null)
        {
            _hostAssemblies = new Dictionary<string, Assembly>(StringComparer.Ordinal);
            foreach (var assembly in _host.Assemblies.Concat(AssemblyLoadContext.Default.Assemblies))
            {
                // The simple name is the full name up to its first comma (cheaper than GetName for every assembly).
                if (assembly.FullName is { } full)
                {
                    var comma = full.IndexOf(',', StringComparison.Ordinal);
                    _hostAssemblies.TryAdd(comma < 0 ? full : full[..comma], assembly);
                }
            }
        }

        if (!_hostAssemblies.TryGetValue(name, out var found))
        {
            if (name.StartsWith("Rampart.", StringComparison.Ordinal) && name is not ("Rampart.Hal" or "Rampart.Wire"))
            {
                return null;
            }

            try
            {
                found = _host.LoadFromAssemblyName(new AssemblyName(name));
                _hostAssemblies[name] = found;
            }
            catch (Exception e) when (e is ArgumentException or FileLoadException or FileNotFoundException or BadImageFormatException)
            {
                return null;
            }
        }

        return found;
    }

    /// <summary>The class facts of a host type, from reflection over its (open) definition.</summary>
    private static ClassInfo HostInfo(Type type)
    {
        var definition = type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type;
        if (HostInfos.TryGetValue(definition, out var known))
        {
            return known;
        }

        var interfaces = definition.GetInterfaces();
        var shapes = new SignatureShape[interfaces.Length];
        for (var i = 0; i < interfaces.Length; i++)
        {
            shapes[i] = ShapeOf(interfaces[i]);
        }

        var parameters = definition.IsGenericTypeDefinition ? definition.GetGenericArguments() : [];
        var variance = new byte[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            variance[i] = ClassInfo.VarianceOf(parameters[i].GenericParameterAttributes);
        }

        var info = new ClassInfo(definition.BaseType is { } baseType ? ShapeOf(baseType) : null, shapes, definition.IsInterface, variance);
        HostInfos.AddOrUpdate(definition, info);
        return info;
    }

    /// <summary>A reflected type as a shape: generic parameters as <c>!n</c>/<c>!!n</c>, nested names with '/', scoped to its assembly.</summary>
    private static SignatureShape ShapeOf(Type type)
    {
        if (type.IsGenericParameter)
        {
            return SignatureShape.Plain((type.IsGenericMethodParameter ? "!!" : "!") + type.GenericParameterPosition, 0, ValueCategory.Generic);
        }

        if (type.IsArray)
        {
            return SignatureShapeProvider.ArrayOf(ShapeOf(type.GetElementType()!), type.IsSZArray ? 0 : type.GetArrayRank());
        }

        if (type.IsByRef || type.IsPointer || type.IsFunctionPointer)
        {
            return SignatureShape.Plain("?", 0, ValueCategory.Unknown);
        }

        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var name = (definition.FullName ?? definition.Name).Replace('+', '/');
        var kind = type.IsValueType ? SignatureTypeKind.ValueType : SignatureTypeKind.Class;
        var shape = SignatureShape.Plain(name, 0, SignatureShapeProvider.CategoryOf(name, (byte)kind), type.Assembly.GetName().Name);
        if (!type.IsGenericType)
        {
            return shape;
        }

        var arguments = type.GetGenericArguments();
        var shapes = new SignatureShape[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            shapes[i] = ShapeOf(arguments[i]);
        }

        return shape with { Arguments = [.. shapes], FirstArgument = shapes.Length > 0 ? shapes[0] : null };
    }
}

/// <summary>The type definitions of one assembly's metadata as class facts: the checked assembly's, or another of its archive.</summary>
internal sealed class MetadataClasses
{
    private readonly MetadataReader _reader;
    private readonly SignatureShapeProvider _provider;
    private readonly Dictionary<TypeDefinitionHandle, ClassInfo?> _infos = [];
    private Dictionary<string, TypeDefinitionHandle>? _byName;
    private string? _duplicate;

    public MetadataClasses(MetadataReader reader, string scope)
    {
        _reader = reader;
        Scope = scope;
        _provider = new SignatureShapeProvider(null, scope);
    }

    /// <summary>The assembly's simple name.</summary>
    public string Scope { get; }

    /// <summary>The class facts of the type definition named <paramref name="name"/> ("Namespace.Outer/Inner"), or null.</summary>
    public ClassInfo? Resolve(string name)
    {
        _ = Duplicate();
        return _byName!.TryGetValue(name, out var found) ? Info(found) : null;
    }

    /// <summary>
    /// A full name two type definitions share, or null. Types are known by name, so such an assembly would
    /// make two types one; the runtime refuses it too.
    /// </summary>
    public string? Duplicate()
    {
        string? duplicate = null;
        if (_byName is null)
        {
            _byName = new Dictionary<string, TypeDefinitionHandle>(StringComparer.Ordinal);
            foreach (var handle in _reader.TypeDefinitions)
            {
                var name = MetadataNames.Of(_reader, handle);
                if (!_byName.TryAdd(name, handle))
                {
                    duplicate ??= name;
                }
            }

            _duplicate = duplicate;
        }

        return _duplicate;
    }

    private ClassInfo? Info(TypeDefinitionHandle handle)
    {
        if (_infos.TryGetValue(handle, out var info))
        {
            return info;
        }

        var type = _reader.GetTypeDefinition(handle);
        var implementations = type.GetInterfaceImplementations();
        var interfaces = new SignatureShape[implementations.Count];
        var i = 0;
        foreach (var implementation in implementations)
        {
            interfaces[i++] = Decode(_reader.GetInterfaceImplementation(implementation).Interface);
        }

        var parameters = type.GetGenericParameters();
        var variance = new byte[parameters.Count];
        for (var k = 0; k < parameters.Count; k++)
        {
            variance[k] = ClassInfo.VarianceOf(_reader.GetGenericParameter(parameters[k]).Attributes);
        }

        var baseType = type.BaseType.IsNil ? null : Decode(type.BaseType);
        info = new ClassInfo(baseType, interfaces, (type.Attributes & TypeAttributes.Interface) != 0, variance);

        // Supertypes name only the type's own parameters (!0 .. !n-1); anything else would be read as the checked body's.
        var closed = baseType is null || Closed(baseType, variance.Length);
        foreach (var implemented in interfaces)
        {
            closed &= Closed(implemented, variance.Length);
        }

        _infos[handle] = closed ? info : null;
        return _infos[handle];
    }

    private static bool Closed(SignatureShape shape, int arity)
    {
        if (shape.Element is { } element)
        {
            return Closed(element, arity);
        }

        if (shape.Category == ValueCategory.Generic && shape.Name.StartsWith('!'))
        {
            return shape.GenericIndex(ofMethod: false) is var index && index >= 0 && index < arity;
        }

        if (!shape.Arguments.IsDefaultOrEmpty)
        {
            foreach (var argument in shape.Arguments)
            {
                if (!Closed(argument, arity))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The constraints of generic parameter <paramref name="index"/> of <paramref name="method"/> (<c>!!n</c>) or of
    /// <paramref name="type"/> (<c>!n</c>); <paramref name="referenceType"/> tells a <c>class</c> constraint.
    /// </summary>
    public SignatureShape[] Constraints(TypeDefinitionHandle type, MethodDefinitionHandle method, bool ofMethod, int index, out bool referenceType)
    {
        referenceType = false;
        GenericParameterHandleCollection parameters;
        if (ofMethod)
        {
            if (method.IsNil)
            {
                return [];
            }

            parameters = _reader.GetMethodDefinition(method).GetGenericParameters();
        }
        else
        {
            if (type.IsNil)
            {
                return [];
            }

            parameters = _reader.GetTypeDefinition(type).GetGenericParameters();
        }

        if (index < 0 || index >= parameters.Count)
        {
            return [];
        }

        var parameter = _reader.GetGenericParameter(parameters[index]);
        referenceType = (parameter.Attributes & GenericParameterAttributes.ReferenceTypeConstraint) != 0;
        var constraints = parameter.GetConstraints();
        var shapes = new SignatureShape[constraints.Count];
        var i = 0;
        foreach (var constraint in constraints)
        {
            shapes[i++] = Decode(_reader.GetGenericParameterConstraint(constraint).Type);
        }

        return shapes;
    }

    /// <summary>A base type, interface or constraint token as a shape (a type reference there is a class or an interface).</summary>
    private SignatureShape Decode(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => _provider.GetTypeFromDefinition(_reader, (TypeDefinitionHandle)handle, (byte)SignatureTypeKind.Class),
        HandleKind.TypeReference => _provider.GetTypeFromReference(_reader, (TypeReferenceHandle)handle, (byte)SignatureTypeKind.Class),
        HandleKind.TypeSpecification => _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_provider, null),
        _ => SignatureShape.Plain("?", 0, ValueCategory.Unknown),
    };
}
