using System.Reflection.Metadata;

namespace Rampart.Platform.Loading;

/// <summary>What the body checker needs to know about a method token (<paramref name="Declaring"/>: the type it is a member of, as the token names it).</summary>
internal readonly record struct MethodFacts(
    string Name,
    int ParameterCount,
    bool HasThis,
    bool ReturnsVoid,
    bool ReturnsByRef,
    bool IsPointerSpanCtor,
    bool IsReadOnlySpan,
    int SpanElementSize,
    bool IsDelegateCtorShape,
    bool[] ParameterIsByRef,
    bool ReturnsNative,
    bool IsAwaiterResult,
    SignatureShape[] Parameters,
    SignatureShape Return,
    ValueCategory DeclaringCategory,
    SignatureShape Declaring);

/// <summary>What the body checker needs to know about a field token (<paramref name="Declaring"/>: the type it is a member of, as the token names it).</summary>
internal readonly record struct FieldFacts(
    string Name,
    bool IsStatic,
    bool IsInitOnly,
    bool IsExternal,
    bool IsConstantData,
    int DataSize,
    bool IsByRefType,
    TypeDefinitionHandle DeclaringType,
    SignatureShape Type,
    ValueCategory DeclaringCategory,
    SignatureShape Declaring);

/// <summary>Token lookups the body checker asks of the assembly checker.</summary>
internal interface IMetadataFacts
{
    bool TryGetMethod(int token, out MethodFacts facts);

    bool TryGetField(int token, out FieldFacts facts);

    /// <summary>The type a type token (TypeDef, TypeRef, TypeSpec) names; null for anything else.</summary>
    SignatureShape? TypeOf(int token);

    /// <summary>For a delegate constructor token: the delegate type and its <c>Invoke</c> signature, when known.</summary>
    bool TryGetInvoke(int constructorToken, out SignatureShape delegateType, out SignatureShape[] parameters, out SignatureShape returns);
}
