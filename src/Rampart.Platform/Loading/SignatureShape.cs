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
internal sealed record SignatureShape(
    string Name,
    bool HasPointer,
    bool HasFunctionPointer,
    bool IsByRef,
    bool IsPinned,
    int ElementSize,
    SignatureShape? FirstArgument)
{
    public static SignatureShape Plain(string name, int size = 0) => new(name, false, false, false, false, size, null);

    public bool IsUnsafe => HasPointer || HasFunctionPointer || IsPinned;
}

/// <summary>Decodes signatures into <see cref="SignatureShape"/>s (System.Reflection.Metadata's signature decoder).</summary>
internal sealed class SignatureShapeProvider : ISignatureTypeProvider<SignatureShape, object?>
{
    public static readonly SignatureShapeProvider Instance = new();

    public SignatureShape GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Boolean => SignatureShape.Plain("System.Boolean", 1),
        PrimitiveTypeCode.Byte => SignatureShape.Plain("System.Byte", 1),
        PrimitiveTypeCode.SByte => SignatureShape.Plain("System.SByte", 1),
        PrimitiveTypeCode.Char => SignatureShape.Plain("System.Char", 2),
        PrimitiveTypeCode.Int16 => SignatureShape.Plain("System.Int16", 2),
        PrimitiveTypeCode.UInt16 => SignatureShape.Plain("System.UInt16", 2),
        PrimitiveTypeCode.Int32 => SignatureShape.Plain("System.Int32", 4),
        PrimitiveTypeCode.UInt32 => SignatureShape.Plain("System.UInt32", 4),
        PrimitiveTypeCode.Single => SignatureShape.Plain("System.Single", 4),
        PrimitiveTypeCode.Int64 => SignatureShape.Plain("System.Int64", 8),
        PrimitiveTypeCode.UInt64 => SignatureShape.Plain("System.UInt64", 8),
        PrimitiveTypeCode.Double => SignatureShape.Plain("System.Double", 8),
        PrimitiveTypeCode.IntPtr => SignatureShape.Plain("System.IntPtr"),
        PrimitiveTypeCode.UIntPtr => SignatureShape.Plain("System.UIntPtr"),
        PrimitiveTypeCode.Void => SignatureShape.Plain("System.Void"),
        PrimitiveTypeCode.String => SignatureShape.Plain("System.String"),
        PrimitiveTypeCode.Object => SignatureShape.Plain("System.Object"),
        PrimitiveTypeCode.TypedReference => SignatureShape.Plain("System.TypedReference") with { HasPointer = true },
        _ => SignatureShape.Plain("?"),
    };

    public SignatureShape GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        SignatureShape.Plain(MetadataNames.Of(reader, handle), EnumSize(reader, handle));

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

    public SignatureShape GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        SignatureShape.Plain(MetadataNames.Of(reader, handle));

    public SignatureShape GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public SignatureShape GetSZArrayType(SignatureShape elementType) => elementType with { Name = elementType.Name + "[]", IsByRef = false, ElementSize = 0 };

    public SignatureShape GetArrayType(SignatureShape elementType, ArrayShape shape) => GetSZArrayType(elementType);

    public SignatureShape GetByReferenceType(SignatureShape elementType) => elementType with { IsByRef = true };

    public SignatureShape GetPointerType(SignatureShape elementType) => elementType with { Name = elementType.Name + "*", HasPointer = true };

    public SignatureShape GetFunctionPointerType(MethodSignature<SignatureShape> signature) =>
        SignatureShape.Plain("method*") with { HasFunctionPointer = true };

    public SignatureShape GetGenericInstantiation(SignatureShape genericType, ImmutableArray<SignatureShape> typeArguments) =>
        genericType with
        {
            HasPointer = genericType.HasPointer || typeArguments.Any(a => a.HasPointer),
            HasFunctionPointer = genericType.HasFunctionPointer || typeArguments.Any(a => a.HasFunctionPointer),
            FirstArgument = typeArguments.IsEmpty ? null : typeArguments[0],
        };

    public SignatureShape GetGenericMethodParameter(object? genericContext, int index) => SignatureShape.Plain("!!" + index);

    public SignatureShape GetGenericTypeParameter(object? genericContext, int index) => SignatureShape.Plain("!" + index);

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
