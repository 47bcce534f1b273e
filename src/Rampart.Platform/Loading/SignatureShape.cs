using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Rampart.Platform.Loading;

/// <summary>What the load-time check needs to know about a type in a signature.</summary>
/// <param name="Name">Full name (generic instantiations keep the definition's name, e.g. <c>System.Span`1</c>).</param>
/// <param name="HasPointer">An unmanaged pointer appears anywhere inside.</param>
/// <param name="HasFunctionPointer">A function pointer appears anywhere inside.</param>
/// <param name="IsByRef">The outermost type is a managed reference (<c>ref T</c>).</param>
/// <param name="IsPinned">The local is pinned (only <c>fixed</c>, which needs pointers, emits this).</param>
/// <param name="ElementSize">Size in bytes for primitive types, 0 otherwise.</param>
/// <param name="FirstArgument">For a generic instantiation, its first type argument.</param>
/// <param name="Category">What a value of this type is on the evaluation stack (for a <c>ref T</c>, what <c>T</c> is).</param>
/// <param name="Arguments">For a generic instantiation, its type arguments.</param>
/// <param name="Element">For an array, its element type.</param>
/// <param name="Scope">The assembly that defines the type (the checked one for its own types), or the assembly a
/// type reference names; null when not known (primitives, names made by the loader).</param>
/// <param name="MdRank">For a multi-dimensional array, its rank; 0 for a vector (<c>T[]</c>) and anything else.</param>
internal sealed record SignatureShape(
    string Name,
    bool HasPointer,
    bool HasFunctionPointer,
    bool IsByRef,
    bool IsPinned,
    int ElementSize,
    SignatureShape? FirstArgument,
    ValueCategory Category = ValueCategory.Value,
    ImmutableArray<SignatureShape> Arguments = default,
    SignatureShape? Element = null,
    string? Scope = null,
    int MdRank = 0)
{
    /// <summary>
    /// The type number a <see cref="ClassTable"/> last gave this very instance; a copy made with <c>with</c>
    /// inherits it but does not own it. Not part of the shape's value (<see cref="Equals(SignatureShape?)"/>).
    /// </summary>
    internal ClassMemo? Memo;

    public static SignatureShape Plain(string name, int size = 0, ValueCategory category = ValueCategory.Value, string? scope = null) =>
        new(name, false, false, false, false, size, null, category, Scope: scope);

    public bool IsUnsafe => HasPointer || HasFunctionPointer || IsPinned;

    /// <summary>Value equality over the shape's members (the <see cref="Memo"/> aside).</summary>
    public bool Equals(SignatureShape? other) =>
        other is not null && (ReferenceEquals(this, other) || (Name == other.Name && HasPointer == other.HasPointer
            && HasFunctionPointer == other.HasFunctionPointer && IsByRef == other.IsByRef && IsPinned == other.IsPinned
            && ElementSize == other.ElementSize && Equals(FirstArgument, other.FirstArgument) && Category == other.Category
            && Arguments.Equals(other.Arguments) && Equals(Element, other.Element) && Scope == other.Scope && MdRank == other.MdRank));

    public override int GetHashCode() => HashCode.Combine(Name, IsByRef, Category, Element, Scope, MdRank);

    /// <summary>
    /// This shape with <c>!n</c> and <c>!!n</c> replaced by <paramref name="typeArguments"/> and <paramref name="methodArguments"/>
    /// (when given), inside array elements and generic arguments too; the same instance when nothing changes.
    /// </summary>
    public SignatureShape Substitute(ImmutableArray<SignatureShape> typeArguments, ImmutableArray<SignatureShape> methodArguments)
    {
        if (Element is { } element)
        {
            var substituted = element.Substitute(typeArguments, methodArguments);
            return ReferenceEquals(substituted, element) ? this : this with { Element = substituted, Name = substituted.Name + ArraySuffix(MdRank) };
        }

        if (!Arguments.IsDefaultOrEmpty)
        {
            SignatureShape[]? changed = null;
            for (var i = 0; i < Arguments.Length; i++)
            {
                var substituted = Arguments[i].Substitute(typeArguments, methodArguments);
                if (!ReferenceEquals(substituted, Arguments[i]))
                {
                    changed ??= [.. Arguments];
                    changed[i] = substituted;
                }
            }

            return changed is null ? this : this with { Arguments = [.. changed], FirstArgument = changed[0] };
        }

        var fromType = GenericIndex(ofMethod: false);
        var fromMethod = GenericIndex(ofMethod: true);
        var argument = fromType >= 0 && !typeArguments.IsDefault && fromType < typeArguments.Length ? typeArguments[fromType]
            : fromMethod >= 0 && !methodArguments.IsDefault && fromMethod < methodArguments.Length ? methodArguments[fromMethod]
            : null;
        return argument is null ? this : argument with { IsByRef = IsByRef };
    }

    /// <summary>What an array's name adds to its element's: <c>[]</c> for a vector, <c>[,]</c> for rank 2, <c>[*]</c> for rank 1.</summary>
    public static string ArraySuffix(int mdRank) => mdRank switch
    {
        0 => "[]",
        1 => "[*]",
        _ => "[" + new string(',', mdRank - 1) + "]",
    };

    /// <summary>The index of a generic parameter (<c>!n</c> of the type, <c>!!n</c> of the method), or -1.</summary>
    public int GenericIndex(bool ofMethod)
    {
        var prefix = ofMethod ? "!!" : "!";
        return Category == ValueCategory.Generic && Name.StartsWith(prefix, StringComparison.Ordinal)
            && (ofMethod || !Name.StartsWith("!!", StringComparison.Ordinal))
            && int.TryParse(Name.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;
    }
}

/// <summary>
/// What a value is on the evaluation stack, as far as a signature tells (ECMA-335 §III.1.1): the body
/// checker refuses a number where an object reference is declared (docs/decisions/0160-kernel-cooperative-syscalls.md).
/// </summary>
internal enum ValueCategory : byte
{
    /// <summary>A value type (struct or enum: an enum is a number on the stack), or not known.</summary>
    Value,

    /// <summary>A primitive number: bool, char, the integers, the floats.</summary>
    Number,

    /// <summary>A native integer (<c>nint</c>, <c>nuint</c>, pointers).</summary>
    Native,

    /// <summary>An object reference: a class, interface, array, string or object.</summary>
    Reference,

    /// <summary>A generic parameter: a number or a reference depending on the instantiation.</summary>
    Generic,

    /// <summary>No value.</summary>
    Void,

    /// <summary>A type named only outside signatures (a token), so whether it is a class or a value type is not known.</summary>
    Unknown,
}

/// <summary>Decodes signatures into <see cref="SignatureShape"/>s (System.Reflection.Metadata's signature decoder).</summary>
internal sealed class SignatureShapeProvider : ISignatureTypeProvider<SignatureShape, object?>
{
    public static readonly SignatureShapeProvider Instance = new(null);

    private readonly Dictionary<TypeReferenceHandle, byte>? _referenceKinds;
    private readonly string? _ownScope;
    private readonly Dictionary<AssemblyReferenceHandle, string>? _scopes;

    // A provider of one reader (with a scope) gives one shape per type token and kind: shapes are immutable.
    private readonly Dictionary<(EntityHandle Handle, byte Kind), SignatureShape>? _named;

    /// <summary>
    /// A provider that records, for every type reference it decodes, whether a signature called it CLASS or VALUETYPE;
    /// with <paramref name="ownScope"/> (the decoded assembly's simple name) every shape also carries its <see cref="SignatureShape.Scope"/>.
    /// </summary>
    public SignatureShapeProvider(Dictionary<TypeReferenceHandle, byte>? referenceKinds, string? ownScope = null)
    {
        _referenceKinds = referenceKinds;
        _ownScope = ownScope;
        _scopes = ownScope is null ? null : [];
        _named = ownScope is null ? null : [];
    }

    /// <summary>The assembly a type reference resolves in: an assembly reference's name, this assembly for its own module, null otherwise.</summary>
    private string? ScopeOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        if (_scopes is null)
        {
            return null;
        }

        var scope = MetadataNames.Outermost(reader, handle, out _).ResolutionScope;
        if (scope.Kind == HandleKind.ModuleDefinition)
        {
            return _ownScope;
        }

        if (scope.Kind != HandleKind.AssemblyReference)
        {
            return null;
        }

        var assembly = (AssemblyReferenceHandle)scope;
        if (!_scopes.TryGetValue(assembly, out var name))
        {
            name = reader.GetString(reader.GetAssemblyReference(assembly).Name);
            _scopes[assembly] = name;
        }

        return name;
    }

    private static SignatureShape Number(string name, int size) => SignatureShape.Plain(name, size, ValueCategory.Number);

    public SignatureShape GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => Number("System.Boolean", 1),
        PrimitiveTypeCode.Byte => Number("System.Byte", 1),
        PrimitiveTypeCode.SByte => Number("System.SByte", 1),
        PrimitiveTypeCode.Char => Number("System.Char", 2),
        PrimitiveTypeCode.Int16 => Number("System.Int16", 2),
        PrimitiveTypeCode.UInt16 => Number("System.UInt16", 2),
        PrimitiveTypeCode.Int32 => Number("System.Int32", 4),
        PrimitiveTypeCode.UInt32 => Number("System.UInt32", 4),
        PrimitiveTypeCode.Single => Number("System.Single", 4),
        PrimitiveTypeCode.Int64 => Number("System.Int64", 8),
        PrimitiveTypeCode.UInt64 => Number("System.UInt64", 8),
        PrimitiveTypeCode.Double => Number("System.Double", 8),
        PrimitiveTypeCode.IntPtr => SignatureShape.Plain("System.IntPtr", 0, ValueCategory.Native),
        PrimitiveTypeCode.UIntPtr => SignatureShape.Plain("System.UIntPtr", 0, ValueCategory.Native),
        PrimitiveTypeCode.Void => SignatureShape.Plain("System.Void", 0, ValueCategory.Void),
        PrimitiveTypeCode.String => SignatureShape.Plain("System.String", 0, ValueCategory.Reference),
        PrimitiveTypeCode.Object => SignatureShape.Plain("System.Object", 0, ValueCategory.Reference),
        PrimitiveTypeCode.TypedReference => SignatureShape.Plain("System.TypedReference") with { HasPointer = true },
        _ => SignatureShape.Plain("?"),
    };

    /// <summary>The category a type named with <paramref name="rawTypeKind"/> (CLASS or VALUETYPE, ECMA-335 §II.23.2.12) has.</summary>
    public static ValueCategory CategoryOf(string name, byte rawTypeKind) => name switch
    {
        "System.IntPtr" or "System.UIntPtr" => ValueCategory.Native,
        "System.Object" or "System.String" => ValueCategory.Reference,
        "System.Boolean" or "System.Char" or "System.SByte" or "System.Byte" or "System.Int16" or "System.UInt16" or "System.Int32"
            or "System.UInt32" or "System.Int64" or "System.UInt64" or "System.Single" or "System.Double" => ValueCategory.Number,
        _ => rawTypeKind switch
        {
            (byte)SignatureTypeKind.Class => ValueCategory.Reference,
            (byte)SignatureTypeKind.ValueType => ValueCategory.Value,
            _ => ValueCategory.Unknown,
        },
    };

    /// <summary>The size of a primitive number named by its full name, 0 for anything else.</summary>
    private static int SizeOf(string name) => name switch
    {
        "System.Boolean" or "System.SByte" or "System.Byte" => 1,
        "System.Char" or "System.Int16" or "System.UInt16" => 2,
        "System.Int32" or "System.UInt32" or "System.Single" => 4,
        "System.Int64" or "System.UInt64" or "System.Double" => 8,
        _ => 0,
    };

    /// <summary>A type of this assembly; an enum of it is a number of its underlying width (it is one on the stack).</summary>
    public SignatureShape GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        if (_named is not null && _named.TryGetValue((handle, rawTypeKind), out var known))
        {
            return known;
        }

        var shape = DefinitionShape(reader, handle, rawTypeKind);
        _named?.Add((handle, rawTypeKind), shape);
        return shape;
    }

    private SignatureShape DefinitionShape(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var name = MetadataNames.Of(reader, handle);
        var enumSize = EnumSize(reader, handle);
        return enumSize > 0
            ? SignatureShape.Plain(name, enumSize, ValueCategory.Number, _ownScope)
            : SignatureShape.Plain(name, SizeOf(name), CategoryOf(name, rawTypeKind), _ownScope);
    }

    /// <summary>
    /// The size of an enum defined in this assembly (its <c>value__</c> field's primitive type), 0 for
    /// anything else: lets a <c>ReadOnlySpan</c> of enum constants be judged like one of integers.
    /// </summary>
    private int EnumSize(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        if (type.BaseType.Kind != HandleKind.TypeReference || MetadataNames.Of(reader, (TypeReferenceHandle)type.BaseType) != "System.Enum")
        {
            return 0;
        }

        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            if ((field.Attributes & System.Reflection.FieldAttributes.Static) == 0)
            {
                var blob = reader.GetBlobReader(field.Signature);
                blob.ReadSignatureHeader();
                var code = blob.ReadSignatureTypeCode();
                return code is >= SignatureTypeCode.Boolean and <= SignatureTypeCode.Double
                    ? GetPrimitiveType((PrimitiveTypeCode)code).ElementSize
                    : 0;
            }
        }

        return 0;
    }

    public SignatureShape GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        if (_referenceKinds is not null && rawTypeKind != 0)
        {
            _referenceKinds[handle] = rawTypeKind;
        }

        if (_named is not null && _named.TryGetValue((handle, rawTypeKind), out var known))
        {
            return known;
        }

        var name = MetadataNames.Of(reader, handle);
        var shape = SignatureShape.Plain(name, SizeOf(name), CategoryOf(name, rawTypeKind), ScopeOf(reader, handle));
        _named?.Add((handle, rawTypeKind), shape);
        return shape;
    }

    public SignatureShape GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public SignatureShape GetSZArrayType(SignatureShape elementType) => ArrayOf(elementType, 0);

    public SignatureShape GetArrayType(SignatureShape elementType, ArrayShape shape) => ArrayOf(elementType, Math.Max(shape.Rank, 1));

    /// <summary>An array of <paramref name="elementType"/>: a vector for rank 0, else a multi-dimensional array of that rank.</summary>
    public static SignatureShape ArrayOf(SignatureShape elementType, int mdRank) =>
        elementType with
        {
            Name = elementType.Name + SignatureShape.ArraySuffix(mdRank),
            IsByRef = false,
            IsPinned = false,
            ElementSize = 0,
            Category = ValueCategory.Reference,
            Element = elementType,
            FirstArgument = null,
            Arguments = default,
            Scope = null,
            MdRank = mdRank,
        };

    public SignatureShape GetByReferenceType(SignatureShape elementType) => elementType with { IsByRef = true };

    public SignatureShape GetPointerType(SignatureShape elementType) =>
        elementType with { Name = elementType.Name + "*", HasPointer = true, Category = ValueCategory.Native };

    public SignatureShape GetFunctionPointerType(MethodSignature<SignatureShape> signature) =>
        SignatureShape.Plain("method*", 0, ValueCategory.Native) with { HasFunctionPointer = true };

    public SignatureShape GetGenericInstantiation(SignatureShape genericType, ImmutableArray<SignatureShape> typeArguments) =>
        genericType with
        {
            HasPointer = genericType.HasPointer || typeArguments.Any(a => a.HasPointer),
            HasFunctionPointer = genericType.HasFunctionPointer || typeArguments.Any(a => a.HasFunctionPointer),
            FirstArgument = typeArguments.IsEmpty ? null : typeArguments[0],
            Arguments = typeArguments,
        };

    public SignatureShape GetGenericMethodParameter(object? genericContext, int index) => SignatureShape.Plain("!!" + index, 0, ValueCategory.Generic);

    public SignatureShape GetGenericTypeParameter(object? genericContext, int index) => SignatureShape.Plain("!" + index, 0, ValueCategory.Generic);

    public SignatureShape GetModifiedType(SignatureShape modifier, SignatureShape unmodifiedType, bool isRequired) => unmodifiedType;

    public SignatureShape GetPinnedType(SignatureShape elementType) => elementType with { IsPinned = true };
}

