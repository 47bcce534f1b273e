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
        var handle = MetadataTokens.EntityHandle(token);
        return handle.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
            ? ParentShape(handle)
            : null;
    }

    /// <summary>
    /// The type a member's parent (or a type token) names. A type reference is a class or a value
    /// type as the assembly's signatures called it (CLASS or VALUETYPE, ECMA-335 §II.23.2.12);
    /// one no signature names is <see cref="ValueCategory.Unknown"/>.
    /// </summary>
    private SignatureShape ParentShape(EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeDefinition:
                {
                    var definition = _reader.GetTypeDefinition((TypeDefinitionHandle)parent);
                    return SignatureShape.Plain(MetadataNames.Of(_reader, (TypeDefinitionHandle)parent), 0,
                        IsValueType(definition) ? ValueCategory.Value : ValueCategory.Reference);
                }

            case HandleKind.TypeReference:
                {
                    var reference = (TypeReferenceHandle)parent;
                    _ = _referenceKinds.TryGetValue(reference, out var kind);
                    var name = MetadataNames.Of(_reader, reference);
                    return SignatureShape.Plain(name, 0, SignatureShapeProvider.CategoryOf(name, kind));
                }

            case HandleKind.TypeSpecification:
                return _reader.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(_provider, null);
            default:
                return SignatureShape.Plain("?", 0, ValueCategory.Unknown);
        }
    }
}
