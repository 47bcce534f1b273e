using Rampart.Hal.CoreControl;

namespace Rampart.Platform.Loading;

/// <summary>
/// <c>ldftn M; newobj D::.ctor(object, native int)</c>: the runtime does not compare <c>M</c> with
/// <c>D.Invoke</c>, so the checker does (docs/decisions/0160-kernel-cooperative-syscalls.md).
/// </summary>
internal sealed partial class MethodBodyChecker
{
    /// <summary>
    /// The method must take and return what <c>Invoke</c> does (reference types may vary: each of
    /// Invoke's parameters assignable to the method's, the method's return to Invoke's), and the
    /// target must be an object of the method's declaring type for an instance method, null for a
    /// static one, or the first argument of a static one closed over it (an extension method's receiver).
    /// </summary>
    private LoadRefusal CheckDelegate(BodyContext context, int index, IlInstruction instruction, List<Slot> stack)
    {
        if (!_facts.TryGetMethod((int)_code[index - 1].Operand, out var method))
        {
            return Malformed(context, "bad method token");
        }

        if (!_facts.TryGetInvoke((int)instruction.Operand, out var type, out var parameters, out var returns))
        {
            return new LoadRefusal(LoadRefusalReason.FunctionPointer, "delegate of type " + type.Name + " whose Invoke the loader does not know in " + context.Method);
        }

        var bound = stack[^2];
        var skip = 0;
        if (method.HasThis)
        {
            if (!bound.IsObject)
            {
                return Delegate(context, type, method, "its target is not an object");
            }

            var declaring = _classes.Of(method.Declaring);
            if (!_classes.IsAssignable(bound.Class, declaring))
            {
                return Delegate(context, type, method, "its target, a " + _classes.Describe(bound.Class) + ", is not a " + _classes.Describe(declaring) + Unreadable(bound));
            }
        }
        else if (bound is not { Origin: Origin.Other, Class: ClassTable.Null })
        {
            // Closed over the first argument: that argument is the target, and must be an object.
            if (method.Parameters.Length == 0 || method.Parameters[0].IsByRef || method.Parameters[0].Category != ValueCategory.Reference
                || !Fits(method.Parameters[0], bound))
            {
                return Delegate(context, type, method, "a static method's target is not its first argument");
            }

            skip = 1;
        }

        if (method.Parameters.Length - skip != parameters.Length)
        {
            return Delegate(context, type, method, "the parameter count does not match Invoke's");
        }

        for (var k = 0; k < parameters.Length; k++)
        {
            if (!DelegateFits(parameters[k], method.Parameters[k + skip]))
            {
                return Delegate(context, type, method, "parameter " + k + " does not match Invoke's");
            }
        }

        return DelegateFits(method.Return, returns) ? LoadRefusal.None : Delegate(context, type, method, "the return type does not match Invoke's");
    }

    private static LoadRefusal Delegate(BodyContext context, SignatureShape type, MethodFacts method, string what) =>
        new(LoadRefusalReason.FunctionPointer, "delegate " + type.Name + " over " + method.Name + ": " + what + " in " + context.Method);
}
