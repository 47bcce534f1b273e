using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Rampart.Platform.Loading;

/// <summary>
/// What the body checker asks of the checked assembly (<see cref="IMetadataFacts"/>): each called
/// method's and each field's facts, the data size behind a field, and whether a type is a value
/// type or an async state machine.
/// </summary>
internal sealed partial class AppImageChecker
{
    private MethodFacts Facts(string name, string parent, EntityHandle parentHandle, MethodSignature<SignatureShape> signature, bool external)
    {
        var isSpan = parent is "System.Span`1" or "System.ReadOnlySpan`1";
        var parameters = signature.ParameterTypes;
        var isPointerSpanCtor = isSpan && name.EndsWith(".ctor", StringComparison.Ordinal) && parameters.Length == 2
            && parameters[0].Name == "System.Void*" && !parameters[0].HasFunctionPointer && parameters[1].Name == "System.Int32";
        var elementSize = 0;
        if (isPointerSpanCtor && parentHandle.Kind == HandleKind.TypeSpecification && signature.Header.IsInstance)
        {
            var argument = _reader.GetTypeSpecification((TypeSpecificationHandle)parentHandle)
                .DecodeSignature(_provider, null).FirstArgument;
            elementSize = argument is { IsUnsafe: false, IsByRef: false } ? argument.ElementSize : 0;
        }

        var isDelegateCtor = name.EndsWith(".ctor", StringComparison.Ordinal) && parameters.Length == 2
            && parameters[0].Name == "System.Object" && parameters[1].Name == "System.IntPtr" && !parameters[1].IsByRef;
        var declaring = ParentShape(parentHandle, classify: !external);
        return new MethodFacts(parent + "::" + name, parameters.Length, signature.Header.IsInstance,
            signature.ReturnType.Name == "System.Void" && !signature.ReturnType.IsByRef, signature.ReturnType.IsByRef,
            isPointerSpanCtor, parent == "System.ReadOnlySpan`1", elementSize, isDelegateCtor,
            [.. parameters.Select(p => p.IsByRef)], !signature.ReturnType.IsByRef && signature.ReturnType.Name is "System.IntPtr" or "System.UIntPtr",
            external && BlockingWaits.IsAwaiterResult(name, signature.Header.IsInstance),
            [.. parameters.Select(p => p.Substitute(declaring.Arguments, default))], signature.ReturnType.Substitute(declaring.Arguments, default),
            declaring.Category, declaring);
    }

    /// <summary>The type lists <c>System.Runtime.CompilerServices.IAsyncStateMachine</c> among its interfaces (what the compiler's async state machines do).</summary>
    private bool ImplementsAsyncStateMachine(TypeDefinition type)
    {
        foreach (var handle in type.GetInterfaceImplementations())
        {
            var implemented = _reader.GetInterfaceImplementation(handle).Interface;
            if (implemented.Kind == HandleKind.TypeReference
                && MetadataNames.Of(_reader, (TypeReferenceHandle)implemented) == "System.Runtime.CompilerServices.IAsyncStateMachine")
            {
                return true;
            }
        }

        return false;
    }

    public bool TryGetMethod(int token, out MethodFacts facts)
    {
        if (_methods.TryGetValue(token, out facts))
        {
            if (Classify(token, facts.DeclaringCategory) is { } declaring)
            {
                facts = facts with { DeclaringCategory = declaring.Category, Declaring = declaring };
                _methods[token] = facts;
            }

            return true;
        }

        var handle = MetadataTokens.EntityHandle(token);
        if (handle.Kind == HandleKind.MethodSpecification)
        {
            var spec = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
            if (spec.Method.Kind == HandleKind.MethodSpecification || !TryGetMethod(MetadataTokens.GetToken(spec.Method), out facts))
            {
                return false;
            }

            // The generic method's !!n become the instantiation's arguments (worked out once per token).
            var arguments = spec.DecodeSignature(_provider, null);
            facts = facts with
            {
                Parameters = [.. facts.Parameters.Select(p => p.Substitute(default, arguments))],
                Return = facts.Return.Substitute(default, arguments),
            };
            _methods[token] = facts;
            return true;
        }

        return false;
    }

    public bool TryGetField(int token, out FieldFacts facts)
    {
        if (!_fields.TryGetValue(token, out facts))
        {
            return false;
        }

        if (Classify(token, facts.DeclaringCategory) is { } declaring)
        {
            facts = facts with { DeclaringCategory = declaring.Category, Declaring = declaring };
            _fields[token] = facts;
        }

        return true;
    }

    private int DataSize(SignatureShape shape, FieldDefinitionHandle field)
    {
        if (shape.ElementSize > 0)
        {
            return shape.ElementSize;
        }

        var definition = _reader.GetFieldDefinition(field);
        var blob = _reader.GetBlobReader(definition.Signature);
        blob.ReadSignatureHeader();
        var typeCode = blob.ReadSignatureTypeCode();
        if (typeCode == SignatureTypeCode.TypeHandle)
        {
            var typeHandle = blob.ReadTypeHandle();
            if (typeHandle.Kind == HandleKind.TypeDefinition)
            {
                return _reader.GetTypeDefinition((TypeDefinitionHandle)typeHandle).GetLayout().Size;
            }
        }

        return 0;
    }

    private bool IsValueType(TypeDefinition type)
    {
        var baseType = type.BaseType;
        if (baseType.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var name = MetadataNames.Of(_reader, (TypeReferenceHandle)baseType);
        return name is "System.ValueType" or "System.Enum";
    }
}