/// <summary>Names of metadata entities as "Namespace.Outer/Inner".</summary>
internal static class MetadataNames
{
    /// <summary>Deepest nesting followed; metadata from a peer can make a cycle, which must not recurse.</summary>
    public const int MaxNesting = 64;

    /// <summary>The name given to a type whose nesting is deeper than <see cref="MaxNesting"/> (or cyclic).</summary>
    public const string TooDeep = "<nesting too deep>";

    public static string Of(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var parts = new List<string>();
        var current = handle;
        for (var depth = 0; depth <= MaxNesting; depth++)
        {
            var def = reader.GetTypeDefinition(current);
            parts.Add(reader.GetString(def.Name));
            var declaring = def.GetDeclaringType();
            if (declaring.IsNil)
            {
                return Join(reader.GetString(def.Namespace), parts);
            }

            current = declaring;
        }

        return TooDeep;
    }

    public static string Of(MetadataReader reader, TypeReferenceHandle handle)
    {
        var parts = new List<string>();
        var current = handle;
        for (var depth = 0; depth <= MaxNesting; depth++)
        {
            var reference = reader.GetTypeReference(current);
            parts.Add(reader.GetString(reference.Name));
            if (reference.ResolutionScope.Kind != HandleKind.TypeReference)
            {
                return Join(reader.GetString(reference.Namespace), parts);
            }

            current = (TypeReferenceHandle)reference.ResolutionScope;
        }

        return TooDeep;
    }

    /// <summary>"Namespace.Outer/Inner" from names collected innermost first.</summary>
    private static string Join(string ns, List<string> innermostFirst)
    {
        innermostFirst.Reverse();
        var name = string.Join('/', innermostFirst);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>The outermost reference of a possibly nested type reference.</summary>
    public static TypeReference Outermost(MetadataReader reader, TypeReferenceHandle handle, out int depth)
    {
        depth = 0;
        var reference = reader.GetTypeReference(handle);
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference && depth < MaxNesting)
        {
            reference = reader.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
            depth++;
        }

        return reference;
    }

    /// <summary>The name of a member's parent type, or null when the parent is not a type.</summary>
    public static string? ParentName(MetadataReader reader, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => Of(reader, (TypeReferenceHandle)parent),
        HandleKind.TypeDefinition => Of(reader, (TypeDefinitionHandle)parent),
        HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)parent)
            .DecodeSignature(SignatureShapeProvider.Instance, null).Name,
        _ => null,
    };
}
