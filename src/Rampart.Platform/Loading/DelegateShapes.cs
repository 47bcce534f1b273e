using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Rampart.Platform.Loading;

/// <summary>
/// The <c>Invoke</c> signatures of the delegate types defined outside a checked assembly that it
/// may construct (docs/decisions/0160-kernel-cooperative-syscalls.md): the BCL's generic and
/// callback delegates the allow-lists admit, and the kernel ABI's <c>Upcall</c>. A delegate built
/// from <c>ldftn</c> of any other external type is refused, since its <c>Invoke</c> cannot be read
/// from the assembly being checked.
/// </summary>
internal static class DelegateShapes
{
    private static SignatureShape Primitive(PrimitiveTypeCode code) => SignatureShapeProvider.Instance.GetPrimitiveType(code);

    private static SignatureShape Class(string name) => SignatureShape.Plain(name, 0, ValueCategory.Reference);

    /// <summary>The <c>Invoke</c> of <paramref name="type"/> (its name and type arguments), when it is a known external delegate.</summary>
    public static bool TryGetInvoke(SignatureShape type, out SignatureShape[] parameters, out SignatureShape returns)
    {
        var arguments = type.Arguments.IsDefault ? ImmutableArray<SignatureShape>.Empty : type.Arguments;
        var generic = type.Name.IndexOf('`', StringComparison.Ordinal);
        var name = generic < 0 ? type.Name : type.Name[..generic];
        returns = Primitive(PrimitiveTypeCode.Void);
        parameters = [];
        switch (name)
        {
            case "System.Action":
                parameters = [.. arguments];
                return true;
            case "System.Func" when arguments.Length > 0:
                parameters = [.. arguments[..^1]];
                returns = arguments[^1];
                return true;
            case "System.Predicate" when arguments.Length == 1:
                parameters = [arguments[0]];
                returns = Primitive(PrimitiveTypeCode.Boolean);
                return true;
            case "System.Comparison" when arguments.Length == 1:
                parameters = [arguments[0], arguments[0]];
                returns = Primitive(PrimitiveTypeCode.Int32);
                return true;
            case "System.Converter" when arguments.Length == 2:
                parameters = [arguments[0]];
                returns = arguments[1];
                return true;
            case "System.Threading.SendOrPostCallback" when arguments.Length == 0:
                parameters = [Primitive(PrimitiveTypeCode.Object)];
                return true;
            case "System.EventHandler" when arguments.Length == 0:
                parameters = [Primitive(PrimitiveTypeCode.Object), Class("System.EventArgs")];
                return true;
            case "System.EventHandler" when arguments.Length == 1:
                parameters = [Primitive(PrimitiveTypeCode.Object), arguments[0]];
                return true;
            case "Rampart.Kernel.Abi.Upcall" when arguments.Length == 0:
                parameters = [SignatureShape.Plain("Rampart.Kernel.Abi.UpcallArgs", 0, ValueCategory.Value)];
                return true;
            default:
                return false;
        }
    }
}
