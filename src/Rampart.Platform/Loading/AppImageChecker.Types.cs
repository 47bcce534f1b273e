using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Rampart.Platform.Loading;

/// <summary>What the body checker learns about type tokens: names and value categories.</summary>
internal sealed partial class AppImageChecker
{
    /// <summary>Decodes every signature once so each type reference's CLASS/VALUETYPE is known before any is asked for.</summary>
    private void RecordReferenceKinds()
    {
        foreach (var handle in _reader.MemberReferences)
        {
            var member = _reader.GetMemberReference(handle);
            _ = member.GetKind() == MemberReferenceKind.Method
                ? member.DecodeMethodSignature(_provider, null).ReturnType
                : member.DecodeFieldSignature(_provider, null);
        }

        for (var row = 1; row <= _reader.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            _ = _reader.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(_provider, null);
        }

        for (var row = 1; row <= _reader.GetTableRowCount(TableIndex.StandAloneSig); row++)
        {
            var signature = _reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
            if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
            {
                _ = signature.DecodeLocalSignature(_provider, null);
            }
        }

        foreach (var handle in _reader.FieldDefinitions)
        {
            _ = _reader.GetFieldDefinition(handle).DecodeSignature(_provider, null);
        }

        foreach (var handle in _reader.MethodDefinitions)
        {
            _ = _reader.GetMethodDefinition(handle).DecodeSignature(_provider, null);
        }
    }

    /// <inheritdoc />
    public SignatureShape? TypeOf(int token)
    {
        if (_types.TryGetValue(token, out var known))
        {
            return known;
        }

        var handle = MetadataTokens.EntityHandle(token);
        var shape = handle.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
            ? ParentShape(handle)
            : null;
        _types[token] = shape;
        return shape;
    }

    /// <summary>A type of this assembly as its own members see it: over its own generic parameters (<c>Foo`1&lt;!0&gt;</c>).</summary>
    private SignatureShape OwnShape(TypeDefinitionHandle handle)
    {
        var definition = _reader.GetTypeDefinition(handle);
        var kind = IsValueType(definition) ? SignatureTypeKind.ValueType : SignatureTypeKind.Class;
        var shape = _provider.GetTypeFromDefinition(_reader, handle, (byte)kind);
        var count = definition.GetGenericParameters().Count;
        if (count == 0)
        {
            return shape;
        }

        var parameters = new SignatureShape[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = _provider.GetGenericTypeParameter(null, i);
        }

        return shape with { Arguments = [.. parameters], FirstArgument = parameters[0] };
    }

    /// <inheritdoc />
    public bool TryGetInvoke(int constructorToken, out SignatureShape delegateType, out SignatureShape[] parameters, out SignatureShape returns)
    {
        var handle = MetadataTokens.EntityHandle(constructorToken);
        EntityHandle parent = handle.Kind switch
        {
            HandleKind.MemberReference => _reader.GetMemberReference((MemberReferenceHandle)handle).Parent,
            HandleKind.MethodDefinition => _reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType(),
            _ => default,
        };
        delegateType = parent.IsNil ? SignatureShape.Plain("?", 0, ValueCategory.Unknown) : ParentShape(parent);
        if (OwnDefinition(parent) is not { } definition)
        {
            return DelegateShapes.TryGetInvoke(delegateType, out parameters, out returns);
        }

        // A delegate of this assembly: its Invoke, with the instantiation's arguments for !n.
        var arguments = delegateType.Arguments;
        foreach (var methodHandle in _reader.GetTypeDefinition(definition).GetMethods())
        {
            var method = _reader.GetMethodDefinition(methodHandle);
            if (_reader.GetString(method.Name) == "Invoke")
            {
                var signature = method.DecodeSignature(_provider, null);
                parameters = [.. signature.ParameterTypes.Select(p => p.Substitute(arguments, default))];
                returns = signature.ReturnType.Substitute(arguments, default);
                return true;
            }
        }

        parameters = [];
        returns = SignatureShape.Plain("?", 0, ValueCategory.Unknown);
        return false;
    }

    /// <summary>The type definition a parent names: itself, or the generic type of an instantiation of this assembly's type.</summary>
    private TypeDefinitionHandle? OwnDefinition(EntityHandle parent)
    {
        if (parent.Kind == HandleKind.TypeDefinition)
        {
            return (TypeDefinitionHandle)parent;
        }

        if (parent.Kind != HandleKind.TypeSpecification)
        {
            return null;
        }

        var blob = _reader.GetBlobReader(_reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return null;
        }

        _ = blob.ReadSignatureTypeCode();
        var generic = blob.ReadTypeHandle();
        return generic.Kind == HandleKind.TypeDefinition ? (TypeDefinitionHandle)generic : null;
    }

    /// <summary>
    /// For a member reference whose type no signature classifies, that type classified by its hierarchy (once per token,
    /// when a body first uses the member: most such members are attribute constructors no body calls); null otherwise.
    /// </summary>
    private SignatureShape? Classify(int token, ValueCategory declaring)
    {
        if (declaring != ValueCategory.Unknown || !_classified.Add(token))
        {
            return null;
        }

        var handle = MetadataTokens.EntityHandle(token);
        return handle.Kind == HandleKind.MemberReference && _reader.GetMemberReference((MemberReferenceHandle)handle).Parent is { Kind: HandleKind.TypeReference } parent
            ? ParentShape(parent)
            : null;
    }

    /// <summary>
    /// Whether a type reference no signature calls CLASS or VALUETYPE is one or the other, by its
    /// hierarchy: a value type derives from the host's <c>System.ValueType</c> or <c>System.Enum</c>.
    /// 0 when the hierarchy cannot be read.
    /// </summary>
    private byte KindFromHierarchy(TypeReferenceHandle reference)
    {
        var shape = _provider.GetTypeFromReference(_reader, reference, 0);
        var info = shape.Scope is not null && shape.Scope == _scope ? _classes.Resolve(shape.Name) : _hierarchy.Resolve(shape);
        if (info is null)
        {
            return 0;
        }

        var valueType = info.Base is { Name: "System.ValueType" or "System.Enum", Scope: var scope } && (scope is null || !_hierarchy.InArchive(scope));
        return (byte)(valueType ? SignatureTypeKind.ValueType : SignatureTypeKind.Class);
    }

    /// <summary>
    /// The type a member's parent (or a type token) names. A type reference is a class or a value
    /// type as the assembly's signatures called it (CLASS or VALUETYPE, ECMA-335 §II.23.2.12), or
    /// else as its hierarchy tells; one neither names is <see cref="ValueCategory.Unknown"/>.
    /// </summary>
    private SignatureShape ParentShape(EntityHandle parent, bool classify = true)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeDefinition:
                {
                    var definition = (TypeDefinitionHandle)parent;
                    var kind = IsValueType(_reader.GetTypeDefinition(definition)) ? SignatureTypeKind.ValueType : SignatureTypeKind.Class;
                    return _provider.GetTypeFromDefinition(_reader, definition, (byte)kind);
                }

            case HandleKind.TypeReference:
                {
                    var reference = (TypeReferenceHandle)parent;
                    if ((!_referenceKinds.TryGetValue(reference, out var kind) || kind == 0) && classify)
                    {
                        kind = KindFromHierarchy(reference);
                    }

                    return _provider.GetTypeFromReference(_reader, reference, kind);
                }

            case HandleKind.TypeSpecification:
                return _reader.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(_provider, null);
            default:
                return SignatureShape.Plain("?", 0, ValueCategory.Unknown);
        }
    }
}
